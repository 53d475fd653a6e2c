"""Column counts from Tantivy's own aggregations: one call counts every asked column over a
query's matches, in Rust, so a facet costs nothing per match in Python.

Contract: `counts_of` gives what `Column.counts` would give over the same documents --
facet columns as their raw `;`-joined values (bytes, b"" for none), numeric columns as ints
with None for documents without a value -- or None when an aggregation was cut (Tantivy's
terms aggregation returns at most `size` values, and counts per segment before merging: a
result is exact only when it reports no other documents and no possible error).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from cablesearch.engine.tantivy.schema import column_hash

#: Values a numeric column's aggregation returns at most (years and months of a collection).
NUMERIC_SIZE = 20_000
#: Ids held by more than one cable document (copies) that an index may have for its pages to
#: be counted here (past it the searcher gathers every match itself).
REPEATED_SIZE = 100_000
#: Copies of one cable a group lists at most.
COPIES_SIZE = 1_000


def terms(field: str, size: int, segment_size: int | None = None, **more: Any) -> dict[str, Any]:
    """A terms aggregation that counts every value when there are at most `size` of them (and
    at most `segment_size` in any one segment)."""
    return {"terms": {"field": field, "size": size, "segment_size": max(size, segment_size or 0), **more}}


def column_spec(name: str, numeric: bool, distinct: int) -> dict[str, Any]:
    """The aggregation of one column: its fast field (a facet column's hashes), sized for its
    `distinct` values."""
    return terms(name if numeric else column_hash(name), NUMERIC_SIZE if numeric else max(distinct, 1))


def repeated_spec(documents: int) -> dict[str, Any]:
    """Ids held by two of `documents` documents or more, each with its documents' `seq`
    numbers. Every id of a segment is counted (an id held once in each of two segments is
    held twice)."""
    return {**terms(column_hash("id"), REPEATED_SIZE, documents, min_doc_count=2),
            "aggs": {"seq": terms("seq", COPIES_SIZE)}}


def exact(result: dict[str, Any], size: int) -> bool:
    """Did a terms aggregation return every value, with exact counts?"""
    return not result.get("sum_other_doc_count") and not result.get("doc_count_error_upper_bound") \
        and len(result.get("buckets") or ()) < size


def counts_of(result: dict[str, Any], numeric: bool, total: int, value: Callable[[int], bytes]
              ) -> Counter[Any] | None:
    """A column's Counter from its aggregation over `total` matches (`value`: a hash's raw
    value); None when the aggregation was cut."""
    buckets = result.get("buckets") or ()
    if not exact(result, NUMERIC_SIZE if numeric else len(buckets) + 1):
        return None
    out: Counter[Any] = Counter()
    if numeric:
        for b in buckets:
            out[int(b["key"]) or None] += int(b["doc_count"])
        missing = total - sum(out.values())
        if missing:
            out[None] += missing
        return out
    for b in buckets:
        out[value(int(b["key"]))] += int(b["doc_count"])
    return out


def repeated_of(result: dict[str, Any]) -> list[list[int]] | None:
    """The groups of an aggregation of repeated ids (each ascending); None when it was cut."""
    buckets = result.get("buckets") or ()
    if not exact({**result, "sum_other_doc_count": 0}, REPEATED_SIZE):
        return None  # (every id held once is an "other" document: that count says nothing)
    groups = []
    for b in buckets:
        seqs = b["seq"]
        if not exact(seqs, COPIES_SIZE):
            return None
        groups.append(sorted(int(s["key"]) for s in seqs["buckets"]))
    return groups


def specs(columns: Sequence[str], numeric: Callable[[str], bool], distinct: Callable[[str], int]
          ) -> dict[str, Any]:
    """Every column's aggregation, for one call."""
    return {name: column_spec(name, numeric(name), distinct(name)) for name in columns}
