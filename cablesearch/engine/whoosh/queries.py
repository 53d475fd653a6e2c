"""Whoosh queries of our own: exact phrases matched with sets, a corrected AND NOT, and date
ranges that add nothing to the score."""

from __future__ import annotations

from typing import Any

from whoosh import query as wq
from whoosh.matching import AndNotMatcher, NullMatcher, WrappingMatcher
from whoosh.query.spans import Span, SpanNear2

from cablesearch.engine.whoosh import compat
from cablesearch.errors import QueryError

RANGE_BOOST = 1e-6


def lazy_date_range(q: wq.Query) -> wq.Query:
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


def and_not(q: wq.Query) -> wq.Query:
    """`a AND NOT b` as Whoosh's AndNot(a, b), which walks a's matches and skips b's.

    The parser's And([a, Not(b)]) intersects `a` with an InverseMatcher that steps
    through every document number of the index. (When `b` is an exact filter, the search
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


def _no_tick() -> None:
    pass


class _TickingSpanMatcher(SpanNear2.SpanNear2Matcher):
    """SpanNear2's matcher (a sloppy phrase's) with `tick()` at each document it tries: Whoosh
    steps through every document holding all the words, within one `next()`, until one holds
    them near enough."""

    def __init__(self, ms: list[Any], slop: int = 1, ordered: bool = True, mindist: int = 1,
                 tick: Any = _no_tick) -> None:
        self._tick = tick  # before the parent's __init__, which looks for the first match
        super().__init__(ms, slop=slop, ordered=ordered, mindist=mindist)

    def copy(self) -> Any:
        return self.__class__([m.copy() for m in self.ms], slop=self.slop, ordered=self.ordered,
                              mindist=self.mindist, tick=self._tick)

    def _get_spans(self) -> list[Span]:
        self._tick()
        return super()._get_spans()


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

    def ticking_matcher(self, searcher: Any, context: Any, tick: Any) -> Any:
        """`matcher`, for a sloppy phrase with `tick()` at each document its span matcher tries
        (the same matcher as Whoosh's Phrase makes, SpanNear2's, so the same matches and scores)."""
        ms = self.term_matchers(searcher, context, any_slop=True) if self.slop != 1 else None
        if ms is None:
            return self.matcher(searcher, context)
        if not ms:
            return NullMatcher()
        m = _TickingSpanMatcher(ms, slop=self.slop, ordered=True, mindist=1, tick=tick)
        return WrappingMatcher(m, boost=self.boost) if self.boost != 1.0 else m

    def term_matchers(self, searcher: Any, context: Any = None, *, any_slop: bool = False) -> list[Any] | None:
        """The words' own matchers, in phrase order, for an exact phrase (`evaluate` walks them
        a block at a time); [] when a word is not in the field (no match); None when this is
        not an exact phrase (with `any_slop`, not a phrase) on a field with positions."""
        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
        if (self.slop != 1 and not any_slop) or len(self.words) < 2 or field is None or not field.format \
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
            compat.find_next(self)


class ExcludingQuery(wq.AndNot):
    """AndNot with the corrected matcher (see `_ExcludingMatcher`)."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        excluded = self.b.matcher(searcher, searcher.boolean_context())
        return _ExcludingMatcher(self.a.matcher(searcher, context), excluded)


def reject_errors(q: wq.Query) -> None:
    """Whoosh turns some malformed input into a null or error query: say so instead of matching nothing."""
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        raise QueryError("cannot parse query: nothing searchable left after parsing")
    for sub in q.children() if hasattr(q, "children") else ():
        reject_errors(sub)
    if type(q).__name__ == "ErrorQuery":
        raise QueryError(f"cannot parse query: {getattr(q, 'message', q)!s}")
