"""The FastAPI application: pages, the JSON API, errors and security headers.

``create_app(config)`` opens the store once (closed when the app shuts down) and keeps
everything a request needs on the app it returns; there is no module-level state, so two
apps over two stores can live in one process. Handlers are plain functions that FastAPI
runs in its thread pool; each reads through ``rashomon.app`` and the stored link results.
"""

import hmac
import json
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

from rashomon import __version__
from rashomon import app as application
from rashomon.errors import RashomonError
from rashomon.model import Analysis, Comparison, EventType
from rashomon.places.gazetteer import Gazetteer
from rashomon.present.ledger import comparison_to_dict
from rashomon.present.records import analysis_to_dict, incident_to_dict
from rashomon.present.spreadsheet import render_csv
from rashomon.store import Store
from rashomon.store.links import IncidentFilter
from rashomon.web import queries, views
from rashomon.web.config import MAX_PER_PAGE, WebConfig
from rashomon.web.writes import UnsupportedBody, Writer, read_posted

STATIC = Path(__file__).resolve().parent / "static"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
DOWNLOAD_CAP = 100_000  # incidents in one CSV/JSONL download
CSV_HEADER = ("id", "type", "start", "end", "places", "articles", "outlets")

ASGIApp = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]],
    Awaitable[None],
]


class NotFound(RashomonError):
    """An id or name the store does not hold."""


class BadRequest(RashomonError):
    """A filter or parameter the app can't read (answered 422)."""


class SecurityHeaders:
    """Adds the Content-Security-Policy and friends to every response (pure ASGI)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(
        self,
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Any]],
        send: Callable[[Any], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


@dataclass(frozen=True, slots=True)
class Filters:
    """The incidents list's filters as given (for links) and as read."""

    where: IncidentFilter
    form: dict[str, str]


