"""The Starlette application: routes, security headers, errors as pages.

Routes (GET and HEAD only; anything else is 405, nothing is ever written)::

    /                        the search page (every cable, with facets and timeline)
    /search?q=…              the search page for a query
    /cable/<id>              a cable (`?copy=N` for another copy)
    /cable/<id>/diff         two copies side by side (`?from=…&to=…`, as `cablesearch diff`)
    /syntax                  the query language cheat-sheet
    /api/search              `cablesearch search --json` (`--nl`, `--csv` with format=nl|csv)
    /api/cable/<id>          `cablesearch show --json`
    /api/cable/<id>/refs     `cablesearch refs --json` (`?depth=N`)
    /api/cable/<id>/versions `cablesearch versions --json`
    /api/cable/<id>/diff     `cablesearch diff --json`
    /static/…                the CSS and the script, from the package

Errors are project exceptions turned into one line: on a page beside the query
box (a bad query) or as a short error page, in the JSON API as
`{"error": message, "type": class name, "exit_code": n}` with HTTP 400 for a
UsageError (QueryError included), 404 for NotFoundError, 503 for an index that
cannot be read. An unexpected exception is a plain 500 page: no stack trace.

Index calls run on the event loop, one at a time, so the kept-open `CableIndex`
and its caches are never used by two requests at once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cablesearch.api import CableIndex
from cablesearch.errors import CablesearchError, IndexUnavailableError, NotFoundError, UsageError
from cablesearch.output import CSV_COLUMNS, dumps, hit_csv_row
from cablesearch.web.pages import cable_page, diff_page, search_page
from cablesearch.web.render import render
from cablesearch.web.searches import ApiForm, PageForm, run_search, run_stream

#: No script but the package's own file, no style but its own sheet, nothing from elsewhere,
#: no framing, forms only to this server.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
MEDIA_TYPES = {"json": "application/json", "nl": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}


class SecurityHeaders:
    """ASGI middleware adding `SECURITY_HEADERS` to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _status(exc: CablesearchError) -> int:
    if isinstance(exc, UsageError):
        return 400
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, IndexUnavailableError):
        return 503
    return 500


def _json_error(exc: CablesearchError) -> JSONResponse:
    body = {"error": " ".join(str(exc).split()), "type": type(exc).__name__, "exit_code": exc.exit_code}
    return JSONResponse(body, status_code=_status(exc))


def _page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("form", PageForm())
    return HTMLResponse(render(template, **context), status_code=status)


def _error_page(exc: CablesearchError) -> HTMLResponse:
    return _page("error.html", _status(exc), message=" ".join(str(exc).split()), title="Not found"
                 if isinstance(exc, NotFoundError) else "Error")


def _json(data: Any) -> Response:
    """JSON exactly as the CLI's `--json` writes it (`output.dumps`: UTF-8, not ASCII-escaped)."""
    return Response(dumps(data) + "\n", media_type="application/json")


async def _lines(chunks: Iterable[str]) -> AsyncIterator[str]:
    """A streamed body built on the event loop, one hit at a time, between other requests."""
    for chunk in chunks:
        yield chunk


def _json_stream(head: dict[str, Any], hits: Iterator[Any]) -> Iterator[str]:
    """`search --all --json`: the Results object with its hits streamed into it."""
    first = True
    for n, (key, value) in enumerate(head.items()):
        yield f"{', ' if n else '{'}{dumps(key)}: "
        if key != "hits":
            yield dumps(value)
            continue
        yield "["
        for hit in hits:
            yield ("" if first else ", ") + dumps(hit.to_dict())
            first = False
        yield "]"
    yield "}\n"


