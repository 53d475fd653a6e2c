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
from functools import lru_cache
from typing import Any

from cablesearch.budget import Budget, check
from cablesearch.errors import UsageError
from cablesearch.fields import FIELDS
from cablesearch.parse.names import person_key
from cablesearch.parse.person_table import PersonTable
from cablesearch.parse.tag_dictionary import describe, station_post
from cablesearch.results import FacetResult, FacetValue
from cablesearch.text import fold

#: Facets counted from a numeric column (the others from `;`-joined value columns).
NUMERIC_FACETS = tuple(f.name for f in FIELDS if f.facet and f.kind == "number")


#: Facets whose values are codes get a label saying what the code means.
#: A code whose meaning changed over time is labelled with each meaning and its years.
LABELS = {"tags": lambda v: describe(v).label, "station": station_post}


def _display_month(v: int) -> str:
    return f"{v // 100:04d}-{v % 100:02d}"


#: Facet value orders: by count (most first), or by value (time order for year and month).
FACET_SORTS = ("count", "value")
#: Facets listed by value unless a sort is asked for: a year's place is its meaning.
VALUE_SORTED = ("year", "month")


def facet_sort(name: str, asked: str | None) -> str:
    """The order `name`'s values are listed in: `asked`, else value for year and month, count
    for the others. UsageError for an order that is neither."""
    if asked is not None and asked not in FACET_SORTS:
        raise UsageError(f"unknown facet sort {asked!r}; use one of {', '.join(FACET_SORTS)}")
    return asked or ("value" if name in VALUE_SORTED else "count")


def count_facets(reader: Any, docnums: Iterable[int], names: Iterable[str], size: int,
                 selected: dict[str, set[str]] | None = None,
                 implied: dict[str, set[str]] | None = None, *, budget: Budget | None = None,
                 sort: str | None = None, people: PersonTable | None = None,
                 counted: dict[str, Counter[Any]] | None = None) -> dict[str, FacetResult]:
    """Count each facet over `docnums`; keep the `size` values with most matches (+ the
    selected ones), listed in the facet's order (`facet_sort`). `implied` values (what
    `tags:narcotics` stands for) are marked selected where counted, never added at 0.
    The budget is checked before each facet and as distinct values are decoded.
    `people`: the index's person table, which makes each person one row (its canonical
    name, its spellings counted in the row as the value's `variants`). `counted`: each facet's
    raw values already counted over the matches (by the engine: `Reader.top`), read instead
    of the columns of `docnums`."""
    docnums = sorted(docnums)  # once for every facet: a count needs no order, a read is fastest in this one

    def raw_counts(name: str) -> Counter[Any]:
        return counted[name] if counted is not None else reader.column(name).counts(docnums)

    selected = selected or {}
    implied = implied or {}
    out: dict[str, FacetResult] = {}
    spellings: dict[str, tuple[str, ...]] = {}
    tick = budget.every(1024) if budget is not None else None
    for name in names:
        check(budget)
        counts: Counter[str] = Counter()
        if name in NUMERIC_FACETS:
            for v, n in raw_counts(name).items():
                if v:
                    counts[_display_month(v) if name == "month" else str(v)] += n
        elif name == "people":
            counts, spellings = _count_people(raw_counts(name),
                                              budget.every(64) if budget is not None else None, people,
                                              with_spellings=True)
        else:
            # Documents share raw values (one classification, one station, a few tag sets):
            # each distinct value is decoded once and counted with its multiplicity.
            for raw, n in raw_counts(name).items():
                if tick is not None:
                    tick()
                if raw:
                    for v in _values(raw):
                        counts[v] += n
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        sel = {fold(s) for s in selected.get(name, ())}
        marked = sel | {fold(s) for s in implied.get(name, ())}
        is_selected = _person_selected(marked, spellings) if name == "people" else (lambda v: fold(v) in marked)
        label = LABELS.get(name, lambda v: None)
        more = (lambda v: spellings.get(v, ())) if name == "people" else (lambda v: ())
        values = [FacetValue(v, c, is_selected(v), label(v), more(v)) for v, c in ranked[:size]]
        values += [FacetValue(v, c, True, label(v), more(v)) for v, c in ranked[size:] if is_selected(v)]
        if name == "people":
            matched = {s for s in sel if any(_person_selected({s}, spellings)(v) for v, _ in ranked)}
        else:
            matched = sel & {fold(v) for v, _ in ranked} if sel else set()
        for s in sorted(sel - matched):
            shown = s.upper() if name not in ("people", "origin", "country") else s
            values.append(FacetValue(shown, 0, True, label(shown)))
        order = facet_sort(name, sort)
        if order == "value":  # the same values, in their own order (selected ones at 0 included)
            values.sort(key=lambda fv: (fold(fv.value), fv.value))
        out[name] = FacetResult(name, tuple(values), truncated=len(ranked) > size, sort=order)
    return out


