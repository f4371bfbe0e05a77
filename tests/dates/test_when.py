"""dates: the publication date (metadata or inferred) and normalised time expressions.

Fictional sentences with a fixed publication date, Friday 15 March 2024; the seed article
(../shared/seed) for the real case.
"""

from __future__ import annotations

import re
import time
from datetime import date

import pytest
from spacy.language import Language

from rashomon.config import Settings
from rashomon.dates import extract_times, infer_published
from rashomon.ingest import read_inputs
from rashomon.model import Article, Part, PartKind, Precision, PublishedSource, TimeExpression
from rashomon.parse import ParsedArticle
from support import shared_path

PUBLISHED = date(2024, 3, 15)  # a Friday
TODAY = date(2026, 1, 1)  # fixed, so the year search does not move with the clock


def _article(text: str, *, published: date | None = None, parts: tuple[Part, ...] = ()) -> Article:
    return Article(
        id="t",
        text=text,
        parts=parts or (Part(PartKind.BODY, 0, len(text)),),
        published=published,
        published_source=PublishedSource.METADATA if published else None,
    )


def _times(nlp: Language, text: str, published: date | None = PUBLISHED) -> list[TimeExpression]:
    article = _article(text)
    return extract_times(ParsedArticle(article, nlp(text)), published)


def _one(times: list[TimeExpression], piece: str) -> TimeExpression:
    found = [t for t in times if piece in t.text.text]
    assert len(found) == 1, f"{piece!r} in {[t.text.text for t in times]}"
    return found[0]


# --- points ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece", "value", "precision", "derived_from"),
    [
        # a weekday is the latest such day on or before the article date, same day included
        ("The depot was shelled on Friday.", "Friday", "2024-03-15", Precision.DAY, "weekday"),
        ("The depot was shelled on Thursday.", "Thursday", "2024-03-14", Precision.DAY, "weekday"),
        ("The depot was shelled on Saturday.", "Saturday", "2024-03-09", Precision.DAY, "weekday"),
        ("Talks collapsed last Friday.", "last Friday", "2024-03-08", Precision.DAY, "weekday"),
        (
            "Villagers fled the hamlet on Tuesday night.",
            "Tuesday night",
            "2024-03-12",
            Precision.PART_OF_DAY,
            "weekday:night",
        ),
        (
            "In the early hours of Friday, drones struck the old bridge.",
            "the early hours of Friday",
            "2024-03-15",
            Precision.PART_OF_DAY,
            "weekday:early_hours",
        ),
        # clock times fall on the anchor day: here the article date
        ("The ferry sank at 2:30 am.", "2:30 am", "2024-03-15T02:30", Precision.MINUTE, "anchor"),
        (
            "At precisely 4:15 pm, the gates of the mill opened.",
            "At precisely 4:15 pm",
            "2024-03-15T16:15",
            Precision.MINUTE,
            "anchor",
        ),
        ("The siren sounded at 9 pm.", "9 pm", "2024-03-15T21:00", Precision.HOUR, "anchor"),
        # relative to the article date
        (
            "The march through Velmora began last week.",
            "last week",
            "2024-03-04",
            Precision.WEEK,
            "relative",
        ),
        ("The mayor of Velmora resigned today.", "today", "2024-03-15", Precision.DAY, "relative"),
        (
            "The mayor of Velmora resigned yesterday.",
            "yesterday",
            "2024-03-14",
            Precision.DAY,
            "relative",
        ),
        (
            "The convoy left Velmora two days ago.",
            "two days ago",
            "2024-03-13",
            Precision.DAY,
            "relative",
        ),
        ("The harvest failed last month.", "last month", "2024-02-01", Precision.MONTH, "relative"),
        # month and day without a year: the article's year, read in the past
        (
            "Prisoners were freed on November 24.",
            "November 24",
            "2023-11-24",
            Precision.DAY,
            "month_day",
        ),
        ("Prisoners were freed on March 2.", "March 2", "2024-03-02", Precision.DAY, "month_day"),
        (
            "No aid has entered since October 7.",
            "since October 7",
            "2023-10-07",
            Precision.DAY,
            "month_day:since",
        ),
        (
            "As of Friday, March 15, the border stays shut.",
            "Friday, March 15",
            "2024-03-15",
            Precision.DAY,
            "month_day:as_of",
        ),
        # explicit dates need no article date
        (
            "The pact was signed on 17 October 2021.",
            "17 October 2021",
            "2021-10-17",
            Precision.DAY,
            "explicit",
        ),
        (
            "The dam was finished in March 2019.",
            "March 2019",
            "2019-03-01",
            Precision.MONTH,
            "explicit",
        ),
        (
            "The port has been closed since 2019.",
            "since 2019",
            "2019-01-01",
            Precision.YEAR,
            "explicit:since",
        ),
        (
            "The levee broke in the summer of 2014.",
            "summer of 2014",
            "2014-01-01",
            Precision.YEAR,
            "explicit:summer",
        ),
        # no rule reads it: dateparser does
        (
            "The dam was inspected in the year 2019.",
            "the year 2019",
            "2019-01-01",
            Precision.YEAR,
            "dateparser",
        ),
    ],
)
def test_when_points(
    nlp: Language, text: str, piece: str, value: str, precision: Precision, derived_from: str
) -> None:
    found = _one(_times(nlp, text), piece)
    assert (found.value, found.precision, found.derived_from, found.duration) == (
        value,
        precision,
        derived_from,
        None,
    )


