"""Wire copies: fictional stories, then the al-Ahli corpus with the dev distractors."""

from __future__ import annotations

from datetime import date
from itertools import combinations, product

import pytest

from rashomon.config import Settings
from rashomon.ingest import read_inputs
from rashomon.link import detect_agency, find_copies
from rashomon.link.syndication import may_copy, may_copy_pairs, signature_of
from rashomon.model import Article, Part, PartKind
from support import shared_path

STORY = (
    "Officials in the fictional port of Velmora said on Monday that a fire had destroyed "
    "three warehouses near the old harbour overnight. The harbour master told reporters that "
    "no one had been hurt but that the damage would take months to repair. Firefighters "
    "from two neighbouring towns worked until dawn to keep the flames away from a fuel depot. "
    "The cause of the fire was not yet known, the mayor's office said in a statement."
)
OTHER = (
    "A new bridge over the river Almsk opened to traffic on Tuesday after six years of "
    "construction delays and two changes of contractor. The transport minister cut a ribbon "
    "and promised that tolls would stay low for the first year, while residents complained "
    "about the noise of the lorries that now pass their homes at night."
)


def article(
    id_: str, body: str, *, published: date | None = None, outlet: str | None = None
) -> Article:
    return Article(
        id=id_,
        text=body,
        parts=(Part(PartKind.BODY, 0, len(body)),),
        published=published,
        outlet=outlet,
    )


