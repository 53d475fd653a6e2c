"""`cablesearch serve`: a local, read-only web page over an index (the `web` extra).

The page is a face of the Python API, like the CLI: every page and JSON route
calls `CableIndex` (and the API's `Refiner` for facet links, `search(...,
timeline=True)` for the timeline); nothing here searches, counts or parses on
its own. This module imports no web framework, so `import cablesearch` works
without the extra; `serve` and `create_app` load Starlette, Jinja2 and uvicorn
when called, and say in one line what to install when they are missing::

    server.py     serve(): open the index, bind 127.0.0.1:8642, run uvicorn
    app.py        create_app(): the Starlette application, its routes and headers
    searches.py   the one function every search goes through; request parameters
    pages.py      what each page shows, worked out from the API's results
    render.py     the Jinja2 environment (autoescaping) and its filters
    templates/    the HTML;  static/  the CSS and the one script, served from the package
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Callable

from cablesearch.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover - types only
    from cablesearch.api import CableIndex

#: The one line a user without the extra reads.
MISSING_EXTRA = "the web page needs the web extra: pip install 'cablesearch[web]'"

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8642

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "MISSING_EXTRA", "create_app", "require_extra", "serve"]


def require_extra() -> None:
    """UsageError (exit code 2) with `MISSING_EXTRA` unless Starlette, Jinja2 and uvicorn import."""
    try:
        import jinja2  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise UsageError(MISSING_EXTRA) from None


def create_app(index: "CableIndex", *, allowed_hosts: list[str] | None = None) -> Any:
    """The web application (ASGI) over an open index, which it keeps open and never writes.
    `allowed_hosts`: Host headers answered (None: any; `serve` gives the loopback names when
    it listens on a loopback address, so no other site's page can reach it by DNS rebinding)."""
    require_extra()
    from cablesearch.web.app import build_app

    return build_app(index, allowed_hosts=allowed_hosts)


def serve(index: str | os.PathLike[str] | None = None, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          open_browser: bool = False, echo: Callable[[str], None] | None = None) -> None:
    """Serve the index at `index` (default: as every command) on http://host:port/ until
    interrupted. `echo` prints the address line and, for a host other than 127.0.0.1 /
    localhost, a warning that the collection is visible to the network (default: stderr).
    `open_browser`: open the page in the default browser once listening. Raises UsageError
    without the web extra, IndexUnavailableError without an index, CablesearchError when the
    address cannot be listened on."""
    require_extra()
    from cablesearch.web.server import run

    run(index, host=host, port=port, open_browser=open_browser, echo=echo)