# --- durations ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece", "duration", "derived_from"),
    [
        (
            "The siege lasted for over two months.",
            "for over two months",
            "P2M",
            "duration:at_least",
        ),
        (
            "Repairs will take three to four weeks.",
            "three to four weeks",
            "P3W/P4W",
            "duration:range",
        ),
        ("The truce held for only seven days.", "seven days", "P7D", "duration"),
        ("The curfew lasted 48 hours.", "48 hours", "PT48H", "duration"),
        (
            "The blockade of Velmora lasted nearly a year.",
            "nearly a year",
            "P1Y",
            "duration:at_most",
        ),
        ("They agreed a seven-day truce.", "seven-day", "P7D", "duration"),
        ("Fighting went on for several weeks.", "for several weeks", "P3W/P7W", "duration:vague"),
        ("Rebels held the pass for months.", "for months", "P2M", "duration:vague"),
        # the verb stays outside the span
        ("The siege of Velmora lasted a week.", "a week", "P1W", "duration"),
    ],
)
def test_when_durations_stay_durations(
    nlp: Language, text: str, piece: str, duration: str, derived_from: str
) -> None:
    found = _one(_times(nlp, text), piece)
    assert (found.text.text, found.value, found.precision, found.duration) == (
        piece,
        None,
        None,
        duration,
    )
    assert found.derived_from == derived_from


# --- never time expressions -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "A 25-year-old farmer from Velmora was detained.",
        "The medics treated a 3-month-old baby.",
        "He carried an identity card numbered 318822044.",
        "His card, numbered [ID#####], was found near the well.",
        "Delegates praised the Vision 2030 plan of the ministry.",
        "The Expo 2020 pavilion of Velmora was closed.",
        "Patrols pass the well once a week.",  # a frequency, not a time
    ],
)
def test_when_rejects_ages_ids_masks_and_years_in_names(nlp: Language, text: str) -> None:
    assert _times(nlp, text) == []


# --- anchors and the previous time ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece", "value", "precision", "derived_from"),
    [
        # the closest preceding day in the paragraph anchors a clock time
        (
            "The raid on the mill began on Wednesday. At 4 pm, the soldiers withdrew.",
            "At 4 pm",
            "2024-03-13T16:00",
            Precision.HOUR,
            "anchor",
        ),
        # in another paragraph the article date anchors it
        (
            "The raid on the mill began on Wednesday.\n\nAt 4 pm, the soldiers withdrew.",
            "At 4 pm",
            "2024-03-15T16:00",
            Precision.HOUR,
            "anchor",
        ),
        (
            "The raid began on Wednesday. In the early hours, the soldiers withdrew.",
            "In the early hours",
            "2024-03-13",
            Precision.PART_OF_DAY,
            "anchor:early_hours",
        ),
        # "hours later" counts from the previous time
        (
            "At 2:30 am, the ferry sank. Hours later, divers reached the wreck.",
            "Hours later",
            "2024-03-15",
            Precision.DAY,
            "relative:previous",
        ),
        (
            "At 2:30 am, the ferry sank. Two hours later, divers reached the wreck.",
            "Two hours later",
            "2024-03-15T04:30",
            Precision.HOUR,
            "relative:previous",
        ),
        (
            "The bridge was bombed on Monday. The next day, the bridge collapsed.",
            "The next day",
            "2024-03-12",
            Precision.DAY,
            "relative:previous",
        ),
        (
            "The dam was finished in March 2019. Two days later, it cracked.",
            "Two days later",
            "2019-03-01",
            Precision.MONTH,
            "relative:previous",
        ),
    ],
)
def test_when_anchor_and_previous(
    nlp: Language, text: str, piece: str, value: str, precision: Precision, derived_from: str
) -> None:
    found = _one(_times(nlp, text), piece)
    assert (found.value, found.precision, found.derived_from) == (value, precision, derived_from)


