"""Facet counts over every matching cable, read from per-document columns.

Each facetable field has a column (`fc_<name>`, see schema.py) holding its
values `;`-joined in display case, and year/month are numeric columns, so a
count is one column read per matching document — no posting-list walks
(`groupedby` re-walks them on every search: whoosh-notes.md) and no stored
records. Following Datasette, values selected by the query stay listed, at
count 0 when nothing matches them, and each facet says whether it was cut.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from cablesearch.errors import UsageError
from cablesearch.results import FacetResult, FacetValue
from cablesearch.schema import FACET_FIELDS, column_name, numeric_column

NUMERIC_FACETS = ("year", "month")
FACET_ALIASES = {"tag": "tags", "class": "classification", "from": "origin", "person": "people",
                 "signer": "signed_by", "caveat": "caveats", "foia": "foia_status", "refs": "references"}
FACET_NAMES = tuple(FACET_FIELDS) + NUMERIC_FACETS


def canonical_facet(name: str) -> str:
    low = FACET_ALIASES.get(name.lower(), name.lower())
    if low not in FACET_NAMES:
        import difflib

        near = difflib.get_close_matches(low, FACET_NAMES, n=1)
        hint = f" (did you mean {near[0]}?)" if near else ""
        raise UsageError(f"unknown facet {name!r}{hint}; facets: {', '.join(FACET_NAMES)}")
    return low


def _display_month(v: int) -> str:
    return f"{v // 100:04d}-{v % 100:02d}"


def count_facets(reader: Any, docnums: Iterable[int], names: Iterable[str], size: int,
                 selected: dict[str, set[str]] | None = None) -> dict[str, FacetResult]:
    """Count each facet over `docnums`; keep `size` values (+ the selected ones)."""
    docnums = list(docnums)
    selected = selected or {}
    out: dict[str, FacetResult] = {}
    for name in names:
        counts: Counter[str] = Counter()
        if name in NUMERIC_FACETS:
            value = numeric_column(reader, name)
            for d in docnums:
                v = value(d)
                if v:
                    counts[_display_month(v) if name == "month" else str(v)] += 1
        else:
            col = reader.column_reader(column_name(name))
            for d in docnums:
                raw = col[d]
                if raw:
                    for v in dict.fromkeys(raw.decode("utf-8").split(";")):
                        counts[v] += 1
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        sel = {s.lower() for s in selected.get(name, ())}
        values = [FacetValue(v, c, v.lower() in sel) for v, c in ranked[:size]]
        shown = {v.value.lower() for v in values}
        for v, c in ranked[size:]:
            if v.lower() in sel:
                values.append(FacetValue(v, c, True))
                shown.add(v.lower())
        for s in sorted(sel - shown - {v.lower() for v, _ in ranked}):
            values.append(FacetValue(s.upper() if name not in ("people", "origin") else s, 0, True))
        out[name] = FacetResult(name, tuple(values), truncated=len(ranked) > size)
    return out
