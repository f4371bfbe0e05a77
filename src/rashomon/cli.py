"""The ``rashomon`` command: ``analyze`` articles and ``eval polnear``.

This is the only module that prints or chooses exit codes (STYLE 2.4). Library code raises
``RashomonError``; ``_exit_codes`` turns it into one ``Error: [R0xx] ...`` line. Any other
exception is a bug and keeps its traceback.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.logging import RichHandler

from rashomon import __version__
from rashomon.config import Settings, load_settings
from rashomon.errors import ConfigError, RashomonError
from rashomon.model import Analysis, Article, Skipped

if TYPE_CHECKING:
    from spacy.language import Language

EXIT_OK = 0
EXIT_ERROR = 1  # a RashomonError, every input skipped, or Ctrl-C
EXIT_USAGE = 2  # bad option or setting
EXIT_PARTIAL = 3  # some inputs skipped, the rest analysed

EPILOG = (
    "Exit codes: 0 every input was analysed; "
    "1 error (one 'Error: [R0xx] ...' line on stderr), every input was skipped, or Ctrl-C; "
    "2 usage error or bad setting; "
    "3 some inputs were skipped (listed on stderr, the report still has a record for each)."
)
EVAL_EPILOG = (
    "Exit codes: 0 predictions written (and scored); "
    "1 error (one 'Error: [R0xx] ...' line on stderr), the scorer failed, or Ctrl-C; "
    "2 usage error or bad setting."
)


class OutputFormat(StrEnum):
    """Report formats; each is a key of ``rashomon.report.RENDERERS``."""

    TEXT = "text"
    JSON = "json"
    HTML = "html"


app = typer.Typer(
    name="rashomon",
    help="Who said what about an incident, and where do the accounts disagree?",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # a bug's traceback stays a plain Python traceback
)
eval_app = typer.Typer(
    help="Score rashomon on annotated corpora.",
    epilog=EVAL_EPILOG,
    no_args_is_help=True,
)
app.add_typer(eval_app, name="eval")

ModelOption = Annotated[
    str | None,
    typer.Option("--model", metavar="NAME", help="spaCy pipeline: installed package or path."),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="TOML settings file (keys at top level or in a rashomon table).",
    ),
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Log debugging details to stderr.")]
NoTaggerOption = Annotated[
    bool,
    typer.Option("--no-tagger", help="Find attributions with the rules alone (no learned tagger)."),
]


def _error(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)


@contextmanager
def _exit_codes() -> Iterator[None]:
    """Map library errors to one stderr line and an exit code; let bugs through."""
    try:
        yield
    except ConfigError as e:
        _error(str(e))
        raise typer.Exit(EXIT_USAGE) from None
    except RashomonError as e:
        _error(str(e))
        raise typer.Exit(EXIT_ERROR) from None
    except KeyboardInterrupt:
        raise typer.Abort() from None


def _configure_logging(debug: bool) -> None:
    """``--debug``: rashomon's DEBUG logs on stderr (other libraries' from WARNING up)."""
    if debug:
        handler = RichHandler(console=Console(stderr=True), show_path=False)
        logging.basicConfig(level=logging.WARNING, format="%(message)s", handlers=[handler])
        logging.getLogger("rashomon").setLevel(logging.DEBUG)


def _load_nlp(settings: Settings) -> Language:
    from rashomon import parse  # spaCy is imported only when a command needs a pipeline

    return parse.load_pipeline(settings.model)


def _in_input_order(
    items: Sequence[Article | Skipped], analyses: Iterable[Analysis]
) -> list[Analysis | Skipped]:
    """Put each analysis where its article was, keeping skipped inputs in place."""
    pending = iter(analyses)
    return [next(pending) if isinstance(item, Article) else item for item in items]


def _cannot_write(path: Path, error: OSError) -> typer.Exit:
    _error(f"Cannot write {str(path)!r} ({error.strerror or error}); check the path.")
    return typer.Exit(EXIT_ERROR)


def _write(text: str, out: Path | None) -> None:
    if out is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as e:
        raise _cannot_write(out, e) from None


def _report_skipped(skipped: Sequence[Skipped], total: int) -> None:
    typer.echo(f"{len(skipped)} of {total} inputs skipped", err=True)
    for item in skipped:
        typer.echo(f"{item.origin}: [{item.code}] {item.message}", err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rashomon {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Who said what about an incident, and where do the accounts disagree?"""


