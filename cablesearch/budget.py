"""A query's time budget: how long one search may run, checked where the work is.

A search given a timeout (`timeout=` in the API, `--timeout` on the command line)
carries a `Budget` from the searching layer down through the engine's interface
(`engine/base.py`), and every loop that can run long calls `check()` every so
many items: a wildcard's or fuzzy word's walk of the lexicon, a term's postings,
a phrase's candidates, collapsing copies, facet counts, the did-you-mean search,
snippets. Past the deadline `check()` raises QueryTimeoutError (exit code 2,
one line), so a search ends within one such step of its budget; no thread, no
signal, nothing left running. The engine may read `deadline` (a
`time.monotonic()` value) instead, as a library with its own timeout would.

What a budget covers is the search's own work: parsing, matching, ranking,
collapsing copies, sorting, facets, the suggestion and the hits a call returns.
A stream's hits (`CableIndex.stream`, `search --all`) are built as the caller
takes them, outside the budget: each costs one record and its snippets, and a
consumer that pauses (`--all | less`) must not run the clock.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from cablesearch.errors import QueryTimeoutError, UsageError

#: The budget a web page gives each search unless told otherwise, in seconds. Datasette
#: gives an SQL query 1 s (`sql_time_limit_ms`); a search here is slower Python, and at
#: Cablegate's size a tag + year filter takes up to ~0.7 s at p95 (design/whoosh-notes.md),
#: so twice that: every ordinary search fits, a runaway pattern costs a server 2 s at most.
DEFAULT_WEB_TIMEOUT_S = 2.0


class Budget:
    """`seconds` of time for one query, from when it was made (`start`)."""

    __slots__ = ("seconds", "deadline")

    def __init__(self, seconds: float, *, now: float | None = None) -> None:
        self.seconds = seconds
        #: The `time.monotonic()` value past which the query is refused.
        self.deadline = (time.monotonic() if now is None else now) + seconds

    @classmethod
    def start(cls, timeout: float | None) -> Budget | None:
        """A budget of `timeout` seconds from now; None (no limit) for None, 0 or infinity.
        UsageError for a negative or non-numeric timeout."""
        if timeout is None:
            return None
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or math.isnan(timeout) \
                or timeout < 0:
            raise UsageError(f"timeout must be a number of seconds, 0 or more (0: no limit), not {timeout!r}")
        if timeout == 0 or math.isinf(timeout):
            return None
        return cls(float(timeout))

    def expired(self) -> bool:
        return time.monotonic() > self.deadline

    def check(self) -> None:
        """Raise QueryTimeoutError once the deadline has passed."""
        if time.monotonic() > self.deadline:
            raise QueryTimeoutError(f"the query ran past its time budget of {self.seconds:g} s: "
                                    f"narrow it, or raise the timeout (--timeout SECONDS, 0: no limit)",
                                    self.seconds)

    def every(self, n: int) -> Callable[[], None]:
        """A function to call once per item of a long loop: it reads the clock every `n`-th call."""
        count = 0
        check = self.check

        def tick() -> None:
            nonlocal count
            count += 1
            if count >= n:
                count = 0
                check()

        return tick

    def __repr__(self) -> str:
        return f"Budget({self.seconds:g} s, {self.deadline - time.monotonic():+.3f} s left)"


def check(budget: Budget | None) -> None:
    """`budget.check()`, for a budget that may be None (no limit)."""
    if budget is not None:
        budget.check()
