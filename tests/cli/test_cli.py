"""The ``rashomon`` command end to end: output formats, exit codes and one-line errors.

Most invocations get the session ``nlp`` fixture through ``cli._load_nlp``, so spaCy is
loaded once for the whole suite; ``test_cli_loads_the_real_pipeline`` and the model-not-found
test go through the real loader.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from rashomon import __version__, cli, present
from rashomon.config import Settings
from support import REPO, shared_path

EXAMPLES = REPO / "examples"
HERALD = EXAMPLES / "ostravia-herald-velmar.txt"
EXAMPLE_INPUTS = [
    EXAMPLES / "capital-standard-velmar.txt",
    HERALD,
    EXAMPLES / "northern-voice-velmar.html",
    EXAMPLES / "corpus.jsonl",
]
PHONE = "202-555-0143"
EMAIL = "tips@ostraviaherald.example"
# A short news paragraph, long enough for the language identifier.
ENGLISH = (
    "The mayor said on Monday that the bridge would reopen next week. "
    '"We have checked every bolt," the city engineer told reporters, adding that the '
    "repairs had cost less than expected.\n"
)

runner = CliRunner()


class Loads:
    """Stands in for ``cli._load_nlp``: hands out the session pipeline and counts calls."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.models: list[str] = []

    def __call__(self, settings: Settings) -> Language:
        self.models.append(settings.model)
        return self.nlp


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch, nlp: Language) -> Loads:
    stub = Loads(nlp)
    monkeypatch.setattr(cli, "_load_nlp", stub)
    return stub


@pytest.fixture(autouse=True)
def _no_rashomon_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("RASHOMON_"):
            monkeypatch.delenv(name)


def _json_lines(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines()]


def _origin(record: dict[str, object]) -> object:
    if record["ok"]:
        article = record["article"]
        assert isinstance(article, dict)
        return article["origin"]
    return record["origin"]


# --- help and version ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--help"], ["analyze", "eval", "Exit codes", "3 some inputs were skipped"]),
        (["analyze", "--help"], ["--format", "--out", "--no-redact", "--allow-private-urls"]),
        (["eval", "polnear", "--help"], ["--split-dir", "--scorer", "Redaction is always off"]),
    ],
)
def test_cli_help(args: list[str], expected: list[str]) -> None:
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    for text in expected:
        assert text in result.stdout


@pytest.mark.parametrize("args", [["--version"]])
def test_cli_version(args: list[str]) -> None:
    result = runner.invoke(cli.app, args)
    assert (result.exit_code, result.stdout) == (0, f"rashomon {__version__}\n")


@pytest.mark.parametrize("formats", [[str(fmt) for fmt in cli.OutputFormat]])
def test_cli_formats_are_the_report_renderers(formats: list[str]) -> None:
    assert sorted(formats) == sorted(present.RENDERERS)


@pytest.mark.parametrize(
    "args, message",
    [
        (["analyze"], "Missing argument"),
        (["analyze", str(HERALD), "--format", "pdf"], "'pdf' is not one of"),
        (["analyze", str(HERALD), "--colour"], "No such option"),
        (["eval", "polnear", "--out", "x.jsonl", "--split-dir", "/no/such/split"], "does not"),
    ],
)
def test_cli_usage_error_exits_2(args: list[str], message: str, loads: Loads) -> None:
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert loads.models == []


@pytest.mark.parametrize("command", [[str(REPO / ".venv" / "bin" / "rashomon"), "--help"]])
def test_cli_entry_point_smoke(command: list[str]) -> None:
    if not Path(command[0]).exists():
        pytest.skip("the rashomon entry point is not installed in .venv (run make setup)")
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "analyze" in completed.stdout


# --- analyze: formats and order -----------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_cli_analyze_example_in_each_format(fmt: str, loads: Loads) -> None:
    result = runner.invoke(cli.app, ["analyze", str(HERALD), "--format", fmt])

    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert loads.models == [Settings().model]
    assert PHONE not in result.stdout and EMAIL not in result.stdout  # redacted by default
    if fmt == "json":
        (record,) = _json_lines(result.stdout)
        assert record["ok"] is True
        assert _origin(record) == str(HERALD)
    elif fmt == "html":
        assert result.stdout.lstrip().lower().startswith("<!doctype html>")
    else:
        assert "Wexler" in result.stdout


