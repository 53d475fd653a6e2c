"""The one exception tree of cablesearch.

Every error a user can cause or meet is one of these, so the CLI can turn it
into one readable line and an exit code in a single place (``cli.main``)::

    CablesearchError            exit 1  anything we expected could go wrong
    ├── ReadError               exit 1  a file could not be read as cables (skipped, never fatal in a walk)
    ├── ParseError              exit 1  a text is not a cable at all
    ├── IndexUnavailableError   exit 1  the index is missing, locked, or damaged
    │   ├── IndexVersionError   exit 1  written by an incompatible version: rebuild
    │   ├── IndexWriteError     exit 1  a build could not write (disk full, a writer died): last commit kept
    │   ├── IndexUnfinishedError exit 1  the index's first build never committed: run it again
    │   └── IndexDamagedError   exit 1  a file of the index is damaged or missing: --check, rebuild
    ├── ClusterError            exit 1  a build's Dask cluster unreachable, or its workers cannot read the files
    ├── NotFoundError           exit 1  no cable with that id in the index
    └── UsageError              exit 2  a bad option or argument
        └── QueryError          exit 2  a query that cannot be parsed or names an unknown field
            └── QueryTimeoutError  exit 2  a query that ran past its time budget (`timeout=`, `--timeout`)

The class attribute ``exit_code`` carries the code, so adding a new error never
means touching the CLI.
"""

from __future__ import annotations

import os
import shlex


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


class IndexUnfinishedError(IndexUnavailableError):
    """The index's first build stopped (killed, out of disk) before it committed anything:
    the folder holds an index, but none of the cables it was built for. The message names
    the build to run again (`sources`: what that build was given, when known; `options`: the
    options of its command that a run again needs, such as `--cluster ADDRESS`), or, when
    `running`, says the first build has not ended yet."""

    def __init__(self, path: str | os.PathLike[str], sources: tuple[str, ...] = (), *, running: bool = False,
                 options: tuple[str, ...] = ()) -> None:
        self.path, self.sources, self.running, self.options = str(path), tuple(sources), running, tuple(options)
        run = (f"cablesearch index {' '.join(map(shlex.quote, self.sources)) or 'PATH'} "
               f"{''.join(shlex.quote(o) + ' ' for o in self.options)}--index {shlex.quote(self.path)}")
        if running:
            super().__init__(f"index at {self.path} is not built yet: its first build (`{run}`) is still running; "
                             f"search it when that ends")
        else:
            super().__init__(f"index at {self.path} is not built yet: its first build stopped before it committed "
                             f"anything; run `{run}` again")

    def __reduce__(self) -> tuple:
        return _unfinished, (self.path, self.sources, self.running, self.options)


def _unfinished(path: str, sources: tuple[str, ...], running: bool, options: tuple[str, ...] = ()
                ) -> IndexUnfinishedError:
    return IndexUnfinishedError(path, sources, running=running, options=options)


class IndexDamagedError(IndexUnavailableError):
    """A file of the index is damaged or missing (truncated, changed since it was written,
    unreadable). The message names the index, the problem and what to run: `index --check`
    to see every damaged file, `index PATH --rebuild` to build the index again from its
    sources (`sources`, the PATH to show, when the caller knows them). `checked`: the
    problem comes from `index --check` itself, so the message does not suggest it again.
    """

    def __init__(self, path: str | os.PathLike[str], problem: str, *, sources: tuple[str, ...] = (),
                 checked: bool = False) -> None:
        self.path, self.problem, self.sources, self.checked = str(path), problem, tuple(sources), checked
        where = shlex.quote(self.path)
        rebuild = f"cablesearch index {' '.join(map(shlex.quote, self.sources)) or 'PATH'} --rebuild --index {where}"
        check = "" if checked else f"run `cablesearch index --check --index {where}` to see every damaged file, or "
        super().__init__(f"index at {self.path} is damaged ({problem}); {check}rebuild it with `{rebuild}`")

    def __reduce__(self) -> tuple:  # rebuilt from its parts when it crosses a process boundary
        return _damaged, (self.path, self.problem, self.sources, self.checked)


def _damaged(path: str, problem: str, sources: tuple[str, ...], checked: bool) -> IndexDamagedError:
    return IndexDamagedError(path, problem, sources=sources, checked=checked)


class ClusterError(CablesearchError):
    """A build's Dask cluster (`--cluster`) that cannot be used: its scheduler unreachable, no
    worker joined it, or a worker that cannot read the files at the coordinator's paths."""


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