def _csv_stream(hits: Iterable[Any]) -> Iterator[str]:
    """`search --csv`: the CLI's columns, each cell made inert for spreadsheets."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    for hit in hits:
        writer.writerow(hit_csv_row(hit.to_dict()))
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


def build_app(index: CableIndex, *, allowed_hosts: list[str] | None = None) -> Starlette:
    """The application over an open index (see the module's docstring for its routes)."""

    async def home(request: Request) -> Response:
        try:
            form = PageForm.read(request.query_params)
        except UsageError as exc:
            return _page("search.html", 400, page=None, form=PageForm(q=request.query_params.get("q") or ""),
                         error=str(exc), title="cablesearch")
        page = search_page(index, form)
        title = f"{form.q} — cablesearch" if form.q else "cablesearch"
        return _page("search.html", 400 if page.error else 200, page=page, form=form, error=page.error,
                     title=title)

    async def cable(request: Request) -> Response:
        cable_id = request.path_params["cable_id"]
        page = cable_page(index, cable_id, request.query_params.get("copy"))
        return _page("cable.html", page=page, title=f"{page.cable['id']} — cablesearch")

    async def diff(request: Request) -> Response:
        cable_id = request.path_params["cable_id"]
        page = diff_page(index, cable_id, request.query_params.get("from") or None,
                         request.query_params.get("to") or None)
        return _page("diff.html", page=page, title=f"{page.diff['id']}: copies compared — cablesearch")

    async def syntax(request: Request) -> Response:
        return _page("syntax.html", title="Query syntax — cablesearch")

    async def api_search(request: Request) -> Response:
        form = ApiForm.read(request.query_params)
        if not form.all:
            results = run_search(index, form.q, limit=form.limit, **form.options())
            if form.format == "json":
                return _json(results.to_dict())
            hits: Iterable[Any] = results.hits
        else:
            head, hits = run_stream(index, form.q, **form.options())
            if form.format == "json":
                return StreamingResponse(_lines(_json_stream(head.to_dict(), hits)), media_type=MEDIA_TYPES["json"])
        if form.format == "nl":
            body: Iterable[str] = (dumps(h.to_dict()) + "\n" for h in hits)
        else:
            body = _csv_stream(hits)
        headers = {"content-disposition": "attachment; filename=cablesearch.csv"} if form.format == "csv" else None
        return StreamingResponse(_lines(body), media_type=MEDIA_TYPES[form.format], headers=headers)

    async def api_cable(request: Request) -> Response:
        return _json(index.get(request.path_params["cable_id"]).to_dict())

    async def api_refs(request: Request) -> Response:
        raw = request.query_params.get("depth") or "1"
        if not raw.isdigit() or int(raw) > 50:
            raise UsageError(f"depth must be a whole number from 0 to 50, not {raw[:20]!r}")
        return _json(index.refs(request.path_params["cable_id"], depth=int(raw)).to_dict())

    async def api_versions(request: Request) -> Response:
        return _json([v.to_dict() for v in index.copies(request.path_params["cable_id"])])

    async def api_diff(request: Request) -> Response:
        q = request.query_params
        return _json(index.diff(request.path_params["cable_id"], from_=q.get("from") or None,
                                to=q.get("to") or None).to_dict())

    async def on_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, CablesearchError)
        return on_error_page_or_json(request, exc)

    async def no_route(request: Request, exc: Exception) -> Response:
        return on_error_page_or_json(request, NotFoundError(f"no page at {request.url.path}"))

    def on_error_page_or_json(request: Request, exc: CablesearchError) -> Response:
        return _json_error(exc) if request.url.path.startswith("/api/") else _error_page(exc)

    async def on_crash(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "internal error", "type": "InternalError", "exit_code": 1}, 500)
        return _page("error.html", 500, message="internal error: the server could not answer this request",
                     title="Error")

    get = ["GET"]
    routes = [
        Route("/", home, methods=get),
        Route("/search", home, methods=get),
        Route("/syntax", syntax, methods=get),
        Route("/cable/{cable_id:path}/diff", diff, methods=get),
        Route("/cable/{cable_id:path}", cable, methods=get),
        Route("/api/search", api_search, methods=get),
        Route("/api/cable/{cable_id:path}/refs", api_refs, methods=get),
        Route("/api/cable/{cable_id:path}/versions", api_versions, methods=get),
        Route("/api/cable/{cable_id:path}/diff", api_diff, methods=get),
        Route("/api/cable/{cable_id:path}", api_cable, methods=get),
        Mount("/static", StaticFiles(packages=[("cablesearch.web", "static")]), name="static"),
    ]
    middleware = [Middleware(SecurityHeaders)]
    if allowed_hosts is not None:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts))
    return Starlette(routes=routes, middleware=middleware,
                     exception_handlers={CablesearchError: on_error, 404: no_route, Exception: on_crash})