@pytest.mark.parametrize(
    ("text", "piece", "value", "precision", "derived_from"),
    [
        # GMT and UTC stay in the value as "Z", and the day after the zone is read
        (
            "The depot burned at around 5pm GMT on Tuesday, the agency said.",
            "at around 5pm GMT on Tuesday",
            "2024-03-12T17:00Z",
            Precision.HOUR,
            "weekday:approximate",
        ),
        (
            "The depot burned at 14:30 UTC.",
            "at 14:30 UTC",
            "2024-03-15T14:30Z",
            Precision.MINUTE,
            "anchor",
        ),
        (
            "The depot burned at around 1700 GMT Tuesday.",
            "1700 GMT Tuesday",
            "2024-03-12T17:00Z",
            Precision.MINUTE,
            "weekday",
        ),
        # local time is the place's own: no zone in the value
        (
            "The depot burned at 14:30 local time.",
            "at 14:30 local time",
            "2024-03-15T14:30",
            Precision.MINUTE,
            "anchor",
        ),
        # "that day" is the day talked about, not the day someone said something
        (
            "The mill burned on March 3, the agency said Sunday.\n\nAt 6:59 p.m. that day, "
            "a shell hit the yard.",
            "At 6:59 p.m. that day",
            "2024-03-03T18:59",
            Precision.MINUTE,
            "that_day",
        ),
        (
            "The raid on the mill began on Wednesday. At 4 pm that same day, the soldiers left.",
            "At 4 pm that same day",
            "2024-03-13T16:00",
            Precision.HOUR,
            "that_day",
        ),
    ],
)
def test_when_clock_zone_and_that_day(
    nlp: Language, text: str, piece: str, value: str, precision: Precision, derived_from: str
) -> None:
    found = _one(_times(nlp, text), piece)
    assert (found.value, found.precision, found.derived_from) == (value, precision, derived_from)


@pytest.mark.parametrize(
    ("text", "piece", "value", "derived_from"),
    [
        ("The depot was shelled on Friday.", "Friday", None, "weekday"),
        ("The ferry sank at 2:30 am.", "2:30 am", None, "anchor"),
        ("The pact was signed on 17 October 2021.", "17 October 2021", "2021-10-17", "explicit"),
    ],
)
def test_when_without_publication_date_only_explicit_dates_are_placed(
    nlp: Language, text: str, piece: str, value: str | None, derived_from: str
) -> None:
    found = _one(_times(nlp, text, published=None), piece)
    assert (found.value, found.derived_from) == (value, derived_from)


@pytest.mark.parametrize(
    "text", ["The sluice gates opened at dawn on Tuesday, then again on Thursday."]
)
def test_when_spans_are_in_text_order_and_point_into_the_text(nlp: Language, text: str) -> None:
    times = _times(nlp, text)
    assert [t.text.start for t in times] == sorted(t.text.start for t in times)
    assert all(text[t.text.start : t.text.end] == t.text.text for t in times)
    assert [(t.value, t.precision) for t in times] == [
        ("2024-03-12", Precision.PART_OF_DAY),
        ("2024-03-14", Precision.DAY),
    ]


# --- publication date -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        # Tuesday, March 12 fits 2024, 2019, 2013...: the latest year not after today
        (
            "As of Tuesday, March 12, the river had flooded the valley since January 3.",
            TODAY,
            date(2024, 3, 12),
        ),
        (
            "As of Tuesday, March 12, the river had flooded the valley since January 3.",
            date(2024, 3, 1),
            date(2019, 3, 12),
        ),
        # a full date decides directly
        ("The accord was signed on 17 October 2021 in Velmora.", TODAY, date(2021, 10, 17)),
        # yearless dates take the full date's year; the latest one is the article date
        (
            "The dam opened on 2 May 2022. On Wednesday, June 1, it cracked.",
            TODAY,
            date(2022, 6, 1),
        ),
    ],
)
def test_when_infer_published_from_text(
    nlp: Language, text: str, today: date, expected: date
) -> None:
    published, source, reason = infer_published(_article(text), nlp(text), today=today)
    assert (published, source) == (expected, PublishedSource.INFERRED)
    assert reason and "\n" not in reason


