"""The one exception tree of cablesearch.

Every error a user can cause or meet is one of these, so the CLI can turn it
into one readable line and an exit code in a single place (``cli.main``)::

    CablesearchError            exit 1  anything we expected could go wrong
    ├── ReadError               exit 1  a file could not be read as cables (skipped, never fatal in a walk)
    ├── ParseError              exit 1  a text is not a cable at all
    ├── IndexUnavailableError   exit 1  the index is missing, locked, or damaged
    │   ├── IndexVersionError   exit 1  written by an incompatible version: rebuild
    │   └── IndexWriteError     exit 1  a build could not write (disk full, a writer died): last commit kept
    ├── NotFoundError           exit 1  no cable with that id in the index
    └── UsageError              exit 2  a bad option or argument
        └── QueryError          exit 2  a query that cannot be parsed or names an unknown field
            └── QueryTimeoutError  exit 2  a query that ran past its time budget (`timeout=`, `--timeout`)

The class attribute ``exit_code`` carries the code, so adding a new error never
means touching the CLI.
"""

from __future__ import annotations


class CablesearchError(Exception):
    """Base of every error cablesearch raises on purpose."""

    exit_code = 1


class ReadError(CablesearchError):
    """A file that cannot be read as cables; the message is the one-line reason."""


class ParseError(CablesearchError, ValueError):
    """A text that is not a cable (empty, binary, no cable structure at all)."""


class IndexUnavailableError(CablesearchError):
    """The index cannot be opened or written (missing, locked, damaged)."""


#: This error's earlier name, kept so scripts that catch it keep working.
IndexError_ = IndexUnavailableError


class IndexVersionError(IndexUnavailableError):
    """The index was written by an incompatible schema version."""


class IndexWriteError(IndexUnavailableError):
    """A build that could not finish writing (a full disk, a writer process that died, the
    folder removed under it). The run was cancelled: the last commit is what readers see."""


class NotFoundError(CablesearchError, LookupError):
    """No cable with the requested id in the index."""


class UsageError(CablesearchError):
    """A bad option or argument on the command line or in an API call."""

    exit_code = 2


class QueryError(UsageError):
    """A query that cannot be parsed, names an unknown field, or an impossible date."""


class QueryTimeoutError(QueryError):
    """A query that ran past its time budget (`timeout=` in the API, `--timeout` on the command
    line): refused, as a pattern standing for too many words is, with exit code 2 -- the query,
    or the budget, has to change for it to run. `seconds` is the budget it ran past."""

    def __init__(self, message: str, seconds: float | None = None) -> None:
        super().__init__(message)
        self.seconds = seconds