@lru_cache(maxsize=1 << 16)
def _values(raw: bytes) -> tuple[str, ...]:
    """A column's `;`-joined values, each once; kept, as the same tag sets come back in every
    search."""
    return tuple(dict.fromkeys(raw.decode("utf-8").split(";")))


@lru_cache(maxsize=1 << 17)
def _person_key(name: str) -> str:
    """`person_key`, kept: the same names come back in search after search."""
    return person_key(name)


@lru_cache(maxsize=1 << 16)
def _people_once(raw: bytes, people: PersonTable | None = None) -> tuple[str, ...]:
    """One cable's people column value as names, one per person (the first spelling, or with a
    person table the person's canonical name), kept: the same cables come back in search after
    search."""
    keys: dict[str, str] = {}
    for v in raw.decode("utf-8").split(";"):
        if people is not None:
            v = people.canonical(v)
        keys.setdefault(_person_key(v), v)
    return tuple(keys.values())


def _count_people(raw_counts: Counter[bytes], tick: Any = None, people: PersonTable | None = None, *,
                  with_spellings: bool = False) -> Any:
    """People counted by identity across cables (`person_key`: case, accents, `SURNAME, GIVEN`;
    with a person table, its people: `Chavez` and `Hugo Chavez` one row when the index has one
    Chavez), each shown in its most frequent spelling (with a table, the person's canonical
    name); `tick()` (when given) once per distinct value. Each cable names a person once
    (`_people_once`), so its spellings are counted first, at C speed over the many cables, then
    summed by person over the fewer distinct names. `with_spellings`: also each row's
    spellings counted in it (by cables, most first), as `(counts, spellings)`."""
    once: list[str] = []
    by_name: Counter[str] = Counter()
    table = people or None  # an empty table groups nothing
    for raw, n in raw_counts.items():
        if tick is not None:
            tick()
        if not raw:
            continue
        if n == 1:
            once.extend(_people_once(raw, table))
        else:
            for v in _people_once(raw, table):
                by_name[v] += n
    by_name.update(once)
    by_key: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for v, n in by_name.items():
        key = _person_key(v)
        by_key[key] += n
        spellings.setdefault(key, Counter())[v] += n
    counts = Counter({spellings[k].most_common(1)[0][0]: n for k, n in by_key.items()})
    if not with_spellings:
        return counts
    return counts, _row_spellings(raw_counts, counts, table) if table is not None else {}


def _row_spellings(raw_counts: Counter[bytes], counts: Counter[str], people: PersonTable
                   ) -> dict[str, tuple[str, ...]]:
    """For each row that joins several spellings, those counted in it, most cables first."""
    rows: dict[str, Counter[str]] = {}
    for raw, n in raw_counts.items():
        if not raw:
            continue
        for v in _values(raw):
            person = people.person(v)
            if person is not None and len(person.variants) > 1:
                rows.setdefault(person.name, Counter())[v] += n
    return {name: tuple(v for v, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))
            for name, c in rows.items() if name in counts and len(c) > 1}


def _person_selected(sel: set[str], spellings: dict[str, tuple[str, ...]] | None = None) -> Any:
    """Is a people row selected by the query's `people:` values: by its name or, with a person
    table, by any spelling counted in it (`people:"pres sarkozy"` selects `Nicolas Sarkozy`)."""
    spellings = spellings or {}
    return lambda v: any(is_selected_one("people", s, x) for s in sel for x in (v, *spellings.get(v, ())))


def is_selected_one(name: str, selected: str, value: str) -> bool:
    """Does the query's `name:selected` select this facet value? For people, any part of
    the name selects it (`people:"garcia luna"` selects `Genaro Garcia Luna`)."""
    if name != "people":
        return fold(selected) == fold(value)
    want, have = person_key(selected).split(), person_key(value).split()
    return bool(want) and any(have[i:i + len(want)] == want for i in range(len(have) - len(want) + 1))
