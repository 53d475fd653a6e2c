"""A search's matches counted by date: the timeline a web page draws as a bar chart.

Counted like the `year` and `month` facets, from the same numeric columns (one
column read per matching document, no stored record), but kept in date order
with the empty periods between the first and last match filled in, so a chart
needs no gaps worked out. Each bin's period is a valid `--from`/`--to` value:
clicking a bar narrows the search to it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from cablesearch.results import Timeline, TimelineBin

#: Matches spread over at most this many calendar years are counted by month.
MONTHS_WITHIN_YEARS = 2


def count_timeline(reader: Any, docnums: Iterable[int], counted: dict[str, Counter[Any]] | None = None
                   ) -> Timeline:
    """The timeline of `docnums` (cable or paragraph documents; any order): by year, or by
    month when every dated match falls within `MONTHS_WITHIN_YEARS` calendar years. The
    `month` column is read only then. `counted`: the `year` and `month` columns already
    counted over the matches (`Reader.top`), read instead of the columns of `docnums`."""
    ordered = sorted(docnums)

    def counts(name: str) -> Counter[Any]:
        return counted[name] if counted is not None else reader.column(name).counts(ordered)

    years = counts("year")
    undated = sum(n for y, n in years.items() if not y)
    dated = sorted(y for y in years if y)
    if not dated:
        return Timeline("year", (), undated)
    first, last = dated[0], dated[-1]
    if last - first < MONTHS_WITHIN_YEARS:
        months = counts("month")
        known = sorted(m for m in months if m)
        bins = tuple(TimelineBin(f"{m // 100:04d}-{m % 100:02d}", months.get(m, 0))
                     for m in _month_range(known[0], known[-1]))
        return Timeline("month", bins, undated)
    return Timeline("year", tuple(TimelineBin(f"{y:04d}", years.get(y, 0)) for y in range(first, last + 1)),
                    undated)


def _month_range(first: int, last: int) -> Iterable[int]:
    """Months as YYYYMM numbers from `first` to `last`, both included."""
    y, m = divmod(first, 100)
    while y * 100 + m <= last:
        yield y * 100 + m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
