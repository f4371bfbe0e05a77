"""``rashomon serve`` started as a process on a free loopback port, then queried."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx
from web_samples import TOKEN, WebStore, free_port

START_SECONDS = 60


@contextmanager
def serving(args: list[str]) -> Iterator[str]:
    """``rashomon serve ARGS`` on a free port; yields its base URL once it answers."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RASHOMON_")}
    command = [sys.executable, "-m", "rashomon", "serve", "--port", str(port), *args]
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield _started(process, base, log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _started(process: subprocess.Popen[bytes], base: str, log: IO[str]) -> str:
    deadline = time.monotonic() + START_SECONDS
    while True:
        if process.poll() is not None:
            log.seek(0)
            raise AssertionError(f"serve exited with {process.returncode}: {log.read()}")
        try:
            httpx.get(base + "/api/incidents", timeout=2)
            return base
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_answers_pages_and_api_read_only(web_store: WebStore) -> None:
    with serving(["--db", web_store.url, "--host", "127.0.0.1"]) as base:
        listed = httpx.get(base + "/api/incidents").json()
        assert listed["ok"] and listed["total"] == 2
        page = httpx.get(f"{base}/incidents/{web_store.incident}")
        assert page.status_code == 200 and '<svg class="timeline"' in page.text
        assert "content-security-policy" in page.headers
        assert httpx.get(base + "/api/incidents/inc-00000000").status_code == 404
        refused = httpx.post(base + "/api/articles", content="text")
        assert refused.status_code == 403 and refused.json()["ok"] is False


def test_serve_with_a_token_file_guards_writes(web_store: WebStore, tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n", encoding="utf-8")
    with serving(["--db", web_store.url, "--token-file", str(token_file)]) as base:
        plain = {"content-type": "text/plain"}
        assert httpx.post(base + "/api/articles", content="x", headers=plain).status_code == 401
        typed = {"content-type": "application/pdf", "authorization": f"Bearer {TOKEN}"}
        assert httpx.post(base + "/api/articles", content="x", headers=typed).status_code == 415


def test_serve_refuses_a_weak_token_and_a_missing_store(tmp_path: Path) -> None:
    weak = tmp_path / "token"
    weak.write_text("short", encoding="utf-8")
    command = [sys.executable, "-m", "rashomon", "serve", "--port", str(free_port())]
    url = f"sqlite:///{tmp_path / 'none.db'}"
    result = subprocess.run(
        [*command, "--db", url, "--token-file", str(weak)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2 and "at least 16" in result.stderr
    missing = subprocess.run(
        [*command, "--db", url], capture_output=True, text=True, timeout=60, check=False
    )
    assert missing.returncode == 1 and "No database" in missing.stderr
    assert not (tmp_path / "none.db").exists()