def pairs(groups: list[tuple[str, ...]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for g in groups for p in combinations(g, 2)}  # type: ignore[misc]


@pytest.mark.parametrize(
    "variant",
    [
        STORY.replace(",", "").replace("'", "’") + " (XYZ/AFP)",  # punctuation and tag
        "VELMORA (AFP) — " + STORY + " More details emerged later. Two warehouses belonged to "
        "a shipping firm, which said it was insured. Police said they had opened an inquiry "
        "and asked witnesses to come forward with any videos of the night.",  # longer update
        STORY.replace("Monday", "Tuesday").replace("three", "four"),  # small edits
    ],
)
def test_find_copies_groups_copies_and_updates(variant: str) -> None:
    articles = [
        article("a", STORY, published=date(2023, 5, 2)),
        article("b", OTHER, published=date(2023, 5, 1)),
        article("c", variant, published=date(2023, 5, 1)),
    ]
    (group,) = find_copies(articles)
    assert group.article_ids == ("a", "c")
    assert group.original_id == "c"
    assert group.id == "copy-1"
    assert 0.0 < group.similarity <= 1.0


@pytest.mark.parametrize(
    "published, expected",
    [
        ((None, date(2023, 1, 2)), "b"),
        ((date(2023, 1, 2), date(2023, 1, 2)), "a"),
        ((None, None), "a"),
    ],
)
def test_find_copies_original_is_earliest_dated_then_input_order(
    published: tuple[date | None, date | None], expected: str
) -> None:
    articles = [
        article("a", STORY, published=published[0]),
        article("b", STORY, published=published[1]),
    ]
    assert find_copies(articles)[0].original_id == expected


@pytest.mark.parametrize(
    "texts",
    [
        (STORY, OTHER),
        # sharing one sentence (a quoted statement) is not copying
        (STORY, OTHER + " The cause of the fire was not yet known, the mayor's office said."),
        ("Too short to tell.", "Too short to tell."),
    ],
)
def test_find_copies_keeps_different_stories_apart(texts: tuple[str, str]) -> None:
    assert find_copies([article("a", texts[0]), article("b", texts[1])]) == []


@pytest.mark.parametrize("threshold", [0.0, 1.5])
def test_find_copies_rejects_bad_threshold(threshold: float) -> None:
    with pytest.raises(ValueError, match="threshold"):
        find_copies([], threshold=threshold)


@pytest.mark.parametrize(
    "body, outlet, expected",
    [
        ("VELMORA (AFP) - Fire destroyed warehouses.", None, "AFP"),
        ("VELMORA, May 2 (Reuters) - Fire destroyed warehouses.", None, "Reuters"),
        ("(AP) — Fire destroyed warehouses.", None, "AP"),
        ("Fire destroyed warehouses, officials said. (BSS/AFP)", None, "AFP"),
        ("Fire destroyed warehouses, officials said.\n— Reuters", None, "Reuters"),
        ("Fire destroyed warehouses.", "Harbour Times (NAN)", "NAN"),
        ("Copyright 2023 The Associated Press. All rights reserved.", None, "AP"),
        ("The mayor told the Associated Press that the fire was out.", None, None),
        ("A photo of the harbour, May 2, 2023. (Reuters)\nFire destroyed warehouses.", None, None),
        ("Fire destroyed warehouses.", None, None),
    ],
)
def test_detect_agency(body: str, outlet: str | None, expected: str | None) -> None:
    assert detect_agency(article("a", body, outlet=outlet)) == expected


def test_find_copies_names_agency_from_any_member() -> None:
    articles = [article("a", STORY), article("b", STORY + " (AFP)"), article("c", OTHER)]
    assert find_copies(articles)[0].agency == "AFP"


def test_find_copies_al_ahli_corpus_with_distractors() -> None:
    paths = [
        str(shared_path("corpora", "al-ahli-hospital-2023.jsonl")),
        str(shared_path("corpora", "dev-distractors.jsonl")),
    ]
    articles = [a for a in read_inputs(paths, Settings()) if isinstance(a, Article)]
    assert len(articles) == 29
    groups = find_copies(articles)
    gold = pairs(
        [
            ("ahli-manilabulletin-afp-20231018", "ahli-dailybusinessnews-afp"),
            ("ahli-cna-afp-20231020", "ahli-almonitor-afp"),
        ]
    )
    assert pairs([g.article_ids for g in groups]) == gold  # pair precision and recall 1.0
    assert [(g.original_id, g.agency) for g in groups] == [
        ("ahli-manilabulletin-afp-20231018", "AFP"),
        ("ahli-cna-afp-20231020", "AFP"),
    ]


def test_may_copy_pairs_is_may_copy_of_each_pair() -> None:
    """The pairs compared at once (linking new articles against stored neighbours) give
    exactly ``may_copy``'s answers, a signature without a MinHash included."""
    paths = [
        str(shared_path("corpora", "al-ahli-hospital-2023.jsonl")),
        str(shared_path("corpora", "dev-distractors.jsonl")),
    ]
    articles = [a for a in read_inputs(paths, Settings()) if isinstance(a, Article)]
    articles += [article("short", "Too short to sign."), article("story", STORY)]
    signatures = [signature_of(a) for a in articles]
    assert any(s.minhash is None for s in signatures)
    pairs = list(product(signatures, repeat=2))
    answers = may_copy_pairs(pairs)
    assert answers == [may_copy(left, right) for left, right in pairs]
    assert sum(answers) > len(signatures)  # copies found beyond each article with itself
    assert may_copy_pairs([]) == []


def test_word_hashes_are_each_words_blake2b_in_order() -> None:
    """Stored signatures depend on these values: each token's 8-byte BLAKE2b, little-endian,
    in token order, the same from a fresh hasher and from one that has seen the words."""
    import hashlib

    import numpy as np

    from rashomon.link.shingles import WordHasher, shingle_hashes

    tokens = ["the", "army", "said", "the", "strike", "hit", "ſchool", "école", "army"]
    want = [
        int.from_bytes(hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest(), "little")
        for t in tokens
    ]
    hasher = WordHasher()
    for _ in range(2):
        got = hasher(tokens)
        assert got.dtype == np.uint64
        assert got.tolist() == want
    assert hasher([]).shape == (0,)
    assert len(shingle_hashes(tokens, WordHasher())) == len(tokens) - 4
