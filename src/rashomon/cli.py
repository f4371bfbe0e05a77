"""The ``rashomon`` command: ``analyze`` articles, ``ingest`` them into a store, list
``incidents``, ``compare`` the accounts of one, ``export`` everything, and ``eval polnear``.

This is the only module that prints or chooses exit codes (STYLE 2.4). Library code raises
``RashomonError``; ``_exit_codes`` turns it into one ``Error: [R0xx] ...`` line. Any other
exception is a bug and keeps its traceback.
"""

from __future__ import annotations

import io
import itertools
import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from rashomon import __version__
from rashomon.config import Settings, load_settings
from rashomon.errors import ConfigError, RashomonError
from rashomon.model import Analysis, Article, EventType, Skipped

if TYPE_CHECKING:
    from rich.table import Table
    from spacy.language import Language

    from rashomon.app import IncidentPage
    from rashomon.model import Incident
    from rashomon.store import IngestRun, Store

EXIT_OK = 0
EXIT_ERROR = 1  # a RashomonError, every input skipped, or Ctrl-C
EXIT_USAGE = 2  # bad option or setting
EXIT_PARTIAL = 3  # some inputs skipped, the rest analysed
# incidents shown per page of the table when no --per-page or --all is given: a store of
# 100,000 articles holds about 45,000 incidents, which took 47 s to draw as one table
TABLE_PAGE = 50

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
INGEST_EPILOG = (
    "Exit codes: 0 every input was stored or already there; "
    "1 error (one 'Error: [R0xx] ...' line on stderr), every input was skipped, or Ctrl-C "
    "(what was stored stays stored: run the same command again to resume); "
    "2 usage error or bad setting; "
    "3 some inputs were skipped (recorded in the store and listed on stderr)."
)
STORE_EPILOG = (
    "Incidents are linked as articles are ingested and kept in the store; an incident keeps "
    "its id (inc-1a2b3c4d) when articles join it. 'rashomon relink' links everything afresh. "
    "Exit codes: 0 done; 1 error (one 'Error: ...' line on stderr), an empty or missing "
    "database, an unknown incident, or Ctrl-C; 2 usage error or bad setting."
)


class OutputFormat(StrEnum):
    """Report formats; each is a key of ``rashomon.present.RENDERERS``."""

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


class IncidentsFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class CompareFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    HTML = "html"
    CSV = "csv"


class ExportFormat(StrEnum):
    """Each is a ``rashomon.export.formats.Format`` (docs/exports.md)."""

    JSONL = "jsonl"
    CSV = "csv"
    CLAIMS_JSONLD = "claims-jsonld"
    EVENTS_CSV = "events-csv"
    EVENTS_PARQUET = "events-parquet"
    CLAIMS_CSV = "claims-csv"
    CLAIMS_PARQUET = "claims-parquet"
    JSONL_FILES = "jsonl-files"


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
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="Database: sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB "
        "(default: the database_url setting, env RASHOMON_DATABASE_URL, "
        "else sqlite:///rashomon.db).",
        show_default=False,
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", metavar="FILE", help="Write here instead of stdout."),
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Log debugging details to stderr.")]
NoRedactOption = Annotated[
    bool,
    typer.Option("--no-redact", help="Keep ID numbers, phone numbers and e-mail addresses."),
]
AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private-urls", help="Allow URLs on private, loopback or link-local hosts."
    ),
]
ArchiveOption = Annotated[
    Path | None,
    typer.Option(
        "--archive",
        metavar="DIR",
        help="Keep every page, feed and sitemap fetched in a WARC file in DIR "
        "(to analyse the same bytes again: rashomon ingest DIR).",
        show_default=False,
    ),
]
NoTaggerOption = Annotated[
    bool,
    typer.Option("--no-tagger", help="Find attributions with the rules alone (no learned tagger)."),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="Analyse in N processes (default: every core); one process writes the store.",
        show_default=False,
    ),
]
QuietOption = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="No progress display (none either when not a terminal)."),
]


