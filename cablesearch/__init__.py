"""cablesearch: full-text search over collections of US diplomatic cables.

The public API: parse cables (`parse_cable`, `parse_path`), and the records
they produce (`Cable`, `Paragraph`, …). Names are loaded on first use, so
`import cablesearch` stays cheap for worker processes and the CLI.
"""

from typing import Any

from cablesearch.errors import (CablesearchError, IndexError_, IndexVersionError, NotFoundError, ParseError,
                                QueryError, ReadError, UsageError)
from cablesearch.model import (Cable, ClassifiedBy, Declassification, Foia, Paragraph, RawCable, Recipient,
                               Skip, Source)

__version__ = "0.1.0"

_API = ("CableIndex", "IndexReport", "ParseReport", "build_index", "default_index_dir", "iter_parse",
        "open_index", "parse_cable", "parse_path", "search")

__all__ = [
    "Cable", "CablesearchError", "ClassifiedBy", "Declassification", "Foia", "IndexError_",
    "IndexVersionError", "NotFoundError", "Paragraph", "ParseError", "QueryError", "RawCable", "ReadError",
    "Recipient", "Skip", "Source", "UsageError", "__version__", *_API,
]


def __getattr__(name: str) -> Any:
    if name in _API:
        from cablesearch import api

        return getattr(api, name)
    raise AttributeError(name)
