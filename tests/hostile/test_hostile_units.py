"""Issue 13 stage by stage: long texts in sections, JSON limits, special files, lone
surrogates, ids that reveal no redacted text, metadata redaction, CSV cells, the URL
deadline and concurrent schema setup."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hostile_corpus import ENGLISH, long_article
from spacy.language import Language

from rashomon.api import analyse_text
from rashomon.config import Settings
from rashomon.errors import (
    ARTICLE_TOO_LONG,
    MALFORMED_JSONL,
    SPECIAL_FILE,
    URL_UNREACHABLE,
    InputError,
)
from rashomon.ingest import article_id, fetch_url, read_inputs, read_jsonl
from rashomon.ingest.jsonl import JsonLimitError, load_json_line
from rashomon.ingest.text import build_article
from rashomon.model import Article, Skipped
from rashomon.parse import parse_articles
from rashomon.parse.pipeline import LONG_SENTENCE_HARD, LONG_SENTENCE_SOFT, split_sections
from rashomon.present.spreadsheet import render_csv, safe_cell
from rashomon.redact import redact_article

# --- long texts ---------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [7, 60, 500])
def test_hostile_sections_join_back(limit: int) -> None:
    texts = [long_article(3_000), "x" * 1_000, "a  b\n\n\n  c. d " * 80, "\n" * 50]
    for text in texts:
        pieces = split_sections(text, limit)
        assert "".join(pieces) == text
        assert all(0 < len(piece) <= limit for piece in pieces)


def test_hostile_sections_cut_at_paragraphs() -> None:
    text = long_article(3_000)
    assert all(piece.endswith("\n\n") for piece in split_sections(text, 1_000)[:-1])


def test_hostile_long_article_parsed_in_sections(nlp: Language) -> None:
    text = long_article(4_000)
    article = build_article(text, origin="long", settings=Settings())
    whole = next(parse_articles([article], nlp)).doc
    (parsed,) = parse_articles([article], nlp, section_chars=1_000)
    assert parsed.doc.text == text
    assert [t.text for t in parsed.doc] == [t.text for t in whole]
    assert [s.start_char for s in parsed.doc.sents] == [s.start_char for s in whole.sents]


def test_hostile_run_on_sentence_is_cut(nlp: Language) -> None:
    # a crawled list or fuzzed text with no sentence end: per-sentence steps would be
    # quadratic in its length, so it is cut after a comma past LONG_SENTENCE_SOFT tokens
    text = "Officials said" + ", he said".join(f" {i} people were killed" for i in range(200))
    article = Article(id="x", text=text, parts=())
    (parsed,) = parse_articles([article], nlp)
    longest = max(len(s) for s in parsed.doc.sents)
    assert LONG_SENTENCE_SOFT <= longest <= LONG_SENTENCE_HARD
    analysis = analyse_text(text, nlp=nlp, settings=Settings())
    assert len(analysis.figures) == 200


def test_hostile_news_sentences_are_not_cut(nlp: Language) -> None:
    text = (
        "The strike on the Velmar depot killed 12 people, the regional police said, "
        "adding that 30 more were wounded and that rescuers, firefighters and volunteers "
        "were still searching the rubble late on Monday. A second paragraph follows."
    )
    article = Article(id="y", text=text, parts=())
    (parsed,) = parse_articles([article], nlp)
    assert [s.text.split()[0] for s in parsed.doc.sents] == ["The", "A"]


def test_hostile_text_over_spacy_max_length_is_parsed(nlp: Language) -> None:
    text = long_article(1_000_100)  # over spaCy's max_length of 1,000,000
    article = Article(id="x", text=text, parts=())
    small = nlp.select_pipes(enable=["tok2vec"])  # tokens only: the length is what matters
    try:
        (parsed,) = parse_articles([article], nlp)
    finally:
        small.restore()
    assert parsed.doc.text == text


def test_hostile_article_over_max_chars_is_refused() -> None:
    with pytest.raises(InputError) as error:
        build_article(ENGLISH * 10, origin="a.txt", settings=Settings(max_article_chars=500))
    assert error.value.code == ARTICLE_TOO_LONG
    assert "over the limit of 500 for one article" in error.value.message


# --- JSON limits, special files -----------------------------------------------------------


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"[" * 100_000 + b"]" * 100_000, "nest deeper than 64 levels"),
        (b'{"a": ' * 65 + b"1" + b"}" * 65, "nest deeper than 64 levels"),
        (b'{"text": "x", "n": ' + b"7" * 5_000 + b"}", "a number has 5,000 characters"),
        (b'{"n": 1.' + b"5" * 100 + b"}", "a number has 102 characters"),
    ],
)
def test_hostile_json_limits(raw: bytes, message: str) -> None:
    with pytest.raises(JsonLimitError, match=message):
        load_json_line(raw)


def test_hostile_json_brackets_in_strings_do_not_count() -> None:
    text = "[" * 10_000
    assert load_json_line(json.dumps({"text": text}).encode()) == {"text": text}


def test_hostile_bad_lines_skip_only_themselves(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    deep = '{"id": "deep", "x": ' + "[" * 5_000 + "]" * 5_000 + ', "text": "t"}'
    path.write_text(deep + "\n" + json.dumps({"id": "ok", "text": ENGLISH}) + "\n")
    first, second = read_jsonl(path, Settings())
    assert isinstance(first, Skipped) and first.code == MALFORMED_JSONL
    assert first.article_id is None  # never parsed, not even for its id
    assert isinstance(second, Article) and second.id == "ok"


def test_hostile_special_files_are_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    started = time.monotonic()
    results = list(read_inputs([str(fifo), "/dev/zero", "/dev/null"], Settings()))
    assert time.monotonic() - started < 5
    assert [r.code for r in results if isinstance(r, Skipped)] == [SPECIAL_FILE] * 3


# --- every text the API accepts -----------------------------------------------------------


@pytest.mark.parametrize("odd", ["\ud965", "\udc00\ud800", "\ud83d"])
def test_hostile_lone_surrogates_are_replaced(odd: str, nlp: Language) -> None:
    text = ENGLISH + f"The spokesman said {odd} the road was open."
    analysis = analyse_text(text, nlp=nlp)
    assert len(analysis.article.text) == len(text)
    assert "\ufffd" in analysis.article.text
    analysis.article.text.encode("utf-8")  # strict: nothing unencodable left
    assert article_id(text) == analysis.article.id


# --- ids and metadata reveal nothing of redacted text -------------------------------------

ISRAELI_ID = "207775032"  # valid check digit


def test_hostile_id_is_hash_of_redacted_text() -> None:
    text = f"{ENGLISH}The suspect, ID number {ISRAELI_ID}, was released, police said."
    other = text.replace(ISRAELI_ID, "039337423")  # another valid ID
    assert article_id(text) == article_id(other)  # so a guess cannot be checked against it
    assert article_id(text) == article_id(redact_article(Article(id="", text=text, parts=())).text)
    assert article_id(ENGLISH) != article_id(text)


def test_hostile_given_id_with_personal_data_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    lines = [
        {"id": "jane.doe@example.com", "text": ENGLISH},
        {"id": "story-17", "text": ENGLISH + "More."},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    first, second = read_jsonl(path, Settings())
    assert isinstance(first, Article) and first.id == article_id(ENGLISH)
    assert isinstance(second, Article) and second.id == "story-17"
    (kept,) = [r for r in read_jsonl(path, Settings(redact=False))][:1]
    assert isinstance(kept, Article) and kept.id == "jane.doe@example.com"


def test_hostile_metadata_is_redacted() -> None:
    article = Article(
        id="a1",
        text=ENGLISH,
        parts=(),
        outlet="Tips: jane.doe@example.com",
        url="https://news.example/story?phone=+972-52-555-1234",
        origin="https://news.example/story?phone=+972-52-555-1234",
    )
    redacted = redact_article(article)
    for value in (redacted.outlet, redacted.url, redacted.origin):
        assert value is not None
        assert "jane" not in value and "555" not in value
    assert redact_article(
        Article(id="a", text=ENGLISH, parts=(), origin="/d/1234567.txt")
    ).origin == ("/d/1234567.txt")


# --- CSV cells ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("-5", "-5"),
        (-5, "-5"),
        ("+3.5", "+3.5"),
        ("Health Ministry", "Health Ministry"),
        (None, ""),
    ],
)
def test_hostile_csv_cells(value: object, expected: str) -> None:
    assert safe_cell(value) == expected


def test_hostile_render_csv() -> None:
    assert render_csv([["outlet", "n"], ["=1+1", 3]]) == "outlet,n\n'=1+1,3\n"


# --- URL deadline -------------------------------------------------------------------------


class Trickle(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        for _ in range(40):
            self.wfile.write(b"a")
            self.wfile.flush()
            time.sleep(0.1)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def trickle() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_hostile_url_deadline(trickle: str) -> None:
    settings = Settings(allow_private_urls=True, url_timeout=5.0, url_deadline=1.0)
    started = time.monotonic()
    with pytest.raises(InputError) as error:
        fetch_url(trickle, settings)
    assert time.monotonic() - started < 3
    assert error.value.code == URL_UNREACHABLE
    assert "took more than 1 s in all" in error.value.message


# --- schema setup under concurrent ingests ------------------------------------------------

OPEN = "import sys; from rashomon.store import open_store; open_store(sys.argv[1]).close()"


def test_hostile_concurrent_schema_setup(tmp_path: Path) -> None:
    for trial in range(3):
        url = f"sqlite:///{tmp_path / f'new{trial}.db'}"
        children = [
            subprocess.Popen([sys.executable, "-c", OPEN, url], stderr=subprocess.PIPE)
            for _ in range(3)
        ]
        errors = [child.communicate(timeout=60)[1] for child in children]
        assert [child.returncode for child in children] == [0, 0, 0], errors
