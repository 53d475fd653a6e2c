"""Query string + filters -> a Whoosh query.

Whoosh's own parser does the boolean/phrase/wildcard/fuzzy work (configured
with plugins, not rewritten). Around it, this module does what it gets wrong
or does not know: it refuses unknown fields and unbalanced syntax instead of
silently searching the literal text, turns `-word` into NOT, and rewrites the
cable-specific forms — `date:` (exact day/month/year ranges, which Whoosh's
DateParserPlugin widens to whole years: whoosh-notes.md), `year:2007..2009`,
`cited_by:` and `references:` (the citation graph) — into plain field queries
on the coarse numeric date fields and the keyword fields.
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from whoosh import query as wq
from whoosh.matching import AndNotMatcher, NullMatcher, WrappingMatcher
from whoosh.query.spans import Span, SpanNear2
from whoosh.qparser import AndGroup, FuzzyTermPlugin, GtLtPlugin, MultifieldParser

from cablesearch.errors import QueryError
from cablesearch.parse.tag_dictionary import codes_for, country_of_code
from cablesearch.engine.whoosh.schema import build_schema

MAX_QUERY_CHARS = 2000

#: Query fields: the JSON names of fields.md, mapped to index fields.
KEYWORD_QUERY_FIELDS = ("id", "aliases", "tags", "country", "station", "classification", "caveats", "signed_by",
                        "marking", "withheld", "precedence", "format", "collection", "foia_status")
TEXT_QUERY_FIELDS = ("subject", "body", "text", "summary", "origin", "recipients", "info", "declassification",
                     "classified_by", "people")
SPECIAL_FIELDS = ("date", "year", "month", "cited_by", "references")
FIELD_ALIASES = {
    "tag": "tags", "class": "classification", "from": "origin", "person": "people", "ref": "references",
    "refs": "references", "signer": "signed_by", "caveat": "caveats", "foia": "foia_status", "mark": "marking",
    "paragraph": "text", "cites": "cited_by", "countries": "country",
}
ALL_FIELDS = tuple(sorted(set(KEYWORD_QUERY_FIELDS + TEXT_QUERY_FIELDS + SPECIAL_FIELDS) | set(FIELD_ALIASES)))

CABLE_DEFAULT_FIELDS = ("subject", "body", "tags", "id", "people")
PARA_DEFAULT_FIELDS = ("text",)

# A field prefix outside quotes: `tags:`, `date:`.
FIELD_PREFIX_RE = re.compile(r'(?P<pre>^|[\s(+\-])(?P<name>[A-Za-z_]+):(?=\S)')
QUOTED_RE = re.compile(r'"[^"]*"')
NEGATION_RE = re.compile(r'(^|[\s(])-(?=[\w"(])')
DATE_TERM_RE = re.compile(r'\bdate:(?P<spec>\[[^\]]*\]|\{[^}]*\}|[<>]=?[^\s()]+|[^\s()]+)', re.IGNORECASE)
YEAR_RANGE_RE = re.compile(r'\b(?P<f>year|month):(?P<a>\d{4,6})\.\.(?P<b>\d{4,6})\b', re.IGNORECASE)
MEANING_RE = re.compile(r'(?<![\w:])(?P<f>tags|country):(?P<v>"[^"]*"|[^\s()"*?]+)(?=[\s()]|$)', re.IGNORECASE)
CITE_RE = re.compile(r'\b(?P<f>cited_by|references):(?P<v>"[^"]*"|[^\s()]+)', re.IGNORECASE)


@dataclass(frozen=True)
class ParsedQuery:
    """The Whoosh query plus what the caller needs to know about it."""

    whoosh: wq.Query
    text: str
    terms: tuple[tuple[str, str], ...]  # (field, text) of plain words, for snippets and suggestions


def _mask_quotes(s: str) -> str:
    """Phrases blanked out (same length), so operators and prefixes inside them are not seen,
    while a phrase still counts as an operand (`OR "merida initiative"`, `foia:"released in part"`)."""
    return QUOTED_RE.sub(lambda m: '"' + "x" * (len(m.group(0)) - 2) + '"', s)


def _check_syntax(q: str) -> None:
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(q)} characters; the limit is {MAX_QUERY_CHARS})")
    if q.count('"') % 2:
        raise QueryError('unbalanced quote: every " needs a closing "')
    masked = _mask_quotes(q)
    depth = 0
    for ch in masked:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            raise QueryError("unbalanced parentheses: a ')' has no matching '('")
    if depth:
        raise QueryError("unbalanced parentheses: a '(' is never closed")
    if re.search(r"(?:^|\s)(?:AND|OR|NOT)\s*$", masked) or re.match(r"^\s*(?:AND|OR)\b", masked):
        raise QueryError("query ends or starts with a dangling AND/OR/NOT")


def _canonical_field(name: str) -> str:
    low = name.lower()
    low = FIELD_ALIASES.get(low, low)
    if low not in ALL_FIELDS:
        canonical = sorted(set(ALL_FIELDS) - set(FIELD_ALIASES))
        near = difflib.get_close_matches(low, canonical, n=1, cutoff=0.6)
        hint = f" (did you mean {near[0]}:?)" if near else f" (fields: {', '.join(canonical)})"
        raise QueryError(f"unknown field {name}:{hint}")
    return low


def _rename_fields(q: str, paragraphs: bool) -> str:
    """Validate every `field:` prefix and rewrite aliases to index field names."""
    masked = _mask_quotes(q)
    out = []
    last = 0
    for m in FIELD_PREFIX_RE.finditer(masked):
        name = _canonical_field(m["name"])
        if name in ("body", "text"):
            name = "text" if paragraphs else "body"
        out.append(q[last:m.start("name")])
        out.append(name)
        last = m.end("name")
    out.append(q[last:])
    return "".join(out)


# -- dates -------------------------------------------------------------------
_DAY_RE = re.compile(r"^(?P<y>\d{4})(?:-?(?P<m>\d{1,2})(?:-?(?P<d>\d{1,2}))?)?$")


def _bounds(value: str) -> tuple[date, date]:
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


def date_range(spec: str) -> tuple[int | None, int | None]:
    """A `date:` spec -> inclusive (first day, last day) as YYYYMMDD numbers; None is open."""
    s = spec.strip()
    m = re.fullmatch(r"[\[{]\s*(?P<a>\S*)\s+(?:TO|to)\s*(?P<b>\S*)\s*[\]}]", s)
    if m:
        a, b = m["a"], m["b"]
    elif ".." in s:
        a, b = s.split("..", 1)
    elif s.startswith((">=", ">", "<=", "<")):
        op = s[:2] if s[1:2] == "=" else s[:1]
        first, last = _bounds(s[len(op):])
        if op == ">=":
            return day_number(first), None
        if op == ">":
            return day_number(last + timedelta(days=1)), None
        if op == "<=":
            return None, day_number(last)
        return None, day_number(first - timedelta(days=1))
    else:
        first, last = _bounds(s)
        return day_number(first), day_number(last)
    lo = day_number(_bounds(a)[0]) if a.strip() else None
    hi = day_number(_bounds(b)[1]) if b.strip() else None
    if lo is not None and hi is not None and lo > hi:
        raise QueryError(f"empty date range {spec!r}: the start is after the end")
    return lo, hi


def _coarsest(lo: int | None, hi: int | None) -> tuple[str, int | None, int | None]:
    """The coarsest date field that states a day range exactly.

    `date:2000..2008` as `year:[2000 TO 2008]` is 9 terms; on the day field
    it is a union of hundreds of range terms, 10x slower to match.
    """
    lo_year = lo is None or lo % 10000 == 101
    hi_year = hi is None or hi % 10000 == 1231
    if lo_year and hi_year:
        return "year", None if lo is None else lo // 10000, None if hi is None else hi // 10000
    lo_month = lo is None or lo % 100 == 1
    hi_month = hi is None or _is_month_end(hi)
    if lo_month and hi_month:
        return "month", None if lo is None else lo // 100, None if hi is None else hi // 100
    return "day", lo, hi


def _is_month_end(day: int) -> bool:
    y, m, d = day // 10000, day // 100 % 100, day % 100
    try:
        return (date(y, m, d) + timedelta(days=1)).day == 1
    except ValueError:
        return False


def _range_text(field: str, lo: int | None, hi: int | None) -> str:
    if field == "day" and (lo is not None or hi is not None):
        field, lo, hi = _coarsest(lo, hi)
    if lo is None and hi is None:
        return f"{field}:[0 TO 99999999]"
    if hi is None:
        return f"{field}:>={lo}"
    if lo is None:
        return f"{field}:<={hi}"
    return f"{field}:[{lo} TO {hi}]"


# Exemption codes and reasons carry brackets that are not grouping: `withheld:B7(A)`, `withheld:1.4(b)`.
CODE_VALUE_RE = re.compile(r"\b(?P<f>withheld|marking):(?P<v>[A-Za-z0-9.]{1,6}\([A-Za-z]\))", re.IGNORECASE)
# `month:2007-12` is indexed as the number 200712.
MONTH_SPEC_RE = re.compile(r"\bmonth:(?P<spec>[^\s()]+)", re.IGNORECASE)
YEAR_MONTH_RE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})\b")


def _rewrite_dates(q: str) -> str:
    q = DATE_TERM_RE.sub(lambda m: _range_text("day", *date_range(m["spec"])), q)
    q = MONTH_SPEC_RE.sub(lambda m: "month:" + YEAR_MONTH_RE.sub(
        lambda ym: f"{ym['y']}{int(ym['m']):02d}", m["spec"]), q)
    return YEAR_RANGE_RE.sub(lambda m: f"{m['f'].lower()}:[{m['a']} TO {m['b']}]", q)


def date_filter(from_: str | None, to: str | None) -> wq.Query | None:
    """`--from/--to` as a filter on the day field (inclusive, whole periods)."""
    if not from_ and not to:
        return None
    lo = day_number(_bounds(from_)[0]) if from_ else None
    hi = day_number(_bounds(to)[1]) if to else None
    if lo is not None and hi is not None and lo > hi:
        raise QueryError(f"empty date range: --from {from_} is after --to {to}")
    return _lazy_date_range(wq.NumericRange(*_coarsest(lo, hi)))


# -- the parser ---------------------------------------------------------------
def _parser(default_fields: tuple[str, ...]) -> MultifieldParser:
    p = MultifieldParser(list(default_fields), schema=build_schema(), group=AndGroup, phraseclass=AdjacentPhrase)
    p.add_plugin(FuzzyTermPlugin())
    p.add_plugin(GtLtPlugin())
    return p


_PARSERS: dict[bool, MultifieldParser] = {}


def parse_query(q: str, *, paragraphs: bool = False,
                references_of: Callable[[str], list[str]] | None = None) -> ParsedQuery:
    """Parse a user query. `references_of(id)` resolves `references:ID` (the ids ID cites)."""
    q = (q or "").strip()
    if not q or q == "*":
        return ParsedQuery(wq.Every(), q, ())
    _check_syntax(q)
    text = NEGATION_RE.sub(r"\1NOT ", q)
    text = _rename_fields(text, paragraphs)
    text = _rewrite_dates(text)
    text = CODE_VALUE_RE.sub(lambda m: f'{m["f"]}:"{m["v"]}"', text)

    def cite(m: re.Match[str]) -> str:
        value = m["v"].strip('"')
        if m["f"].lower() == "cited_by":
            return f'references:"{value}"'
        cited = references_of(value) if references_of else []
        if not cited:
            return "id:__no_such_cable__"
        return "(" + " OR ".join(f'id:"{c}"' for c in cited) + ")"

    text = CITE_RE.sub(cite, text)
    text = MEANING_RE.sub(_by_meaning, text)
    if paragraphs not in _PARSERS:
        _PARSERS[paragraphs] = _parser(PARA_DEFAULT_FIELDS if paragraphs else CABLE_DEFAULT_FIELDS)
    try:
        parsed = _PARSERS[paragraphs].parse(text)
    except QueryError:
        raise
    except Exception as exc:  # Whoosh's plugins can raise on odd input (whoosh-notes.md)
        raise QueryError(f"cannot parse query: {exc}") from None
    _reject_errors(parsed)
    parsed = parsed.accept(_lazy_date_range).accept(_and_not)
    terms = tuple((f, t if isinstance(t, str) else t.decode("utf-8", "replace"))
                  for f, t in parsed.iter_all_terms() if f in ("subject", "body", "text", "people", "tags"))
    return ParsedQuery(parsed, q, terms)


def field_values(field: str, value: str) -> list[str]:
    """What `tags:VALUE` / `country:VALUE` match besides VALUE itself: the codes whose
    meaning has those words (`tags:narcotics` -> SNAR, `tags:"human rights"` -> PHUM),
    the country a geographic code names (`country:MX` -> Mexico)."""
    if field == "tags":
        return list(codes_for(value))
    if field == "country":
        name = country_of_code(value)
        return [name] if name and name.lower() != value.lower() else []
    return []


def _by_meaning(m: re.Match[str]) -> str:
    field, value = m["f"].lower(), m["v"].strip('"')
    extra = field_values(field, value)
    if not extra:
        return m.group(0)
    return "(" + " OR ".join([m.group(0)] + [f'{field}:"{v}"' for v in extra]) + ")"


RANGE_BOOST = 1e-6


def _lazy_date_range(q: wq.Query) -> wq.Query:
    """Date ranges as a lazy union of their terms that adds nothing to the score.

    Whoosh's NumericRange is constant-scored by collecting every matching
    document id into a list first: `tags:PGOV date:2000..2008` walked all
    cables and paragraphs of nine years before intersecting with one tag.
    """
    if isinstance(q, wq.NumericRange) and q.fieldname in ("year", "month", "day") and q.constantscore:
        # boost=0.0 would be cleaner, but Whoosh then loses documents whose only match in the
        # union has score 0 (6 -> 1 hits on the sample index); a tiny boost keeps them all.
        return wq.NumericRange(q.fieldname, q.start, q.end, q.startexcl, q.endexcl, boost=RANGE_BOOST,
                               constantscore=False)
    return q


def _and_not(q: wq.Query) -> wq.Query:
    """`a AND NOT b` as Whoosh's AndNot(a, b), which walks a's matches and skips b's.

    The parser's And([a, Not(b)]) intersects `a` with an InverseMatcher that steps
    through every document number of the index. (When `b` is an exact filter, search.py
    goes further and masks it with a cached docset.) A query made only of negations
    keeps the inverse: there is nothing to walk instead.
    """
    if not isinstance(q, wq.And):
        return q
    keep = [s for s in q.subqueries if not isinstance(s, wq.Not)]
    drop = [s.query for s in q.subqueries if isinstance(s, wq.Not)]
    if not keep or not drop:
        return q
    positive = keep[0] if len(keep) == 1 else wq.And(keep)
    negative = drop[0] if len(drop) == 1 else wq.Or(drop)
    return ExcludingQuery(positive.with_boost(q.boost) if q.boost != 1.0 else positive, negative)


class _AdjacentMatcher(SpanNear2.SpanNear2Matcher):
    """SpanNear2's matcher for an exact phrase (ordered, slop 1), found with sets.

    Whoosh pairs a Span object for every position of every word in every
    candidate document in Python loops. For an exact phrase the question is
    only whether some position p holds word i at p + i: one set intersection
    per word. The spans returned are the ones SpanNear2 returns.
    """

    def __init__(self, ms: list[Any], slop: int = 1, ordered: bool = True, mindist: int = 1) -> None:
        super().__init__(ms, slop=1, ordered=True, mindist=1)

    def _get_spans(self) -> list[Span]:
        ms = self.ms
        starts = set(ms[0].value_as("positions"))
        for i in range(1, len(ms)):
            if not starts:
                return []
            starts.intersection_update([p - i for p in ms[i].value_as("positions")])
        last = len(ms) - 1
        return [Span(s, s + last) for s in sorted(starts)]


class AdjacentPhrase(wq.Phrase):
    """Whoosh's Phrase; exact phrases matched by `_AdjacentMatcher` (same documents, same
    scores: a test compares them). `"human rights"` on the 9,335-file corpus spent half
    its time building and pairing spans."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        ms = self.term_matchers(searcher, context)
        if ms is None:
            return super().matcher(searcher, context)  # Whoosh's own answer, errors included
        if not ms:
            return NullMatcher()
        m = _AdjacentMatcher(ms)
        return WrappingMatcher(m, boost=self.boost) if self.boost != 1.0 else m

    def term_matchers(self, searcher: Any, context: Any = None) -> list[Any] | None:
        """The words' own matchers, in phrase order, for an exact phrase (`evaluate` walks them
        a block at a time); [] when a word is not in the field (no match); None when this is
        not an exact phrase on a field with positions."""
        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
        if self.slop != 1 or len(self.words) < 2 or field is None or not field.format \
                or not field.format.supports("positions"):
            return None
        reader = searcher.reader()
        terms = []
        for word in self.words:
            try:
                text = field.to_bytes(word)
            except ValueError:
                return []
            if (self.fieldname, text) not in reader:
                return []  # a word the field lacks: no phrase
            terms.append(wq.Term(self.fieldname, text))
        return [t.matcher(searcher, context) for t in terms]


class _ExcludingMatcher(AndNotMatcher):
    """Whoosh 2.7.4's AndNotMatcher checks the excluded matcher only when both start on
    the same document: when the excluded one starts earlier, the first match is never
    excluded (`election NOT tags:PGOV` returned 06NEWDELHI5266, tagged PGOV, the first
    election cable of its segment). Always catching up at the start fixes it."""

    def _find_first(self) -> None:
        if self.a.is_active() and self.b.is_active():
            self._find_next()


class ExcludingQuery(wq.AndNot):
    """AndNot with the corrected matcher (see `_ExcludingMatcher`)."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        excluded = self.b.matcher(searcher, searcher.boolean_context())
        return _ExcludingMatcher(self.a.matcher(searcher, context), excluded)


def _reject_errors(q: wq.Query) -> None:
    """Whoosh turns some malformed input into a null or error query: say so instead of matching nothing."""
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        raise QueryError("cannot parse query: nothing searchable left after parsing")
    for sub in q.children() if hasattr(q, "children") else ():
        _reject_errors(sub)
    if type(q).__name__ == "ErrorQuery":
        raise QueryError(f"cannot parse query: {getattr(q, 'message', q)!s}")