@app.command(epilog=EPILOG)
def analyze(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT",
            help="Article files (.txt, .html), JSONL corpora (one article a line) or URLs.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Report format.")
    ] = OutputFormat.TEXT,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", metavar="FILE", help="Write the report here instead of stdout."
        ),
    ] = None,
    no_redact: Annotated[
        bool,
        typer.Option("--no-redact", help="Keep ID numbers, phone numbers and e-mail addresses."),
    ] = False,
    allow_private_urls: Annotated[
        bool,
        typer.Option(
            "--allow-private-urls", help="Allow URLs on private, loopback or link-local hosts."
        ),
    ] = False,
    model: ModelOption = None,
    config: ConfigOption = None,
    debug: DebugOption = False,
    no_tagger: NoTaggerOption = False,
) -> None:
    """Find who said what in each INPUT and write one report, in input order."""
    from rashomon import pipeline, report  # heavy (spaCy); keeps --help fast
    from rashomon.ingest import read_inputs

    with _exit_codes():
        overrides: dict[str, Any] = {
            "model": model,
            "redact": False if no_redact else None,
            "allow_private_urls": True if allow_private_urls else None,
            "tagger": False if no_tagger else None,
        }
        settings = load_settings(config, overrides=overrides)
        _configure_logging(debug)
        items = list(read_inputs(inputs, settings))
        skipped = [item for item in items if isinstance(item, Skipped)]
        if len(skipped) == len(items):
            if len(items) == 1:
                _error(f"[{skipped[0].code}] {skipped[0].message}")
            else:
                _report_skipped(skipped, len(items))
            raise typer.Exit(EXIT_ERROR)
        articles = [item for item in items if isinstance(item, Article)]
        nlp = _load_nlp(settings)
        analyses = pipeline.analyse_articles(articles, nlp=nlp, settings=settings)
        results = _in_input_order(items, analyses)
        _write(report.render(results, fmt.value), out)
        if out is not None:
            typer.echo(f"Wrote {fmt.value} report of {len(items)} inputs to {out}", err=True)
        if skipped:
            _report_skipped(skipped, len(items))
            raise typer.Exit(EXIT_PARTIAL)


@eval_app.command("polnear", epilog=EVAL_EPILOG)
def eval_polnear(
    split_dir: Annotated[
        Path,
        typer.Option(
            "--split-dir",
            metavar="DIR",
            exists=True,
            file_okay=False,
            help="PolNeAR split holding text/*.txt (e.g. ../shared/data/polnear/dev).",
        ),
    ],
    out: Annotated[
        Path,
        typer.Option("--out", "-o", metavar="PRED.jsonl", help="Predictions to write."),
    ],
    scorer: Annotated[
        Path | None,
        typer.Option(
            "--scorer",
            metavar="PATH",
            exists=True,
            dir_okay=False,
            help="score.py to run on the predictions; its table is printed.",
        ),
    ] = None,
    model: ModelOption = None,
    config: ConfigOption = None,
    debug: DebugOption = False,
    no_tagger: NoTaggerOption = False,
) -> None:
    """Write PolNeAR predictions (scorer format) for every text of a split.

    Redaction is always off here: the scorer needs offsets into the raw text. When the split
    has gold (attributions/*.ann), an error report is written beside --out
    (<stem>.errors.md and <stem>.errors.json).
    """
    from rashomon import pipeline
    from rashomon.evaluation import polnear

    with _exit_codes():
        settings = load_settings(
            config,
            overrides={"model": model, "redact": False, "tagger": False if no_tagger else None},
        )
        _configure_logging(debug)
        articles = polnear.read_split(split_dir)
        nlp = _load_nlp(settings)
        lines = [
            json.dumps(record)
            for analysis in pipeline.analyse_articles(articles, nlp=nlp, settings=settings)
            for record in polnear.attributions_to_predictions(analysis.article.id, analysis)
        ]
        _write("".join(line + "\n" for line in lines), out)
        typer.echo(
            f"Wrote {len(lines)} predicted attributions for {len(articles)} documents to {out}",
            err=True,
        )
        if scorer is not None:
            _run_scorer(scorer, split_dir, out)
        _write_error_report(split_dir, out)


def _write_error_report(split_dir: Path, predictions: Path) -> None:
    """``<out stem>.errors.md`` / ``.errors.json`` beside the predictions, top 5 on stderr;
    nothing when the split has no gold (``attributions/*.ann``)."""
    from rashomon.evaluation import errors

    if not errors.has_gold(split_dir):
        return
    report = errors.analyse_errors(split_dir, predictions)
    markdown, data = errors.report_paths(predictions)
    _write(errors.render_markdown(report), markdown)
    _write(errors.render_json(report), data)
    top = ", ".join(f"{kind.label} {count}" for kind, count in report.counts[:5])
    typer.echo(f"Wrote error report to {markdown} (and {data.name}); top errors: {top}", err=True)


def _run_scorer(scorer: Path, split_dir: Path, predictions: Path) -> None:
    command = [sys.executable, str(scorer), "--split-dir", str(split_dir)]
    command += ["--pred", str(predictions)]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    typer.echo(completed.stdout, nl=False)
    if completed.returncode != 0:
        typer.echo(completed.stderr, err=True, nl=False)
        _error(f"The scorer {str(scorer)!r} failed with exit status {completed.returncode}.")
        raise typer.Exit(EXIT_ERROR)
    if completed.stderr:
        typer.echo(completed.stderr, err=True, nl=False)


def main() -> None:
    """Entry point of the ``rashomon`` console script."""
    # The tagger's small matrix products only lose to BLAS threads on a busy machine;
    # set before numpy is first imported (the commands import it lazily).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    app()
