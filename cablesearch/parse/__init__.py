"""The parse layer: raw cable text -> `Cable`. Knows nothing of Whoosh or click.

One module per part of a cable (header, banner, declass, subject, tags, refs,
body, foia), with `clean` for the noise every format adds and `ids` for the
identifier rules they share; `cable.parse_cable` puts them together.
(Loaded lazily, so importing one field parser does not import them all.)
"""

from typing import Any

from cablesearch.errors import ParseError

__all__ = ["ParseError", "parse_cable", "parse_raw"]


def __getattr__(name: str) -> Any:
    if name in ("parse_cable", "parse_raw"):
        from cablesearch.parse import cable

        return getattr(cable, name)
    raise AttributeError(name)
