"""cablesearch: full-text search over collections of US diplomatic cables.

The public API, exported here by name: build and open an index
(`build_index`, `open_index`, `CableIndex`), verify it (`check_index`), search it (`search`, or
`CableIndex.search` for many searches), parse cables without an index
(`parse_cable`, `parse_path`, `iter_parse`), the records they produce
(`Cable`, `Paragraph`, …) and the errors every call may raise.
"""

from cablesearch.api import (CableIndex, IndexCheck, IndexReport, ParseReport, Progress, Refiner, build_index,
                             check_index, default_index_dir, describe_tag, filter_text, iter_parse, open_index,
                             parse_cable, parse_path, search)
from cablesearch.errors import IndexError_  # noqa: F401 - IndexUnavailableError's old name, not in __all__
from cablesearch.errors import (CablesearchError, ClusterError, IndexDamagedError, IndexUnavailableError,
                                IndexUnfinishedError, IndexVersionError, IndexWriteError, NotFoundError, ParseError,
                                QueryError, QueryTimeoutError, ReadError, UsageError)
from cablesearch.model import (Cable, ClassifiedBy, Declassification, Foia, Paragraph, RawCable, Recipient,
                               Skip, Source)
from cablesearch.web import serve

__version__ = "0.1.0"

__all__ = [
    "Cable", "CableIndex", "CablesearchError", "ClassifiedBy", "ClusterError", "Declassification", "Foia", "IndexCheck",
    "IndexDamagedError", "IndexReport", "IndexUnavailableError", "IndexUnfinishedError", "IndexVersionError",
    "IndexWriteError",
    "NotFoundError", "Paragraph", "ParseError", "ParseReport", "Progress", "QueryError", "QueryTimeoutError",
    "RawCable", "ReadError", "Recipient", "Refiner", "Skip", "Source", "UsageError", "__version__", "build_index",
    "check_index", "default_index_dir", "describe_tag", "filter_text", "iter_parse", "open_index", "parse_cable",
    "parse_path", "search", "serve",
]
