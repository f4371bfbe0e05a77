"""Real Chromium (Debian's, driven by Playwright) against a live uvicorn server: every
page loads, a ledger value leads to its sentence, and an article whose title, text, quotes,
outlet, URL and claimant names hold script payloads executes nothing."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from web_samples import HOSTILE_ID, PAYLOAD_NAME, LiveServer, WebStore


class Watched:
    """A page whose dialogs, console messages and page errors are recorded."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(java_script_enabled=True)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda message: self.console.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def goto(self, url: str) -> Any:
        response = self.page.goto(url, wait_until="load")
        assert response is not None
        return response

    def close(self) -> None:
        self.context.close()


def test_every_page_loads(browser: Any, live_server: LiveServer, web_store: WebStore) -> None:
    watched = Watched(browser)
    try:
        page = watched.page
        assert watched.goto(live_server.base + "/").status == 200
        assert page.title() == "Incidents · rashomon"
        assert page.locator("table.incidents tbody tr").count() == 2
        page.fill("input[name=place]", "velmar")
        page.click("form.filters button")
        assert page.locator("table.incidents tbody tr").count() == 1
        page.click("a.incident-link")
        assert page.url.endswith(f"/incidents/{web_store.incident}")
        assert page.locator("svg.timeline a.tl-value").count() > 0
        assert page.locator("p.conflict.firm").count() > 0
        watched.goto(f"{live_server.base}/articles/{web_store.article}")
        assert page.locator("article.text span.source").count() > 0
        assert page.locator("article.text .p-caption .part-label").first.text_content() == "caption"
        assert page.locator("article.text .p-comment").count() >= 2
        title = page.locator("article.text span.cue").first.get_attribute("title")
        assert title and "cue:" in title  # the claimant on hover
        page.click("a.incident-link")
        assert page.url.endswith(f"/incidents/{web_store.incident}")
        watched.goto(f"{live_server.base}/claimants/{quote(web_store.claimant)}")
        assert page.locator("table.statements tbody tr").count() > 0
        watched.goto(live_server.base + "/api/docs")
        assert page.locator("section.route").count() >= 6
        missing = watched.goto(live_server.base + "/incidents/inc-00000000")
        assert missing.status == 404 and "No incident" in page.inner_text("#error-message")
        assert not watched.errors and not watched.dialogs
        assert not [m for m in watched.console if "Content Security Policy" in m]
    finally:
        watched.close()


def test_a_ledger_value_leads_to_its_sentence(
    browser: Any, live_server: LiveServer, web_store: WebStore
) -> None:
    watched = Watched(browser)
    try:
        page = watched.page
        watched.goto(f"{live_server.base}/incidents/{web_store.incident}")
        value = page.locator("table.ledger a.value").first
        shown = value.inner_text()
        sentence = value.get_attribute("title")
        assert shown and sentence
        value.click()
        page.wait_for_load_state("load")
        assert "/articles/" in page.url and "#s-" in page.url
        anchor = page.url.rsplit("#", 1)[1]
        target = page.locator(f"[id='{anchor}']")
        assert target.count() == 1
        assert "target" in (target.get_attribute("class") or "")
        marked = "".join(page.locator("article.text span.target").all_text_contents())
        assert " ".join(marked.split()) == " ".join(sentence.split())
        assert any(word in marked for word in shown.split() if word.isdigit()) or shown in marked
        assert target.is_visible()
        # the timeline's labels link to sentences too
        watched.goto(f"{live_server.base}/incidents/{web_store.incident}")
        page.locator("svg.timeline a.tl-value").first.click()
        page.wait_for_load_state("load")
        assert "#s-" in page.url
    finally:
        watched.close()


def test_hostile_article_executes_nothing(
    browser: Any, live_server: LiveServer, web_store: WebStore
) -> None:
    watched = Watched(browser)
    try:
        page = watched.page
        urls = [
            "/",
            "/?text=marrow",
            f"/incidents/{web_store.hostile_incident}",
            f"/articles/{HOSTILE_ID}",
            f"/api/articles/{HOSTILE_ID}",
        ]
        for path in urls:
            assert watched.goto(live_server.base + path).status == 200, path
            _hover_everything(page)
            assert page.evaluate("typeof window.pwned") == "undefined", path
            assert page.locator("script, iframe, img, svg[onload], [onerror]").count() == 0, path
        # the claimant page of a poisoned name, reached by clicking it in the ledger
        watched.goto(f"{live_server.base}/incidents/{web_store.hostile_incident}")
        poisoned = page.locator("a.claimant", has_text="onerror").first
        poisoned.click()
        page.wait_for_load_state("load")
        assert PAYLOAD_NAME in page.inner_text("#claimant-name")
        assert page.evaluate("typeof window.pwned") == "undefined"
        # the article's title and text are shown as text
        watched.goto(f"{live_server.base}/articles/{HOSTILE_ID}")
        assert "<script>" in page.inner_text("#article-title")
        assert "<svg onload=alert(1)>" in page.inner_text("article.text")
        assert page.locator("a[href^='javascript']").count() == 0
        assert not watched.dialogs, watched.dialogs
        assert not watched.errors, watched.errors
        assert not [m for m in watched.console if "Content Security Policy" in m], watched.console
    finally:
        watched.close()


def _hover_everything(page: Any) -> None:
    """Move over every element with a title (mouseover payloads would fire)."""
    for element in page.locator("[title]").all()[:40]:
        if element.is_visible():
            element.hover(timeout=2000)
