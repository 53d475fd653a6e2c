"""A parsed tree -> the tree an engine runs: dates, the citation graph and TAGS meanings.

* `date:` values (a day, month or year, or a range of them) become an
  inclusive range on the coarsest indexed date number that states it
  exactly (`year`, `month` or `day`, as YYYY, YYYYMM, YYYYMMDD): a range of
  years is a handful of terms where the same days would be hundreds.
* `year:`/`month:` values become those numbers (`month:2007-12` -> 200712).
* `cited_by:ID` is `references:ID` (cables whose REF list holds ID), and
  `references:ID` the ids ID cites, looked up through the index.
* `people:NAME` also matches the person's other spellings in the index (its person
  table: `people:"nicolas sarkozy"` -> `Sarkozy` where the index has one Sarkozy).
* `tags:VALUE`/`country:VALUE` also match the codes whose meaning has those
  words (`tags:narcotics` -> SNAR, UNCND) and the country a code names;
  `station:"rio de janeiro"` also matches the short name ids use (RIODEJANEIRO).

After this step a leaf's field is an index field.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from cablesearch.errors import QueryError
from cablesearch.parse.names import person_key
from cablesearch.parse.tag_dictionary import codes_for, country_of_code
from cablesearch.query.tree import Fuzzy, Node, Or, Phrase, Range, Term, Wildcard, transform

#: A cable id no cable has: what `references:ID` matches when ID cites nothing indexed.
NO_SUCH_CABLE = "__no_such_cable__"

_DAY_RE = re.compile(r"^(?P<y>\d{4})(?:-?(?P<m>\d{1,2})(?:-?(?P<d>\d{1,2}))?)?$")
_MONTH_RE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$")


def bounds(value: str) -> tuple[date, date]:
    """First and last day named by `2007`, `2007-12`, `2007-12-05` (or compact `20071205`)."""
    m = _DAY_RE.match(value.strip())
    if not m:
        raise QueryError(f"bad date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    y = int(m["y"])
    try:
        if m["d"]:
            d = date(y, int(m["m"]), int(m["d"]))
            return d, d
        if m["m"]:
            mo = int(m["m"])
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        raise QueryError(f"impossible date {value!r}") from None


def day_number(d: date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


def day_range(lo: str | None, hi: str | None, lo_excl: bool = False, hi_excl: bool = False
              ) -> tuple[int | None, int | None]:
    """Inclusive (first day, last day) as YYYYMMDD numbers for date bounds (None: open). An
    exclusive end leaves out its whole period (`>2007` starts in 2008, `{2007 TO 2009}` is 2008),
    so exclusive ends can leave nothing between them (then first > last); a start after the
    end is an error."""
    lo_days = bounds(lo) if lo else None
    hi_days = bounds(hi) if hi else None
    if lo_days and hi_days and lo_days[0] > hi_days[1]:
        raise QueryError(f"empty date range {lo}..{hi}: the start is after the end")
    first = None if lo_days is None else day_number(lo_days[1] + timedelta(days=1) if lo_excl else lo_days[0])
    last = None if hi_days is None else day_number(hi_days[0] - timedelta(days=1) if hi_excl else hi_days[1])
    return first, last


def coarsest(lo: int | None, hi: int | None) -> Range:
    """The day range [lo, hi] on the coarsest date number that states it exactly."""
    if lo is None and hi is None:
        return Range("day", "0", "99999999")
    if (lo is None or lo % 10000 == 101) and (hi is None or hi % 10000 == 1231):
        return _range("year", lo, hi, 10000)
    if (lo is None or lo % 100 == 1) and (hi is None or _is_month_end(hi)):
        return _range("month", lo, hi, 100)
    return _range("day", lo, hi, 1)


def _range(field: str, lo: int | None, hi: int | None, unit: int) -> Range:
    return Range(field, None if lo is None else str(lo // unit), None if hi is None else str(hi // unit))


def _is_month_end(day: int) -> bool:
    y, m, d = day // 10000, day // 100 % 100, day % 100
    try:
        return (date(y, m, d) + timedelta(days=1)).day == 1
    except ValueError:
        return False


def date_filter(from_: str | None, to: str | None) -> Range | None:
    """`--from/--to` as a range on the date numbers (inclusive, whole periods)."""
    if not from_ and not to:
        return None
    lo = day_number(bounds(from_)[0]) if from_ else None
    hi = day_number(bounds(to)[1]) if to else None
    if lo is not None and hi is not None and lo > hi:
        raise QueryError(f"empty date range: --from {from_} is after --to {to}")
    return coarsest(lo, hi)


def _number(field: str, text: str | None) -> str | None:
    if text is None:
        return None
    m = _MONTH_RE.match(text) if field == "month" else None
    value = f"{m['y']}{int(m['m']):02d}" if m else text
    if not value.isdigit():
        form = "YYYY-MM or YYYYMM" if field == "month" else "YYYY"
        raise QueryError(f"bad {field} {text!r}: use {form}")
    return value


def field_values(field: str, value: str) -> list[str]:
    """What `tags:VALUE` / `country:VALUE` match besides VALUE itself: the codes whose
    meaning has those words (`tags:narcotics` -> SNAR, `tags:"human rights"` -> PHUM),
    the country a geographic code names (`country:MX` -> Mexico)."""
    if field == "tags":
        return list(codes_for(value))
    if field == "country":
        name = country_of_code(value)
        return [name] if name and name.lower() != value.lower() else []
    if field == "station" and re.search(r"[\s.'-]", value.strip()):
        # A post written as people write it (`station:"rio de janeiro"`) is the id's short name.
        # Imported here: the id rules are the parser's, which a search loads only for this.
        from cablesearch.parse.ids import canonical_station
        short = canonical_station(value)
        return [short] if short and short.lower() != value.lower() else []
    return []


def _text_of(leaf: Node) -> str | None:
    return leaf.text if isinstance(leaf, (Term, Phrase)) else None


def resolve(tree: Node, references_of: Callable[[str], list[str]] | None = None,
            people_of: Callable[[str], tuple[str, ...]] | None = None) -> Node:
    """The tree with dates, numbers, the citation graph and TAGS meanings in index terms.
    `people_of(name)` gives every spelling of the person a name denotes (the index's person
    table): `people:"nicolas sarkozy"` also matches the cables that write only `Sarkozy`
    when the index has no other Sarkozy."""

    def leaf(node: Node) -> Node:
        field = getattr(node, "field", None)
        if field == "date":
            if isinstance(node, Range):
                first, last = day_range(node.lo, node.hi, node.lo_excl, node.hi_excl)
                if first is not None and last is not None and first > last:
                    return Term("id", NO_SUCH_CABLE)  # exclusive ends with no day between them
                return coarsest(first, last)
            if isinstance(node, (Term, Phrase)):
                return coarsest(*day_range(node.text, node.text))
            raise QueryError("date: takes a date or a range (date:2007-12, date:2007..2008)")
        if field in ("year", "month"):
            if isinstance(node, Range):
                return Range(field, _number(field, node.lo), _number(field, node.hi), node.lo_excl,
                             node.hi_excl, node.boost)
            if isinstance(node, (Term, Phrase)):
                return Term(field, _number(field, node.text.strip()), node.boost)
            raise QueryError(f"{field}: takes a number or a range ({field}:2007..2009)")
        if field in ("cited_by", "references"):
            value = _text_of(node)
            if value is None:
                raise QueryError(f"{field}: takes one cable id ({field}:07MEXICO6043)")
            if field == "cited_by":
                return Term("references", value, node.boost)
            cited = references_of(value) if references_of else []
            if not cited:
                return Term("id", NO_SUCH_CABLE)
            terms = tuple(Term("id", c) for c in cited)
            return terms[0] if len(terms) == 1 else Or(terms)
        if field == "people" and people_of is not None and isinstance(node, (Term, Phrase)):
            own = person_key(node.text)
            others = tuple(Phrase("people", v) for v in people_of(node.text) if person_key(v) != own)
            if others:
                return Or((replace(node, boost=1.0),) + others, node.boost)
        if field in ("tags", "country", "station") and not isinstance(node, (Wildcard, Fuzzy, Range)):
            extra = field_values(field, node.text)
            if extra:
                return Or((node,) + tuple(Term(field, v) for v in extra))
        return node

    return transform(tree, leaf)