@pytest.mark.parametrize("fmt", ["json"])
def test_cli_analyze_all_examples_in_order_once(fmt: str, loads: Loads, tmp_path: Path) -> None:
    out = tmp_path / "deep" / "results.jsonl"
    args = ["analyze", *map(str, EXAMPLE_INPUTS), "--format", fmt, "--out", str(out)]

    result = runner.invoke(cli.app, [*args, "--no-redact"])

    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"Wrote json report of 5 inputs to {out}\n"
    records = _json_lines(out.read_text(encoding="utf-8"))
    assert [_origin(record) for record in records] == [
        *map(str, EXAMPLE_INPUTS[:3]),
        f"{EXAMPLE_INPUTS[3]}:1",
        f"{EXAMPLE_INPUTS[3]}:2",
    ]
    assert all(record["ok"] for record in records)
    assert PHONE in out.read_text(encoding="utf-8")  # --no-redact keeps it
    assert len(loads.models) == 1  # one pipeline for every input


@pytest.mark.parametrize("fmt", ["html"])
def test_cli_analyze_unwritable_out_exits_1(fmt: str, loads: Loads, tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    out = blocker / "report.html"
    result = runner.invoke(cli.app, ["analyze", str(HERALD), "--format", fmt, "--out", str(out)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"Error: Cannot write {str(out)!r} (")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("bad_line", [{"id": "b", "title": "No text here"}])
def test_cli_analyze_jsonl_with_one_bad_line_exits_3(
    bad_line: dict[str, str], loads: Loads, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = [{"id": "a", "text": ENGLISH}, bad_line, {"id": "c", "text": ENGLISH}]
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")

    result = runner.invoke(cli.app, ["analyze", str(corpus), "--format", "json"])

    assert result.exit_code == 3, result.output
    records = _json_lines(result.stdout)
    assert [_origin(record) for record in records] == [f"{corpus}:{n}" for n in (1, 2, 3)]
    assert [record["ok"] for record in records] == [True, False, True]
    assert records[1]["code"] == "R011"
    assert result.stderr.splitlines() == [
        "1 of 3 inputs skipped",
        f'{corpus}:2: [R011] Line {corpus}:2 has no non-empty "text" field; '
        "add the article text or remove the line.",
    ]
    assert len(loads.models) == 1


@pytest.mark.parametrize("count", [2])
def test_cli_analyze_every_input_bad_exits_1_without_loading(
    count: int, loads: Loads, tmp_path: Path
) -> None:
    paths = [tmp_path / f"empty{n}.txt" for n in range(count)]
    for path in paths:
        path.write_bytes(b"")

    result = runner.invoke(cli.app, ["analyze", *map(str, paths)])

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{count} of {count} inputs skipped",
        *(f"{path}: [R001] {path} is empty; give a file with article text." for path in paths),
    ]
    assert loads.models == []


@pytest.mark.parametrize("text", [ENGLISH])
def test_cli_analyze_text_on_stdin(text: str, loads: Loads) -> None:
    result = runner.invoke(cli.app, ["analyze", "-", "--format", "json"], input=text)
    assert result.exit_code == 0, result.output
    (record,) = _json_lines(result.stdout)
    assert _origin(record) == "<stdin>"


# --- analyze: each kind of bad input, alone -------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/report.pdf":
            body, status, kind = b"%PDF-1.4 not a web page", 200, "application/pdf"
        else:
            body, status, kind = b"<html><body>Not found</body></html>", 404, "text/html"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _write_bad_input(kind: str, tmp_path: Path) -> str:
    if kind == "empty":
        (tmp_path / "a.txt").write_bytes(b"")
    elif kind == "binary":
        (tmp_path / "a.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    elif kind == "too_large":
        with (tmp_path / "a.txt").open("wb") as handle:
            handle.write(b"word " * 10_000_000)  # 50 MB
    elif kind == "german":
        (tmp_path / "a.txt").write_text(
            "Der Bürgermeister sagte am Montag, dass die Brücke in der nächsten Woche wieder "
            "geöffnet werde. Die Ingenieure hätten jede Schraube geprüft, sagte er.",
            encoding="utf-8",
        )
    elif kind == "no_text":
        (tmp_path / "a.jsonl").write_text('{"id": "x", "title": "t"}\n', encoding="utf-8")
        return str(tmp_path / "a.jsonl")
    return str(tmp_path / "a.txt")


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("empty", "[R001] {input} is empty; give a file with article text."),
        (
            "binary",
            "[R002] {input} looks binary (NUL or control bytes), not text; "
            "give a .txt, .html or .jsonl file.",
        ),
        (
            "too_large",
            "[R003] {input} is 50,000,000 bytes, over the limit of 5,000,000 bytes; split it, "
            "or raise max_input_bytes (RASHOMON_MAX_INPUT_BYTES).",
        ),
        (
            "german",
            "[R005] {input} looks like German (de), not English; "
            "rashomon analyses English text only (confidence 1.00).",
        ),
        (
            "no_text",
            '[R011] Line {input}:1 has no non-empty "text" field; '
            "add the article text or remove the line.",
        ),
    ],
)
def test_cli_analyze_bad_file_alone(kind: str, expected: str, loads: Loads, tmp_path: Path) -> None:
    path = _write_bad_input(kind, tmp_path)
    result = runner.invoke(cli.app, ["analyze", path])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: " + expected.format(input=path) + "\n"
    assert loads.models == []


@pytest.mark.parametrize(
    "path, expected",
    [
        (
            "/report.pdf",
            "[R009] URL {url} is application/pdf, not a web page or text; "
            "rashomon reads application/xhtml+xml, text/html, text/plain.",
        ),
        (
            "/missing",
            "[R008] URL {url} answered HTTP 404 Not Found; check the address, or try later.",
        ),
    ],
)
def test_cli_analyze_bad_url_alone(path: str, expected: str, server: str, loads: Loads) -> None:
    url = server + path
    result = runner.invoke(cli.app, ["analyze", url, "--allow-private-urls"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: " + expected.format(url=url) + "\n"
    assert loads.models == []


def test_cli_analyze_unreachable_url_alone(loads: Loads) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/article"
    result = runner.invoke(cli.app, ["analyze", url, "--allow-private-urls"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"Error: [R007] URL {url} is unreachable (")
    assert result.stderr.endswith("); check the address and your network.\n")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "text",
    [
        "Café owners said the “new rules” were unfair, the mayor told reporters on Monday. "
        "He said the council would meet again next week to discuss the complaints. "
        "“We will not back down,” said Renée Dupont, who runs a bakery on the square.\n"
    ],
)
def test_cli_analyze_decodable_non_utf8_is_read(text: str, loads: Loads, tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("cp1252"))

    result = runner.invoke(cli.app, ["analyze", str(path), "--format", "json"])

    assert result.exit_code == 0, result.output
    (record,) = _json_lines(result.stdout)
    article = record["article"]
    assert isinstance(article, dict)
    assert "Café owners" in article["text"] and "Renée Dupont" in article["text"]


# --- analyze: settings and model ----------------------------------------------------------


def test_cli_analyze_unknown_model_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ENGLISH, encoding="utf-8")

    result = runner.invoke(cli.app, ["analyze", str(path), "--model", "no_such_pipeline"])

    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(
        "Error: [R030] Can't load spaCy model 'no_such_pipeline'. Installed pipelines: "
    )
    assert Settings().model in result.stderr
    assert result.stderr.endswith("Pass --model NAME or set RASHOMON_MODEL.\n")


@pytest.mark.parametrize(
    "config, env, expected",
    [
        (
            'batch_size = "many"\n',
            {},
            "[R020] Setting 'batch_size' must be a int, got 'many'.",
        ),
        ("[rashomon]\nmodle = 'x'\n", {}, "[R020] Unknown setting 'modle' in {config}."),
        (None, {"RASHOMON_REDACT": "perhaps"}, "[R020] Setting 'redact' must be a bool"),
        ("max_input_bytes = 0\n", {}, "[R020] Setting 'max_input_bytes' must be positive."),
    ],
)
def test_cli_analyze_bad_setting_exits_2(
    config: str | None,
    env: dict[str, str],
    expected: str,
    loads: Loads,
    tmp_path: Path,
) -> None:
    args = ["analyze", str(HERALD)]
    config_file = tmp_path / "rashomon.toml"
    if config is not None:
        config_file.write_text(config, encoding="utf-8")
        args += ["--config", str(config_file)]

    result = runner.invoke(cli.app, args, env=env)

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("Error: " + expected.format(config=config_file))
    assert result.stderr.count("\n") == 1
    assert loads.models == []


@pytest.mark.parametrize("name", ["missing.toml"])
def test_cli_analyze_missing_config_file_exits_2(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    result = runner.invoke(cli.app, ["analyze", str(HERALD), "--config", str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: [R020] Config file {str(path)!r} does not exist.\n"


@pytest.mark.parametrize("flags, model", [(["--model", "my_model"], "my_model")])
def test_cli_analyze_flags_reach_the_settings(
    flags: list[str], model: str, loads: Loads, tmp_path: Path
) -> None:
    config_file = tmp_path / "rashomon.toml"
    config_file.write_text('model = "from_config"\n', encoding="utf-8")
    result = runner.invoke(cli.app, ["analyze", str(HERALD), "--config", str(config_file), *flags])
    assert result.exit_code == 0, result.output
    assert loads.models == [model]  # flags beat the config file


# --- failures that are not input errors -----------------------------------------------------


@pytest.mark.parametrize("raised", [KeyboardInterrupt, RuntimeError])
def test_cli_interrupt_aborts_and_bugs_keep_their_traceback(
    raised: type[BaseException], monkeypatch: pytest.MonkeyPatch, loads: Loads
) -> None:
    def read_inputs(*args: object, **kwargs: object) -> None:
        raise raised("boom")

    monkeypatch.setattr("rashomon.ingest.read_inputs", read_inputs)

    result = runner.invoke(cli.app, ["analyze", str(HERALD)])

    assert result.exit_code == 1
    if raised is KeyboardInterrupt:
        assert result.stderr.strip() == "Aborted."
    else:
        assert isinstance(result.exception, RuntimeError)  # not turned into "Error: ..."
        assert "Error:" not in result.stderr


def test_cli_loads_the_real_pipeline(tmp_path: Path) -> None:
    """One invocation through the real loader (no session fixture), as users run it."""
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": ENGLISH}) + "\n", encoding="utf-8")
    result = runner.invoke(cli.app, ["analyze", str(corpus), "--format", "json"])
    assert result.exit_code == 0, result.output
    (record,) = _json_lines(result.stdout)
    assert record["ok"] is True
    assert str(record["model"]).endswith("3.8.0")


# --- eval polnear -------------------------------------------------------------------------

POLNEAR_TEXT = 'The senator said the bill was dead. "It will pass," the mayor said.\n'


def _shared_scorer() -> Path:
    """``../shared/eval/polnear/score.py``: skipped on a clone without it, a failure in CI."""
    return shared_path("eval", "polnear", "score.py")


def _tiny_split(root: Path) -> Path:
    split = root / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "doc1.txt").write_text(POLNEAR_TEXT, encoding="utf-8")
    source, cue, content = "the mayor", "said", '"It will pass,"'
    s, c, q = POLNEAR_TEXT.index(source), POLNEAR_TEXT.rindex(cue), POLNEAR_TEXT.index(content)
    ann = (
        f"T1\tSource {s} {s + len(source)}\t{source}\n"
        f"T2\tCue {c} {c + len(cue)}\t{cue}\n"
        f"T3\tContent {q} {q + len(content)}\t{content}\n"
        f"T4\tAttribution {c} {c + len(cue)}\t{cue}\n"
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
    )
    (split / "attributions" / "doc1_4b22.ann").write_text(ann, encoding="utf-8")
    return split


@pytest.mark.parametrize("use_scorer", [False, True])
def test_cli_eval_polnear_writes_scorer_predictions(
    use_scorer: bool, loads: Loads, tmp_path: Path
) -> None:
    split = _tiny_split(tmp_path)
    out = tmp_path / "out" / "pred.jsonl"
    args = ["eval", "polnear", "--split-dir", str(split), "--out", str(out)]
    if use_scorer:
        args += ["--scorer", str(_shared_scorer())]

    result = runner.invoke(cli.app, args, env={"RASHOMON_REDACT": "1"})

    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Wrote ")
    records = _json_lines(out.read_text(encoding="utf-8"))
    assert records, "the pipeline should find the direct quote"
    for record in records:
        assert record["doc"] == "doc1"
        content = record["content"]
        assert isinstance(content, list) and content
        for start, end in content:
            assert 0 <= start < end <= len(POLNEAR_TEXT)
    spans = [record["content"] for record in records]
    assert any("It will pass" in POLNEAR_TEXT[c[0][0] : c[-1][1]] for c in spans)  # type: ignore[index]
    if use_scorer:
        assert "END-TO-END" in result.stdout
    else:
        assert result.stdout == ""


@pytest.mark.parametrize("status", [2])
def test_cli_eval_polnear_scorer_failure_exits_1(status: int, loads: Loads, tmp_path: Path) -> None:
    scorer = tmp_path / "score.py"
    scorer.write_text(
        f"import sys\nprint('bad predictions', file=sys.stderr)\nsys.exit({status})\n",
        encoding="utf-8",
    )
    split = _tiny_split(tmp_path)
    args = ["eval", "polnear", "--split-dir", str(split), "--out", str(tmp_path / "p.jsonl")]

    result = runner.invoke(cli.app, [*args, "--scorer", str(scorer)])

    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        "bad predictions",
        f"Error: The scorer {str(scorer)!r} failed with exit status {status}.",
    ]


@pytest.mark.parametrize("layout", ["no_text_dir"])
def test_cli_eval_polnear_split_without_texts_exits_1(
    layout: str, loads: Loads, tmp_path: Path
) -> None:
    result = runner.invoke(
        cli.app, ["eval", "polnear", "--split-dir", str(tmp_path), "--out", "p.jsonl"]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: [R012] No PolNeAR texts in ")
    assert loads.models == []


def test_cli_module_entry_point_runs() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "rashomon", "--version"], capture_output=True, text=True, check=True
    )
    assert completed.stdout == f"rashomon {__version__}\n"