def _analysis_overrides(
    model: str | None, no_redact: bool, allow_private_urls: bool, no_tagger: bool
) -> dict[str, Any]:
    """The settings the analysing commands' flags override (None: keep the setting)."""
    return {
        "model": model,
        "redact": False if no_redact else None,
        "allow_private_urls": True if allow_private_urls else None,
        "tagger": False if no_tagger else None,
    }


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
    items: Sequence[Article | Skipped], analyses: Iterable[Analysis | Skipped]
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


class _RateColumn(ProgressColumn):
    """Items per second since the start."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:.1f}/s", style="progress.data.speed")


def _progress(quiet: bool) -> Progress:
    """Counts, rate and elapsed time on stderr; nothing with --quiet or off a terminal."""
    console = Console(stderr=True)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=quiet or not console.is_terminal,
    )


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
            help="Article files (.txt, .html), JSONL corpora (one article a line), feeds, "
            "sitemaps, URL lists (.urls), WARC files or URLs.",
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
    no_redact: NoRedactOption = False,
    allow_private_urls: AllowPrivateOption = False,
    archive: ArchiveOption = None,
    model: ModelOption = None,
    config: ConfigOption = None,
    debug: DebugOption = False,
    no_tagger: NoTaggerOption = False,
) -> None:
    """Find who said what in each INPUT and write one report, in input order."""
    from rashomon import pipeline, present  # heavy (spaCy); keeps --help fast
    from rashomon.ingest import read_inputs

    with _exit_codes():
        overrides = _analysis_overrides(model, no_redact, allow_private_urls, no_tagger)
        settings = load_settings(config, overrides=overrides)
        _configure_logging(debug)
        items = list(read_inputs(inputs, settings, archive=archive))
        skipped = [item for item in items if isinstance(item, Skipped)]
        if len(skipped) == len(items):
            if len(items) == 1:
                _error(f"[{skipped[0].code}] {skipped[0].message}")
            else:
                _report_skipped(skipped, len(items))
            raise typer.Exit(EXIT_ERROR)
        articles = [item for item in items if isinstance(item, Article)]
        nlp = _load_nlp(settings)
        analyses = pipeline.analyse_each(articles, nlp=nlp, settings=settings)
        results = _in_input_order(items, analyses)
        _write(present.render(results, fmt.value), out)
        if out is not None:
            typer.echo(f"Wrote {fmt.value} report of {len(items)} inputs to {out}", err=True)
        skipped = [item for item in results if isinstance(item, Skipped)]
        if skipped:
            _report_skipped(skipped, len(items))
            raise typer.Exit(EXIT_ERROR if len(skipped) == len(items) else EXIT_PARTIAL)


# --- the store: ingest, incidents, compare, export ---------------------------------------


@app.command(epilog=INGEST_EPILOG)
def ingest(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT",
            help="Article files (.txt, .html), directories, JSONL corpora, feeds, sitemaps, "
            "URL lists (.urls), WARC files or URLs.",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    no_redact: NoRedactOption = False,
    allow_private_urls: AllowPrivateOption = False,
    archive: ArchiveOption = None,
    model: ModelOption = None,
    config: ConfigOption = None,
    debug: DebugOption = False,
    no_tagger: NoTaggerOption = False,
    jobs: JobsOption = None,
    quiet: QuietOption = False,
) -> None:
    """Analyse each INPUT and keep the analysis in a database, for incidents and compare.

    Idempotent and resumable: an article whose (redacted) text or id is already stored is
    counted as already there before it is parsed, so running the same command again after
    an interruption stores only what is missing. A bad input is recorded in the store and
    listed at the end; the rest go on. Prints "N stored, D already there, S skipped".
    A directory written by 'rashomon batch' is imported as it is, without analysing again.
    """
    with _exit_codes():
        overrides = _analysis_overrides(model, no_redact, allow_private_urls, no_tagger)
        settings = load_settings(config, overrides={**overrides, "database_url": db})
        _configure_logging(debug)
        from rashomon import app as application
        from rashomon.batch import default_jobs
        from rashomon.store import open_store  # SQLAlchemy and Alembic: only when needed

        with open_store(settings.database_url) as store:
            total, run, skipped = _ingest(
                store, inputs, settings, jobs=jobs or default_jobs(), quiet=quiet, archive=archive
            )
            with _progress_callback(quiet) as progress:
                params = application.link_settings(settings)
                linked = application.link_new(store, params, progress=progress)
        typer.echo(
            f"{run.stored} stored, {run.duplicates} already there, {run.skipped} skipped; "
            f"{linked.new} linked with {linked.relinked} stored articles in {linked.seconds:.2f} s",
            err=True,
        )
        if skipped:
            _report_skipped(skipped, total)
        if len(skipped) == total:
            raise typer.Exit(EXIT_ERROR)
        if skipped:
            raise typer.Exit(EXIT_PARTIAL)


def _ingest(
    store: Store,
    inputs: Sequence[str],
    settings: Settings,
    *,
    jobs: int,
    quiet: bool,
    archive: Path | None = None,
) -> tuple[int, IngestRun, list[Skipped]]:
    """Read, check against the store, analyse (in ``jobs`` processes) and save; batch
    directories are imported. Returns (inputs, run, skipped)."""
    from rashomon import app as application
    from rashomon.batch import analyse_parallel, import_batch, is_batch_directory
    from rashomon.ingest import read_inputs

    run_id = store.start_run()
    skipped: list[Skipped] = []
    duplicates = 0

    def skip(item: Skipped) -> None:
        store.record_skipped(item, run_id=run_id)
        skipped.append(item)

    seen: set[str] = set()
    total = 0
    batches = [item for item in inputs if is_batch_directory(Path(item))]
    inputs = [item for item in inputs if item not in batches]

    def candidates() -> Iterator[Article]:
        """Each article read that is not stored yet; inputs are read one at a time, so an
        article is stored before the next inputs are read (never the whole batch held)."""
        nonlocal duplicates, total
        for item in read_inputs(inputs, settings, archive=archive):
            total += 1
            if isinstance(item, Skipped):
                skip(item)
            else:
                verdict = application.triage(store, item, settings, seen)
                if isinstance(verdict, Skipped):
                    skip(verdict)
                elif verdict:
                    yield item
                    continue
                else:
                    duplicates += 1
            progress.advance(task)

    with _progress(quiet) as progress:
        task = progress.add_task("ingesting", total=None)
        for directory in batches:
            imported = import_batch(
                store, Path(directory), run_id=run_id, on_row=lambda: progress.advance(task)
            )
            total += imported.rows
            duplicates += imported.duplicates
            skipped.extend(imported.skipped)
        pending = candidates()
        first = next(pending, None)  # the model is loaded only when something is new
        if first is not None:
            batch = itertools.chain([first], pending)
            analysed = analyse_parallel(
                batch, settings=settings, jobs=jobs, load_nlp=lambda: _load_nlp(settings)
            )
            for result in analysed:
                if isinstance(result, Skipped):
                    skip(result)
                else:
                    saved = store.save_or_refuse(result, run_id=run_id)
                    if isinstance(saved, Skipped):
                        skip(saved)
                    elif not saved:
                        duplicates += 1
                progress.advance(task)
    return total, store.finish_run(run_id, duplicates=duplicates), skipped


BATCH_EPILOG = (
    "Exit codes: 0 every input was analysed or already done; "
    "1 error (one 'Error: [R0xx] ...' line on stderr), every input was skipped, or Ctrl-C "
    "(finished partitions stay: run the same command again to resume); "
    "2 usage error or bad setting; "
    "3 some inputs were skipped (a row with its code in the partitions, listed on stderr)."
)


@app.command(epilog=BATCH_EPILOG)
def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT",
            help="JSONL or Parquet corpora, article files (.txt, .html), directories or URLs.",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", metavar="DIR", help="Directory of Parquet partitions and manifest."
        ),
    ],
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="A running Dask scheduler (tcp://HOST:PORT) whose workers have rashomon "
            "installed; default: a local cluster on 127.0.0.1.",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            metavar="N",
            help="Local cluster: N single-threaded worker processes (default: every core).",
            show_default=False,
        ),
    ] = None,
    partition_size: Annotated[
        int,
        typer.Option(
            "--partition-size",
            min=1,
            metavar="K",
            help="Inputs per Parquet partition (analysed as tasks of at most 8).",
        ),
    ] = 50,
    no_redact: NoRedactOption = False,
    allow_private_urls: AllowPrivateOption = False,
    model: ModelOption = None,
    config: ConfigOption = None,
    debug: DebugOption = False,
    no_tagger: NoTaggerOption = False,
    quiet: QuietOption = False,
) -> None:
    """Analyse a corpus on a Dask cluster into Parquet partitions (one row per input: id,
    url, outlet, published, the JSON analysis, rules and model; skipped inputs with their
    code), for 'rashomon ingest DIR' to store.

    Resumable: partitions are written whole, and inputs already in one are not analysed
    again, so after an interruption the same command does only what is missing.
    """
    from rashomon.batch import default_jobs
    from rashomon.batch.cluster import BatchProgress, run_batch

    with _exit_codes():
        overrides = _analysis_overrides(model, no_redact, allow_private_urls, no_tagger)
        settings = load_settings(config, overrides=overrides)
        _configure_logging(debug)
        with _progress(quiet) as progress:
            task = progress.add_task("analysing", total=None)

            def show(state: BatchProgress) -> None:
                progress.update(task, completed=state.done, total=state.total)

            summary = run_batch(
                inputs,
                out,
                settings,
                scheduler=scheduler,
                workers=workers or default_jobs(),
                partition_size=partition_size,
                on_progress=show,
            )
        done = summary.inputs - summary.already_done
        rate = f" ({done / summary.seconds:.2f} inputs/s)" if done and summary.seconds else ""
        typer.echo(
            f"{summary.analysed} analysed, {summary.already_done} already done, "
            f"{len(summary.skipped)} skipped: {summary.partitions} partitions written to "
            f"{out} on {summary.workers} workers{rate}",
            err=True,
        )
        if summary.skipped:
            _report_skipped(summary.skipped, summary.inputs)
        if summary.inputs and len(summary.skipped) == summary.inputs:
            raise typer.Exit(EXIT_ERROR)
        if summary.skipped:
            raise typer.Exit(EXIT_PARTIAL)


def _database_url(db: str | None, config: Path | None) -> str:
    settings = load_settings(config, overrides={"database_url": db})
    url: str = settings.database_url
    return url


def _dates(incident: Incident) -> str:
    """ "2025-03-11", "2025-03-11–03-13" (same year) or "2024-12-30–2025-01-02"."""
    start = "?" if incident.start is None else incident.start.isoformat()
    end = "?" if incident.end is None else incident.end.isoformat()
    if start == end:
        return start
    if start[:4] == end[:4] != "?":
        end = end[5:]
    return f"{start}–{end}"


def _incidents_table(page: IncidentPage, number: int = 1, per_page: int | None = None) -> Table:
    from rich.table import Table

    outlets = page.outlets
    title = f"{page.total} incidents in {page.articles} articles"
    if per_page is not None and page.total > per_page:
        last = -(-page.total // per_page)
        first = (number - 1) * per_page
        shown = (
            f"{first + 1}–{first + len(page.incidents)} shown" if page.incidents else "none shown"
        )
        title += f" ({shown}, page {number} of {last}"
        title += f": --page {number + 1} for more" if number < last else ""
        title += ", --all for every one)"
    table = Table(title=title)
    for header in ("id", "type", "dates"):
        table.add_column(header, no_wrap=True)
    table.add_column("places", ratio=1, min_width=10)
    for header in ("articles", "outlets"):
        table.add_column(header, justify="right", no_wrap=True, min_width=len(header))
    for incident in page.incidents:
        ids = incident.article_ids
        table.add_row(
            incident.id,
            str(incident.type),
            _dates(incident),
            ", ".join(incident.places) or "-",
            str(len(ids)),
            str(len({outlets.get(i) for i in ids} - {None})),
        )
    return table


DateOption = Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", show_default=False)]


@app.command(epilog=STORE_EPILOG)
def incidents(
    db: DbOption = None,
    fmt: Annotated[
        IncidentsFormat, typer.Option("--format", "-f", help="Table or JSON list.")
    ] = IncidentsFormat.TEXT,
    out: OutOption = None,
    config: ConfigOption = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="YYYY-MM-DD", help="Only incidents ending on or after."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="YYYY-MM-DD", help="Only incidents starting on or before."),
    ] = None,
    place: Annotated[
        str | None, typer.Option("--place", help="Only incidents at a place whose name holds this.")
    ] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="Only incidents of this event type (attack...).")
    ] = None,
    text: Annotated[
        str | None,
        typer.Option("--text", help="Only incidents whose places or article titles hold this."),
    ] = None,
    page: Annotated[int, typer.Option("--page", min=1, help="Page to show (from 1).")] = 1,
    per_page: Annotated[
        int | None,
        typer.Option(
            "--per-page",
            min=1,
            help=f"Incidents per page (default: {TABLE_PAGE} in the table, all in JSON).",
            show_default=False,
        ),
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="Every matching incident on one page, table too.")
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """List the stored incidents: dates, places, article and outlet counts.

    The table shows a page of them (the title says which, and how to see more); JSON lists
    every match unless --per-page is given.

    Read from the store (ingest links each new article as it is stored). JSON: a list of
    {id, type, articles, start, end, places, rules} (rules: the versions of the linking
    word list and settings that linked it).
    """
    from rashomon import app as application
    from rashomon.present import incident_to_dict  # the records only: no spaCy
    from rashomon.store.links import IncidentFilter

    with _exit_codes():
        if every and (per_page is not None or page != 1):
            raise typer.BadParameter(
                "--all lists every incident on one page; leave out --page and --per-page.",
                param_hint="--all",
            )
        if per_page is None and not every and fmt is IncidentsFormat.TEXT:
            per_page = TABLE_PAGE
        settings = load_settings(config, overrides={"database_url": db})
        where = IncidentFilter(
            since=_date_option("--since", since),
            until=_date_option("--until", until),
            place=place,
            type=_event_type_option(event_type),
            text=text,
        )
        with (
            application.open_existing(settings.database_url) as store,
            _progress_callback(quiet) as progress,
        ):
            listed = application.incidents(
                store,
                where,
                page=page,
                per_page=per_page,
                params=application.link_settings(settings),
                progress=progress,
            )
        if fmt is IncidentsFormat.JSON:
            rows = [incident_to_dict(incident) for incident in listed.incidents]
            _write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", out)
        elif out is None:
            Console().print(_incidents_table(listed, page, per_page))
        else:
            buffer = io.StringIO()
            Console(file=buffer, width=120).print(_incidents_table(listed, page, per_page))
            _write(buffer.getvalue(), out)


def _date_option(name: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is no date; write YYYY-MM-DD.", param_hint=name
        ) from None


def _event_type_option(value: str | None) -> EventType | None:
    if value is None:
        return None
    try:
        return EventType(value)
    except ValueError:
        known = ", ".join(t.value for t in EventType)
        raise typer.BadParameter(
            f"{value!r} is no event type ({known}).", param_hint="--type"
        ) from None


@app.command(epilog=STORE_EPILOG)
def compare(
    targets: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="INCIDENT | ARTICLE...",
            help="Incident id, as 'rashomon incidents' lists them (inc-1); with --articles, "
            "the ids of the articles whose ledger to build.",
            show_default=False,
        ),
    ] = None,
    articles: Annotated[
        bool,
        typer.Option(
            "--articles",
            help="The arguments are article ids: build the ledger of exactly these articles, "
            "bypassing incident linking.",
        ),
    ] = False,
    articles_file: Annotated[
        Path | None,
        typer.Option(
            "--articles-file",
            metavar="FILE",
            exists=True,
            dir_okay=False,
            help="A file of article ids (one a line, or a JSON list, or a JSON object with "
            "'articles'): their ledger, bypassing incident linking.",
        ),
    ] = None,
    db: DbOption = None,
    fmt: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="Ledger format.")
    ] = CompareFormat.TEXT,
    out: OutOption = None,
    config: ConfigOption = None,
) -> None:
    """The ledger of one incident: each claimant's values side by side, first seen where,
    wire copies counted once, conflicts between sides and changes over time. Never decides
    who is right. With --articles or --articles-file, the ledger of a chosen set of articles."""
    from rashomon import present as ledger

    chosen = list(targets or [])
    if articles_file is not None:
        chosen += _article_ids_file(articles_file)
    with _exit_codes():
        from rashomon import app as application

        settings = load_settings(config, overrides={"database_url": db})
        if articles or articles_file is not None:
            if not chosen:
                _error("Give the ids of the articles to compare.")
                raise typer.Exit(EXIT_USAGE)
            with application.open_existing(settings.database_url) as store:
                comparison = application.articles_ledger(store, chosen)
        else:
            if len(chosen) != 1:
                _error("Give one incident id, or article ids with --articles.")
                raise typer.Exit(EXIT_USAGE)
            with application.open_existing(settings.database_url) as store:
                params = application.link_settings(settings)
                comparison = application.ledger(store, chosen[0], params)
        if fmt is CompareFormat.JSON:
            text = json.dumps(ledger.comparison_to_dict(comparison), indent=2, ensure_ascii=False)
        elif fmt is CompareFormat.HTML:
            text = ledger.render_comparison_html(comparison)
        elif fmt is CompareFormat.CSV:
            text = ledger.render_comparison_csv([comparison])
        else:
            text = ledger.render_comparison_text(comparison)
        _write(text, out)
        if out is not None:
            typer.echo(
                f"Wrote the {fmt.value} ledger of {comparison.incident.id} to {out}", err=True
            )


def _article_ids_file(path: Path) -> list[str]:
    """Article ids from ``path``: a JSON list, a JSON object's "articles", or one id a line."""
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return [line.strip() for line in text.splitlines() if line.strip()]
    if isinstance(data, dict):
        data = data.get("articles", [])
    if not isinstance(data, list):
        raise ConfigError(f"{str(path)!r} holds no list of article ids.")
    return [a.get("id", "") if isinstance(a, dict) else str(a) for a in data]