@pytest.mark.parametrize(
    "text",
    [
        "Rains flooded the valley on Tuesday.",  # a weekday alone fixes no year
        "Prisoners were freed on November 24 and March 2.",  # nor do yearless dates
        "The valley has been flooded for weeks.",
    ],
)
def test_when_infer_published_gives_up_with_a_reason(nlp: Language, text: str) -> None:
    published, source, reason = infer_published(_article(text), nlp(text), today=TODAY)
    assert (published, source) == (None, None)
    assert reason


@pytest.mark.parametrize(
    "text", ["As of Tuesday, March 12, the river had flooded the valley of Velmora."]
)
def test_when_metadata_wins(nlp: Language, text: str) -> None:
    article = _article(text, published=date(2020, 1, 1))
    assert infer_published(article, nlp(text), today=TODAY) == (
        date(2020, 1, 1),
        PublishedSource.METADATA,
        "metadata: 2020-01-01",
    )


@pytest.mark.parametrize(
    ("body", "comment"),
    [("As of Tuesday, March 12, the valley was flooded.", "I wrote this on 3 April 2025.")],
)
def test_when_reader_comments_do_not_date_the_article(
    nlp: Language, body: str, comment: str
) -> None:
    text = f"{body}\n\n{comment}"
    parts = (
        Part(PartKind.BODY, 0, len(body)),
        Part(PartKind.COMMENT, len(body) + 2, len(text), index=1),
    )
    article = _article(text, parts=parts)
    published, source, _ = infer_published(article, nlp(text), today=TODAY)
    assert (published, source) == (date(2024, 3, 12), PublishedSource.INFERRED)


# --- the seed article -----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(nlp: Language) -> tuple[ParsedArticle, date | None, PublishedSource | None]:
    path = shared_path("seed", "000_0f229ec772c65aaf.txt")
    (article,) = list(read_inputs([str(path)], Settings()))
    assert isinstance(article, Article)
    parsed = ParsedArticle(article, nlp(article.text))
    published, source, _ = infer_published(article, parsed.doc, today=TODAY)
    return parsed, published, source


def test_when_seed_published_is_inferred(
    seed: tuple[ParsedArticle, date | None, PublishedSource | None],
) -> None:
    _, published, source = seed
    assert (published, source) == (date(2023, 12, 8), PublishedSource.INFERRED)


@pytest.mark.parametrize(
    ("piece", "value", "precision", "duration"),
    [
        ("the early hours of Friday", "2023-12-08", Precision.PART_OF_DAY, None),
        ("At precisely 2:30 am", "2023-12-08T02:30", Precision.MINUTE, None),
        ("November 24", "2023-11-24", Precision.DAY, None),
        ("October 7", "2023-10-07", Precision.DAY, None),
        ("Friday, December 8", "2023-12-08", Precision.DAY, None),
        ("seven days", None, None, "P7D"),
        ("three to four weeks", None, None, "P3W/P4W"),
        ("over two months", None, None, "P2M"),
    ],
)
def test_when_seed_times(
    seed: tuple[ParsedArticle, date | None, PublishedSource | None],
    piece: str,
    value: str | None,
    precision: Precision | None,
    duration: str | None,
) -> None:
    parsed, published, _ = seed
    found = _one(extract_times(parsed, published), piece)
    assert (found.value, found.precision, found.duration) == (value, precision, duration)


def test_when_seed_age_and_id_are_not_times(
    seed: tuple[ParsedArticle, date | None, PublishedSource | None],
) -> None:
    parsed, published, _ = seed
    texts = [t.text.text for t in extract_times(parsed, published)]
    assert not [t for t in texts if "year-old" in t or re.search(r"\d{5}", t)]


def test_when_seed_is_fast(seed: tuple[ParsedArticle, date | None, PublishedSource | None]) -> None:
    """A few ms per article: the rules read the seed, dateparser is never loaded for it."""
    parsed, published, _ = seed
    best = min(_timed(parsed, published) for _ in range(5))
    assert best < 0.05, f"{best * 1000:.1f} ms"


def _timed(parsed: ParsedArticle, published: date | None) -> float:
    start = time.perf_counter()
    infer_published(parsed.article, parsed.doc, today=TODAY)
    extract_times(parsed, published)
    return time.perf_counter() - start
