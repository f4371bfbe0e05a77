"""The app in-process (TestClient): every page and API route, the error shapes, the
downloads, the security headers, and writes with and without the token."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from spacy.language import Language
from typer.testing import CliRunner
from web_samples import HOSTILE_ID, PAYLOAD_NAME, TOKEN, TestClient, WebStore, make_client

from rashomon import cli
from rashomon.web.server import CSP

runner = CliRunner()


def _cli_json(args: list[str]) -> Any:
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _json_error(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["ok"] is False and body["status"] == status and body["error"]
    message: str = body["error"]
    return message


def _html_error(response: Any, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert f"Error {status}" in response.text and 'id="error-message"' in response.text


# --- pages -------------------------------------------------------------------------------


def test_incidents_page_lists_incidents_with_counts(
    client: TestClient, web_store: WebStore
) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = response.text
    assert f'href="/incidents/{web_store.incident}"' in page
    assert "Old Grain Market" in page and "shelling" in page
    assert "2025-03-11 – 03-12" in page  # the dates
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "<script" not in page  # the payload in a title is not on this page as markup


def test_incidents_page_filters_and_pages(client: TestClient, web_store: WebStore) -> None:
    only = client.get("/", params={"place": "velmar", "type": "shelling", "since": "2025-03-01"})
    assert web_store.incident in only.text and web_store.hostile_incident not in only.text
    none = client.get("/", params={"text": "no such words anywhere"})
    assert "No incidents match." in none.text
    first = client.get("/", params={"per_page": 1, "page": 1})
    assert 'rel="next"' in first.text
    empty_fields = client.get("/", params={"since": "", "until": "", "type": "", "text": ""})
    assert empty_fields.status_code == 200  # a submitted empty form is no filter


def test_incident_page_is_the_ledger_with_timeline(client: TestClient, web_store: WebStore) -> None:
    page = client.get(f"/incidents/{web_store.incident}").text
    for section in ("timeline", "conflicts", "ledger", "changes", "copies", "articles"):
        assert f'id="{section}"' in page
    assert '<svg class="timeline"' in page
    assert "Health Ministry" in page and "at least 41" in page
    assert 'class="conflict firm"' in page
    assert "counted as one source" in page  # the wire copies
    assert "?s=" in page and "#s-" in page  # values link to their sentences
    assert page.index('class="conflict firm"') < page.index('class="conflict possible"')


def test_article_page_highlights_and_marks_parts(client: TestClient, web_store: WebStore) -> None:
    page = client.get(f"/articles/{web_store.article}").text
    assert 'class="source"' in page or 'class="source ' in page
    assert "cue" in page and "content" in page
    assert 'title="att-1 ' in page  # the claimant on hover
    assert "p-caption" in page and "reader comment" in page
    assert f'href="/incidents/{web_store.incident}"' in page


def test_article_page_marks_the_sentence_of_a_ledger_link(
    client: TestClient, web_store: WebStore
) -> None:
    ledger = client.get(f"/incidents/{web_store.incident}").text
    start = ledger.index('href="/articles/')
    href = ledger[start + 6 : ledger.index('"', start + 6)].replace("&amp;", "&")
    path, _, anchor = href.partition("#")
    page = client.get(path).text
    assert f'id="{anchor}"' in page and "target" in page


def test_claimant_page_lists_statements_with_dates(client: TestClient, web_store: WebStore) -> None:
    response = client.get(f"/claimants/{web_store.claimant}")
    assert response.status_code == 200
    assert "2025-03-1" in response.text
    assert f'href="/incidents/{web_store.incident}"' in response.text


def test_docs_page_lists_every_api_route(client: TestClient) -> None:
    page = client.get("/api/docs").text
    for route in (
        "GET /api/incidents",
        "GET /api/incidents/{incident_id}",
        "GET /api/articles/{article_id}",
        "POST /api/articles",
        "GET /api/incidents.csv",
    ):
        assert route in page
    schema = client.get("/api/openapi.json").json()
    assert "/api/incidents/{incident_id}/ledger" in schema["paths"]


def test_static_assets_are_served_from_the_package(client: TestClient) -> None:
    response = client.get("/static/style.css")
    assert response.status_code == 200 and "text/css" in response.headers["content-type"]


# --- the API: the same data as the CLI's JSON ---------------------------------------------


def test_api_incidents_match_the_cli(client: TestClient, web_store: WebStore) -> None:
    body = client.get("/api/incidents").json()
    listed = _cli_json(["incidents", "--db", web_store.url, "--format", "json"])
    assert body["ok"] is True and body["total"] == len(listed)
    for mine, theirs in zip(body["incidents"], listed, strict=True):
        assert {k: v for k, v in mine.items() if k != "outlets"} == theirs
    assert body["articles"] == 6
    paged = client.get("/api/incidents", params={"per_page": 1, "page": 2}).json()
    assert paged["incidents"] == body["incidents"][1:2]


def test_api_ledger_matches_compare(client: TestClient, web_store: WebStore) -> None:
    compared = _cli_json(["compare", web_store.incident, "--db", web_store.url, "-f", "json"])
    assert client.get(f"/api/incidents/{web_store.incident}/ledger").json() == compared
    full = client.get(f"/api/incidents/{web_store.incident}").json()
    assert full["ledger"] == compared
    assert full["incident"]["id"] == web_store.incident and full["timeline"]


def test_api_article_and_claimant(client: TestClient, web_store: WebStore) -> None:
    body = client.get(f"/api/articles/{web_store.article}").json()
    assert body["analysis"]["article"]["id"] == web_store.article
    assert body["incidents"] == [web_store.incident]
    statements = client.get(f"/api/claimants/{web_store.claimant}").json()["statements"]
    assert statements and all(s["article"] for s in statements)
    dates = [s["date"] for s in statements if s["date"]]
    assert dates == sorted(dates)


def test_downloads_are_filtered_and_csv_is_neutralised(
    client: TestClient, web_store: WebStore
) -> None:
    jsonl = client.get("/api/incidents.jsonl", params={"place": "velmar"})
    rows = [json.loads(line) for line in jsonl.text.splitlines()]
    assert [r["id"] for r in rows] == [web_store.incident]
    assert "attachment" in jsonl.headers["content-disposition"]
    text = client.get("/api/incidents.csv").text
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][0] == "id" and len(table) == 3
    assert not any(cell.startswith(("=", "+", "@")) for row in table for cell in row)


def test_csv_cells_that_look_like_formulas_are_quoted() -> None:
    from rashomon.present.spreadsheet import render_csv

    text = render_csv([['=HYPERLINK("http://x.example")', "@SUM(A1)", "-5"]])
    assert next(csv.reader(io.StringIO(text))) == [
        '\'=HYPERLINK("http://x.example")',
        "'@SUM(A1)",
        "-5",
    ]


# --- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/incidents/inc-00000000", 404),
        ("/api/incidents/inc-00000000/ledger", 404),
        ("/api/articles/no-such-article", 404),
        ("/api/claimants/Nobody%20At%20All", 404),
        ("/api/no-such-route", 404),
        ("/api/incidents?since=2025-13-01", 422),
        ("/api/incidents?until=yesterday", 422),
        ("/api/incidents?since=2025-03-12&until=2025-03-01", 422),
        ("/api/incidents?type=picnic", 422),
        ("/api/incidents?page=0", 422),
        ("/api/incidents?per_page=100000", 422),
        ("/api/incidents.csv?type=picnic", 422),
    ],
)
def test_api_errors_are_json(client: TestClient, path: str, status: int) -> None:
    message = _json_error(client.get(path), status)
    assert "sqlite" not in message  # no database path in an error


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/incidents/inc-00000000", 404),
        ("/articles/no-such-article", 404),
        ("/claimants/Nobody", 404),
        ("/no-such-page", 404),
        ("/?since=2025-02-30", 422),
        ("/?type=picnic", 422),
        ("/?page=-1", 422),
    ],
)
def test_page_errors_are_pages(client: TestClient, path: str, status: int) -> None:
    _html_error(client.get(path), status)


def test_a_bad_sentence_span_is_refused(client: TestClient, web_store: WebStore) -> None:
    _html_error(client.get(f"/articles/{web_store.article}", params={"s": "9-x"}), 422)
    _html_error(client.get(f"/articles/{web_store.article}", params={"s": "0-99999999"}), 422)


# --- hostile text: escaped everywhere ----------------------------------------------------


def test_hostile_article_is_escaped_on_every_page(client: TestClient, web_store: WebStore) -> None:
    pages = [
        client.get("/", params={"text": "marrow"}).text,
        client.get(f"/incidents/{web_store.hostile_incident}").text,
        client.get(f"/articles/{HOSTILE_ID}").text,
    ]
    for page in pages:
        assert "<script>window" not in page
        assert "<img src=x" not in page and "<svg onload" not in page
        assert "javascript:" not in page.replace("javascript:alert(2)&gt;", "")
    article = pages[2]
    assert "&lt;script&gt;" in article
    assert 'href="javascript' not in article
    names = client.get(f"/api/articles/{HOSTILE_ID}").json()["analysis"]["claimants"]
    assert any(c["name"].endswith(PAYLOAD_NAME) for c in names)


# --- writes ------------------------------------------------------------------------------

NEW_ARTICLE = (
    "Blast at Tarnow depot\n\n"
    "Two workers were killed when a fuel depot exploded in Tarnow Heights on Monday, the "
    "Regional Fire Service said. The depot's owner, Hallvard Lines, said 5 people were hurt."
)


def test_writes_are_refused_when_read_only(client: TestClient) -> None:
    response = client.post(
        "/api/articles", content=NEW_ARTICLE, headers={"content-type": "text/plain"}
    )
    assert "read-only" in _json_error(response, 403)


def test_writes_need_the_token_and_store_and_link(
    web_store: WebStore, nlp: Language, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from web_samples import build_store

    directory = tmp_path_factory.mktemp("writable")
    url = f"sqlite:///{directory / 'news.db'}"
    build_store(url, nlp, directory)
    with make_client(url, token=TOKEN, nlp=nlp) as writer:
        plain = {"content-type": "text/plain"}
        _json_error(writer.post("/api/articles", content=NEW_ARTICLE, headers=plain), 401)
        wrong = {**plain, "authorization": "Bearer not-the-token"}
        _json_error(writer.post("/api/articles", content=NEW_ARTICLE, headers=wrong), 401)
        auth = {"authorization": f"Bearer {TOKEN}"}
        stored = writer.post("/api/articles", content=NEW_ARTICLE, headers={**plain, **auth})
        assert stored.status_code == 201, stored.text
        body = stored.json()
        assert body["ok"] and len(body["stored"]) == 1
        article_id = body["stored"][0]
        assert body["incidents"][article_id].startswith("inc-")
        again = writer.post("/api/articles", content=NEW_ARTICLE, headers={**plain, **auth})
        assert again.status_code == 200 and again.json()["duplicates"] == 1
        assert writer.get(f"/articles/{article_id}").status_code == 200
        incident_id = body["incidents"][article_id]
        before = writer.get(f"/api/incidents/{incident_id}").json()["incident"]["articles"]
        assert article_id in before
        # a JSONL corpus: one good line, one bad
        record = {"id": "posted-1", "title": "Tarnow", "text": NEW_ARTICLE.replace("Two", "Three")}
        lines = json.dumps(record) + "\n{not json}\n"
        jsonl = {"content-type": "application/x-ndjson", **auth}
        corpus = writer.post("/api/articles", content=lines, headers=jsonl)
        assert corpus.status_code == 201 and corpus.json()["stored"] == ["posted-1"]
        assert corpus.json()["incidents"]["posted-1"] == incident_id  # the same blast
        after = writer.get(f"/api/incidents/{incident_id}").json()["incident"]["articles"]
        assert "posted-1" in after  # a kept ledger is built again once its incident grows
        assert len(corpus.json()["skipped"]) == 1
        # HTML
        html = (
            "<html><head><title>Tarnow</title></head><body><article>"
            f"<p>{NEW_ARTICLE}</p><p>Firefighters said the blaze was out by noon.</p>"
            "</article></body></html>"
        )
        page = writer.post(
            "/api/articles", content=html, headers={"content-type": "text/html", **auth}
        )
        assert page.status_code in (200, 201), page.text
        # a URL on a private address keeps its refusal
        private = writer.post(
            "/api/articles",
            json={"url": "http://127.0.0.1:9/article"},
            headers=auth,
        )
        message = _json_error(private, 422)
        assert "R006" in message
        unsupported = writer.post(
            "/api/articles", content=b"%PDF", headers={"content-type": "application/pdf", **auth}
        )
        _json_error(unsupported, 415)


def test_a_missing_browser_skips_here_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    from web_samples import browser_unavailable

    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        browser_unavailable("no chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        browser_unavailable("no chromium")


def test_a_built_ledger_is_kept_until_its_incident_changes() -> None:
    from rashomon.web.server import Ledgers

    kept = Ledgers(2)
    value: Any = ("comparison", "view")
    kept.put("inc-1", (3, "t1"), value)
    assert kept.get("inc-1", (3, "t1")) == value
    assert kept.get("inc-1", (4, "t1")) is None  # the store linked something since
    assert kept.get("inc-1", None) is None
    kept.put("inc-2", (3, "t"), value)
    kept.put("inc-3", (3, "t"), value)
    assert kept.get("inc-1", (3, "t1")) is None  # the oldest went