@app.command(epilog=STORE_EPILOG)
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="events-csv / events-parquet: one row per incident and claimant (ACLED/UCDP-"
            "like); claims-csv / claims-parquet: one row per claim; jsonl-files: a directory "
            "of articles, claims, figures, incidents and ledgers .jsonl; claims-jsonld: "
            "schema.org Claim records; jsonl: every analysis and ledger; csv: one row per "
            "ledger value and article. docs/exports.md has the data dictionary.",
        ),
    ],
    db: DbOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="PATH",
            help="Write here instead of stdout (a file; a directory for jsonl-files; "
            "needed for Parquet).",
        ),
    ] = None,
    config: ConfigOption = None,
    incident: Annotated[
        str | None,
        typer.Option("--incident", metavar="ID", help="Only this incident (inc-1a2b3c4d)."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="YYYY-MM-DD",
            help="Only incidents ending on or after, articles published on or after.",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            metavar="YYYY-MM-DD",
            help="Only incidents starting on or before, articles published on or before.",
        ),
    ] = None,
    place: Annotated[
        str | None,
        typer.Option("--place", help="Only incidents at a place whose name holds this."),
    ] = None,
    claimant: Annotated[
        str | None,
        typer.Option(
            "--claimant", help="Only rows and records of claimants whose name holds this."
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Export stored analyses, incidents and ledgers (all, or those the filters keep)."""
    from rashomon.export.formats import FILE_FORMATS, Format, export_files, export_text
    from rashomon.export.select import ExportFilter, select_from_store

    with _exit_codes():
        from rashomon import app as application

        settings = load_settings(config, overrides={"database_url": db})
        where = ExportFilter(
            incident=incident,
            since=_date_option("--since", since),
            until=_date_option("--until", until),
            place=place,
            claimant=claimant,
        )
        chosen = Format(fmt.value)
        with (
            application.open_existing(settings.database_url) as store,
            _progress_callback(quiet) as progress,
        ):
            params = application.link_settings(settings)
            selection = select_from_store(store, where, params, progress=progress)
        count = len(selection.comparisons)
        if chosen in FILE_FORMATS:
            written = export_files(selection, chosen, out)
            shown = out if len(written) != 1 else written[0]
            typer.echo(f"Wrote {fmt.value} of {count} incidents to {shown}", err=True)
            return
        _write(export_text(selection, chosen), out)
        if out is not None:
            typer.echo(f"Wrote {fmt.value} of {count} incidents to {out}", err=True)


@app.command(epilog=STORE_EPILOG)
def relink(
    db: DbOption = None,
    config: ConfigOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")] = False,
) -> None:
    """Link every stored article afresh (after a change of linking rules or settings).

    Incident ids carry over to the new incident holding most of an old one's articles;
    merges and splits are recorded. Prints "N articles, I incidents (C new, M changed)".
    """
    from rashomon import app as application

    with _exit_codes():
        settings = load_settings(config, overrides={"database_url": db})
        with (
            application.open_existing(settings.database_url) as store,
            _progress_callback(quiet) as progress,
        ):
            if store.article_count() == 0:
                _error(f"No articles stored in {settings.database_url}.")
                raise typer.Exit(EXIT_ERROR)
            report = application.relink(
                store, application.link_settings(settings), progress=progress
            )
            count = application.incidents(store, per_page=1).total  # counted, not listed
        typer.echo(
            f"{report.new} articles, {count} incidents ({report.created} new, "
            f"{report.changed} changed, {report.retired} retired) in {report.seconds:.1f} s",
            err=True,
        )


@app.command("copy-store", epilog=STORE_EPILOG)
def copy_store(
    target: Annotated[
        str,
        typer.Argument(
            metavar="TARGET_URL",
            help="The empty database to copy into: sqlite:///PATH (created) or "
            "postgresql+psycopg://USER@HOST:PORT/DB (it must exist).",
        ),
    ],
    db: DbOption = None,
    config: ConfigOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")] = False,
) -> None:
    """Copy the whole store (--db) into another, empty database: SQLite to PostgreSQL when
    a store outgrows its file, or back.

    Analyses, incidents (with their ids and history) and every link result are copied as
    they are, in one transaction: nothing is analysed or linked again. Prints "Copied N
    rows (A articles) to TARGET_URL".
    """
    from rashomon import app as application

    with _exit_codes():
        settings = load_settings(config, overrides={"database_url": db})
        with _progress_callback(quiet) as progress:
            report = application.copy_store(settings.database_url, target, progress=progress)
        from sqlalchemy.engine import make_url

        shown = make_url(target).render_as_string(hide_password=True)
        typer.echo(
            f"Copied {report.total} rows ({report.rows.get('articles', 0)} articles) "
            f"to {shown} in {report.seconds:.1f} s",
            err=True,
        )


@app.command(epilog=STORE_EPILOG)
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port.")] = 8000,
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file",
            metavar="FILE",
            help="A file holding the bearer token that writes (POST /api/articles) need; "
            "without it the server is read-only.",
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Serve the store as web pages and a JSON API (/api/docs) until Ctrl-C."""
    with _exit_codes():
        from rashomon.web import WebConfig, read_token
        from rashomon.web import serve as serve_web

        settings = load_settings(config, overrides={"database_url": db})
        token = None if token_file is None else read_token(token_file)
        typer.echo(
            f"Serving the store on http://{host}:{port}/ "
            f"({'writes need the token' if token else 'read-only'})",
            err=True,
        )
        serve_web(WebConfig(settings=settings, token=token), host=host, port=port)


@contextmanager
def _progress_callback(quiet: bool) -> Iterator[Callable[[str, int, int | None], None]]:
    """A progress callback for the application layer: a Rich bar with counts and rate on a
    terminal, nothing with --quiet or when stderr is not a terminal."""
    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield lambda stage, done, total: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
    )
    tasks: dict[str, TaskID] = {}
    with Progress(*columns, console=console) as bar:

        def update(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total, rate="")
            task = tasks[stage]
            bar.update(task, completed=done, total=total)
            speed = bar.tasks[task].speed
            bar.update(task, rate="" if speed is None else f"{speed:,.0f}/s")

        yield update


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