class Places:
    """Coordinates of a canonical place name, when the gazetteer has one reading of it."""

    def __init__(self) -> None:
        self._gazetteer: Gazetteer | None = None
        self._found: dict[str, str] = {}

    def coordinates(self, names: set[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for name in names:
            if name not in self._found:
                self._found[name] = self._lookup(name)
            if self._found[name]:
                out[name] = self._found[name]
        return out

    def _lookup(self, name: str) -> str:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.open()
        readings = [
            e
            for e in self._gazetteer.lookup(name)
            if e.is_place and e.lat is not None and e.lon is not None
        ]
        if not readings:
            return ""
        first = readings[0]
        if not first.curated and len({(e.lat, e.lon) for e in readings}) > 1:
            return ""  # ambiguous: several places carry this name
        return f"{first.lat:.2f}, {first.lon:.2f}"

    def close(self) -> None:
        if self._gazetteer is not None:
            self._gazetteer.close()


Built = tuple[Comparison, views.LedgerView]


class Ledgers:
    """The last ``size`` ledgers built, each with the state of its incident when built
    (``queries.incident_version``): a ledger is built again once its incident changes."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._built: OrderedDict[str, tuple[tuple[int, str], Built]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, incident_id: str, version: tuple[int, str] | None) -> Built | None:
        if version is None:
            return None
        with self._lock:
            found = self._built.get(incident_id)
            if found is None or found[0] != version:
                return None
            self._built.move_to_end(incident_id)
            return found[1]

    def put(self, incident_id: str, version: tuple[int, str] | None, value: Built) -> None:
        if version is None or self._size <= 0:
            return
        with self._lock:
            self._built[incident_id] = (version, value)
            self._built.move_to_end(incident_id)
            while len(self._built) > self._size:
                self._built.popitem(last=False)


def read_filters(
    since: str | None, until: str | None, place: str | None, kind: str | None, text: str | None
) -> Filters:
    """The list filters; an empty field is no filter, a bad one raises ``BadRequest``."""
    form = {
        k: v.strip()
        for k, v in {
            "since": since,
            "until": until,
            "place": place,
            "type": kind,
            "text": text,
        }.items()
        if v and v.strip()
    }
    first = _date("since", form.get("since"))
    last = _date("until", form.get("until"))
    if first and last and first > last:
        raise BadRequest(f"'since' ({first}) is after 'until' ({last}).")
    event_type = None
    if "type" in form:
        try:
            event_type = EventType(form["type"])
        except ValueError:
            known = ", ".join(t.value for t in EventType)
            raise BadRequest(f"{form['type']!r} is no event type ({known}).") from None
    where = IncidentFilter(
        since=first, until=last, place=form.get("place"), type=event_type, text=form.get("text")
    )
    return Filters(where, form)


def _date(name: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{name}={value!r} is no date; write YYYY-MM-DD.") from None


def incident_record(incident: Any, outlets: dict[str, str | None]) -> dict[str, Any]:
    """An incident as ``rashomon incidents --format json`` writes it, with its outlet count."""
    outlet_count = len({outlets.get(a) for a in incident.article_ids} - {None})
    return {**incident_to_dict(incident), "outlets": outlet_count}


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") and path != "/api/docs"


def parse_span(value: str | None, size: int) -> tuple[int, int] | None:
    """The ``s=START-END`` of an article link; ``BadRequest`` when malformed or outside."""
    if value is None or value == "":
        return None
    first, dash, last = value.partition("-")
    if not dash or not first.isdigit() or not last.isdigit():
        raise BadRequest(f"s={value!r} is no span; write START-END (character offsets).")
    start, end = int(first), int(last)
    if not start < end <= size:
        raise BadRequest(f"s={value!r} is outside the article's {size} characters.")
    return start, end


def create_app(config: WebConfig) -> FastAPI:
    """The application over ``config.settings.database_url`` (which must exist)."""
    settings = config.settings
    store: Store = application.open_existing(settings.database_url)
    params = application.link_settings(settings)
    places = Places()
    writer = Writer(settings, config.load_nlp)
    ledgers = Ledgers(config.cached_ledgers)
    env = Environment(
        loader=PackageLoader("rashomon.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            places.close()
            store.close()

    api = FastAPI(
        title="rashomon",
        version=__version__,
        description="Who said what about an incident, and where do the accounts disagree? "
        "Pages and a JSON API over one rashomon store.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    api.add_middleware(SecurityHeaders)
    api.mount("/static", StaticFiles(directory=STATIC), name="static")

    def page(template: str, code: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(
            writable=config.token is not None, version=__version__, **context
        )
        return HTMLResponse(html, status_code=code)

    def error_response(request: Request, status: int, message: str) -> Response:
        if _wants_json(request):
            return JSONResponse({"ok": False, "error": message, "status": status}, status)
        return page("error.html", status, status=status, message=message)

    @api.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        message = str(error.detail) if error.detail else "Error"
        if error.status_code == 404 and message == "Not Found":
            message = f"Nothing at {request.url.path}."
        response = error_response(request, error.status_code, message)
        if error.headers:
            response.headers.update(error.headers)
        return response

    @api.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        parts = []
        for problem in error.errors():
            where = ".".join(str(p) for p in problem.get("loc", ()) if p != "query")
            parts.append(f"{where}: {problem.get('msg', 'invalid')}")
        return error_response(request, 422, "; ".join(parts) or "Invalid request.")

    @api.exception_handler(RashomonError)
    async def rashomon_error(request: Request, error: RashomonError) -> Response:
        if isinstance(error, NotFound | application.UnknownIncidentError):
            status = 404
        elif isinstance(error, BadRequest):
            status = 422
        elif isinstance(error, application.EmptyStoreError):
            status = 404
        else:
            status = 400
        return error_response(request, status, error.message)

    # --- the data, shared by pages and API --------------------------------------------

    def listing(filters: Filters, page_number: int, per_page: int) -> application.IncidentPage:
        try:
            return application.incidents(
                store, filters.where, page=page_number, per_page=per_page, params=params
            )
        except application.EmptyStoreError:
            return application.IncidentPage([], 0, 0)

    def coordinates(incidents: list[Any]) -> dict[str, str]:
        return places.coordinates({p for i in incidents for p in i.places})

    def comparison_of(incident_id: str) -> Comparison:
        """The stored incident's ledger; an unknown id is a 404 that names no database."""
        try:
            return application.ledger(store, incident_id, params)
        except (application.UnknownIncidentError, application.EmptyStoreError):
            raise NotFound(f"No incident {incident_id!r} in this store.") from None

    def ledger_data(incident_id: str) -> tuple[Comparison, views.LedgerView]:
        """The ledger and its page, built once per state of the incident (``Ledgers``)."""
        version = queries.incident_version(store, incident_id)
        found = ledgers.get(incident_id, version)
        if found is not None:
            return found
        comparison = comparison_of(incident_id)
        ids = comparison.incident.article_ids
        texts = queries.articles_info(store, ids)
        outlets = {a: info.outlet for a, info in texts.items()}
        view = views.ledger_view(comparison, texts, outlets, coordinates([comparison.incident]))
        ledgers.put(incident_id, version, (comparison, view))
        return comparison, view

    def analysis_of(article_id: str) -> Analysis:
        found = store.analysis(article_id)
        if found is None:
            raise NotFound(f"No article {article_id!r} in this store.")
        return found

    FilterArgs = tuple[str | None, str | None, str | None, str | None, str | None]

    def filter_args(
        since: Annotated[str | None, Query(description="YYYY-MM-DD: ending on or after")] = None,
        until: Annotated[str | None, Query(description="YYYY-MM-DD: starting on or before")] = None,
        place: Annotated[str | None, Query(description="a place name holding this")] = None,
        type: Annotated[str | None, Query(description="an event type (attack...)")] = None,
        text: Annotated[str | None, Query(description="places or titles holding this")] = None,
    ) -> FilterArgs:
        return since, until, place, type, text

    Filtered = Annotated[FilterArgs, Depends(filter_args)]
    PageNumber = Annotated[int, Query(alias="page", ge=1, description="page, from 1")]
    PerPage = Annotated[int | None, Query(ge=1, le=MAX_PER_PAGE, description="incidents per page")]

    # --- pages ------------------------------------------------------------------------

    @api.get("/", response_class=HTMLResponse, include_in_schema=False)
    def incidents_page(
        filtered: Filtered, page_number: PageNumber = 1, per_page: PerPage = None
    ) -> HTMLResponse:
        size = per_page or config.per_page
        filters = read_filters(*filtered)
        listed = listing(filters, page_number, size)
        found = coordinates(listed.incidents)
        rows = [views.incident_row(i, listed.outlets, found) for i in listed.incidents]
        pages = max(1, -(-listed.total // size))
        query = "&".join(f"{k}={_q(v)}" for k, v in filters.form.items())
        return page(
            "incidents.html",
            rows=rows,
            listed=listed,
            form=filters.form,
            types=[t.value for t in EventType],
            page=page_number,
            pages=pages,
            per_page=size,
            query=query,
        )

    @api.get("/incidents", include_in_schema=False)
    def incidents_redirect(request: Request) -> RedirectResponse:
        target = "/" + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(target, status_code=307)

    @api.get("/incidents/{incident_id}", response_class=HTMLResponse, include_in_schema=False)
    def incident_page(incident_id: str) -> HTMLResponse:
        _, view = ledger_data(incident_id)
        return page("incident.html", ledger=view)

    @api.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str, s: str | None = None) -> HTMLResponse:
        analysis = analysis_of(article_id)
        target = parse_span(s, len(analysis.article.text))
        owners = queries.incidents_of(store, [article_id])
        view = views.article_view(analysis, sorted(set(owners.values())), target)
        return page("article.html", article=view, incident_href=views.incident_href)

    @api.get("/claimants/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def claimant_page(name: str) -> HTMLResponse:
        found = queries.statements(store, name)
        if not found:
            raise NotFound(f"No statements by a claimant named {name!r} in this store.")
        return page(
            "claimant.html",
            name=name,
            statements=[_statement_view(s) for s in found],
        )

    @api.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs_page() -> HTMLResponse:
        return page("docs.html", routes=_routes(api.openapi()))

    # --- the JSON API -----------------------------------------------------------------

    @api.get("/api/incidents", summary="Stored incidents (filtered, one page)")
    def incidents_api(
        filtered: Filtered, page_number: PageNumber = 1, per_page: PerPage = None
    ) -> dict[str, Any]:
        """Incidents as ``rashomon incidents --format json`` lists them (each with its
        outlet count), the number that match and the page."""
        size = per_page or config.per_page
        filters = read_filters(*filtered)
        listed = listing(filters, page_number, size)
        found = coordinates(listed.incidents)
        return {
            "ok": True,
            "total": listed.total,
            "articles": listed.articles,
            "page": page_number,
            "per_page": size,
            "incidents": [incident_record(i, listed.outlets) for i in listed.incidents],
            "coordinates": found,
        }

    def every_incident(filters: Filters) -> tuple[list[Any], dict[str, str | None]]:
        listed = listing(filters, 1, DOWNLOAD_CAP)
        return listed.incidents, listed.outlets

    @api.get(
        "/api/incidents.csv",
        summary="The filtered incidents as CSV",
        response_class=Response,
        responses={200: {"content": {"text/csv": {}}}},
    )
    def incidents_csv(filtered: Filtered) -> Response:
        """One row per incident; cells a spreadsheet would read as a formula are quoted."""
        incidents, outlets = every_incident(read_filters(*filtered))
        rows: list[tuple[object, ...]] = [CSV_HEADER]
        for i in incidents:
            record = incident_record(i, outlets)
            rows.append(
                (
                    i.id,
                    record["type"],
                    record["start"] or "",
                    record["end"] or "",
                    "; ".join(i.places),
                    len(i.article_ids),
                    record["outlets"],
                )
            )
        return Response(
            render_csv(rows),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="incidents.csv"'},
        )

    @api.get(
        "/api/incidents.jsonl",
        summary="The filtered incidents as JSON Lines",
        response_class=Response,
        responses={200: {"content": {"application/x-ndjson": {}}}},
    )
    def incidents_jsonl(filtered: Filtered) -> Response:
        """One incident record a line (as ``/api/incidents`` gives them)."""
        incidents, outlets = every_incident(read_filters(*filtered))
        lines = "".join(
            json.dumps(incident_record(i, outlets), ensure_ascii=False) + "\n" for i in incidents
        )
        return Response(
            lines,
            media_type="application/x-ndjson; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="incidents.jsonl"'},
        )

    @api.get("/api/incidents/{incident_id}", summary="One incident, its ledger and timeline")
    def incident_api(incident_id: str) -> dict[str, Any]:
        """``incident``: the incident record; ``ledger``: what ``rashomon compare ID
        --format json`` writes; ``timeline``: each claimant's values by first day seen."""
        comparison, view = ledger_data(incident_id)
        outlets = {m.id: m.outlet or None for m in view.members}
        return {
            "ok": True,
            "incident": incident_record(comparison.incident, outlets),
            "ledger": comparison_to_dict(comparison),
            "timeline": [
                {
                    "claimant": row.name,
                    "values": [
                        {"label": label.text, "href": label.href, "strength": label.strength}
                        for label in row.labels
                    ],
                }
                for row in view.timeline.rows
            ],
        }

    @api.get("/api/incidents/{incident_id}/ledger", summary="The ledger (as compare writes it)")
    def ledger_api(incident_id: str) -> dict[str, Any]:
        """Exactly ``rashomon compare ID --format json``."""
        return comparison_to_dict(ledger_data(incident_id)[0])

    @api.get("/api/articles/{article_id}", summary="One stored analysis")
    def article_api(article_id: str) -> dict[str, Any]:
        """``analysis``: the record ``rashomon analyze --format json`` writes for it;
        ``incidents``: the incidents it is in."""
        analysis = analysis_of(article_id)
        owners = queries.incidents_of(store, [article_id])
        return {
            "ok": True,
            "analysis": analysis_to_dict(analysis),
            "incidents": sorted(set(owners.values())),
        }

    @api.get("/api/claimants/{name:path}", summary="One claimant's statements")
    def claimant_api(name: str) -> dict[str, Any]:
        """Every claim and figure stated by a claimant of this name, by date, with the
        article and incident each is in."""
        found = queries.statements(store, name)
        if not found:
            raise NotFound(f"No statements by a claimant named {name!r} in this store.")
        return {
            "ok": True,
            "name": name,
            "statements": [
                {
                    "article": s.article_id,
                    "incident": s.incident_id,
                    "date": s.published.isoformat() if s.published else None,
                    "outlet": s.outlet,
                    "kind": s.kind,
                    "type": s.type,
                    "text": s.text,
                    "span": [s.start, s.end],
                }
                for s in found
            ],
        }

    @api.post(
        "/api/articles",
        summary="Ingest articles (needs the token)",
        openapi_extra={
            "requestBody": {
                "content": {
                    "text/plain": {"schema": {"type": "string"}},
                    "text/html": {"schema": {"type": "string"}},
                    "application/x-ndjson": {"schema": {"type": "string"}},
                    "application/json": {"schema": {"type": "object"}},
                },
                "required": True,
            }
        },
    )
    async def post_articles(request: Request, url: str | None = None) -> Response:
        """Text (``text/plain``), a page (``text/html``, ``?url=`` its address), a corpus
        (``application/x-ndjson``: one JSON article a line) or ``application/json`` (one
        article record, or ``{"url": ...}`` to fetch; private addresses are refused).
        Needs ``Authorization: Bearer TOKEN``; 403 when the server is read-only."""
        _authorise(config.token, request.headers.get("authorization"))
        limit = settings.max_input_bytes
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise StarletteHTTPException(413, f"The body is over {limit:,} bytes.")
        body = bytearray()
        async for chunk in request.stream():
            body.extend(chunk)
            if len(body) > limit:
                raise StarletteHTTPException(413, f"The body is over {limit:,} bytes.")
        kind = request.headers.get("content-type", "")
        try:
            items = read_posted(bytes(body), kind, settings, url=url)
        except UnsupportedBody as error:
            raise StarletteHTTPException(415, str(error)) from None
        result = await run_in_threadpool(writer.write, store, items)
        data = result.to_dict()
        if not result.stored and result.skipped and not result.duplicates:
            first = result.skipped[0]
            data.update(error=f"[{first.code}] {first.message}", status=422)
            return JSONResponse(data, 422)
        return JSONResponse(data, 201 if result.stored else 200)

    return api


def _authorise(token: str | None, header: str | None) -> None:
    if token is None:
        raise StarletteHTTPException(
            403, "This server is read-only; start it with --token-file to accept writes."
        )
    scheme, _, given = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        raise StarletteHTTPException(
            401,
            "Writes need 'Authorization: Bearer TOKEN' with the server's token.",
            headers={"WWW-Authenticate": "Bearer"},
        )


def _q(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


@dataclass(frozen=True, slots=True)
class StatementView:
    date: str
    outlet: str
    title: str
    kind: str
    type: str
    text: str
    href: str
    incident: str
    incident_href: str


def _statement_view(found: queries.Statement) -> StatementView:
    return StatementView(
        date=found.published.isoformat() if found.published else "undated",
        outlet=found.outlet or "",
        title=found.title or found.article_id,
        kind=found.kind,
        type=found.type,
        text=found.text,
        href=views.sentence_href(found.article_id, (found.start, found.end)),
        incident=found.incident_id or "",
        incident_href=views.incident_href(found.incident_id) if found.incident_id else "",
    )


@dataclass(frozen=True, slots=True)
class RouteDoc:
    method: str
    path: str
    summary: str
    description: str
    parameters: tuple[tuple[str, str, str], ...]  # (name, where, description)


def _routes(schema: dict[str, Any]) -> Iterator[RouteDoc]:
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            yield RouteDoc(
                method=method.upper(),
                path=path,
                summary=operation.get("summary", ""),
                description=operation.get("description", ""),
                parameters=tuple(
                    (
                        p.get("name", ""),
                        p.get("in", ""),
                        p.get("description", "") or p.get("schema", {}).get("description", ""),
                    )
                    for p in operation.get("parameters", [])
                ),
            )


def serve(config: WebConfig, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve ``create_app(config)`` with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(
        create_app(config),
        host=host,
        port=port,
        log_level="info",
        access_log=False,
        timeout_keep_alive=30,
        backlog=4096,
    )
