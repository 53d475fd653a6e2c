"""Prefix, wildcard and fuzzy words expanded once per reader, and matchers made, under a budget.

Whoosh expands such a word (`MultiTerm._btexts`) every time it is asked: to count
its words against the limit, to order an intersection by size, to walk its
postings in each segment, to list the words a snippet highlights -- up to four
walks of a lexicon for one word of the query (a fuzzy word's on a multi-segment
index is an edit distance per indexed word), and none of them can stop before
it ends. Here each word is walked once for the index's reader and once for
each segment's, through a reader that checks the budget every few words
(`compat.TickingReader`), and the words found are kept on the compiled query
(`Kept*` below): every later ask, by this package or by Whoosh's own matchers,
answers from them. A walk cut short by the budget keeps nothing.

Only with `compat.FAST_PATHS` (the `_btexts` hook is Whoosh 2.7.4's): stock Whoosh
expands as it always does, and the budget is checked between its words.

`budgeted_matcher` makes, for the fast paths' evaluation (`evaluate._leaf`), the matcher
Whoosh would make for a leaf that works long inside one Whoosh call -- an expansion's
Or of up to MAX_EXPANSION words' matchers, a sloppy phrase's span matcher, `field:*` --
with the budget checked as it is made and walked, wherever the leaf stands in the query
(`NOT x*` too). Each follows Whoosh 2.7.4's own code step for step, so the matches and
scores are Whoosh's (tests/test_budget.py compares them).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from itertools import islice
from typing import Any

from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.searching import SearchContext

from cablesearch.budget import Budget
from cablesearch.engine.whoosh import compat
from cablesearch.engine.whoosh.queries import AdjacentPhrase
from cablesearch.errors import QueryError

#: Words read between two looks at the clock while a lexicon is walked.
TICK_EVERY = 64


class _Kept:
    """A MultiTerm whose `_btexts` answers, for each reader it was expanded in, the words found
    then; for any other reader Whoosh's own walk."""

    #: id(reader) -> (what the words depend on, `_identity`; the words found in that reader)
    kept: dict[int, tuple[tuple[Any, ...], tuple[Any, ...]]]

    def _btexts(self, ixreader: Any) -> Iterable[Any]:
        found = self.__dict__.get("kept", {}).get(id(ixreader))
        if found is not None and found[0] == _identity(self):
            return iter(found[1])
        return super()._btexts(ixreader)  # type: ignore[misc]


class KeptPrefix(_Kept, wq.Prefix):
    pass


class KeptWildcard(_Kept, wq.Wildcard):
    pass


class KeptFuzzyTerm(_Kept, wq.FuzzyTerm):
    pass


#: Whoosh's class -> the one that keeps its expansions.
KEPT = {wq.Prefix: KeptPrefix, wq.Wildcard: KeptWildcard, wq.FuzzyTerm: KeptFuzzyTerm}
#: The kept classes -> Whoosh's.
BASE = {kept: base for base, kept in KEPT.items()}


def _identity(q: Any) -> tuple[Any, ...]:
    """What a word's expansion depends on (a copy of a query with another text expands anew)."""
    return (type(q), q.fieldname, q.text, getattr(q, "maxdist", None), getattr(q, "prefixlength", None))


def expanded(q: Any, reader: Any, budget: Budget | None, limit: int) -> list[Any]:
    """The words `q` expands to in `reader`, at most `limit + 1` of them (so more than `limit`
    is seen), the budget checked every TICK_EVERY words read."""
    if not compat.FAST_PATHS:  # Whoosh's public walk, the budget checked between its words
        found = []
        for _field, text in islice(q.expanded_terms(reader), limit + 1):
            if budget is not None:
                budget.check()
            found.append(text)
        return found
    if budget is not None:
        reader = compat.TickingReader(reader, budget.every(TICK_EVERY))
    return list(islice(compat.expanded_texts(q, reader), limit + 1))


def too_many(q: Any, limit: int) -> QueryError:
    return QueryError(f"{q} stands for more than {limit:,} words of {q.field()}: make it more specific")


def keep_expansions(q: wq.Query, searcher: Any, budget: Budget | None, limit: int) -> wq.Query:
    """`q` with each prefix, wildcard and fuzzy word expanded in the index's reader and each
    segment's, and kept (a copy of the query; `q` is unchanged). QueryError when one stands
    for more than `limit` words of its field; QueryTimeoutError past the budget. Without
    `compat.FAST_PATHS` only the count is checked, and `q` is returned as it is."""
    top = searcher.reader()
    readers = {id(top): top}
    for sub, _offset in searcher.leaf_searchers():
        readers.setdefault(id(sub.reader()), sub.reader())

    def check(leaf: Any) -> None:
        if len(expanded(leaf, top, budget, limit)) > limit:
            raise too_many(leaf, limit)

    if not compat.FAST_PATHS:
        for leaf in q.leaves():
            if isinstance(leaf, wq.MultiTerm):
                check(leaf)
        return q

    def keep(node: Any) -> Any:
        cls = KEPT.get(type(node))
        if cls is None:
            if isinstance(node, wq.MultiTerm):
                check(node)
            return node
        kept = copy.copy(node)
        kept.__class__ = cls
        kept.kept = {}
        for key, reader in readers.items():  # the index's reader first: it holds every word
            words = tuple(expanded(node, reader, budget, limit))
            if len(words) > limit:
                raise too_many(node, limit)
            kept.kept[key] = (_identity(kept), words)
        return kept

    return q.accept(keep)


class _TickingTerm(wq.Term):
    """A term of an expansion whose matcher and size estimate are made after a `tick()`: Whoosh
    builds a matcher for each of up to MAX_EXPANSION words in one call."""

    def __init__(self, fieldname: str, text: Any, tick: Callable[[], None]) -> None:
        super().__init__(fieldname, text)
        self._tick = tick

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        self._tick()
        return super().matcher(searcher, context)

    def estimate_size(self, ixreader: Any) -> int:
        self._tick()
        return super().estimate_size(ixreader)


def ticking_matcher(q: Any, searcher: Any, context: Any, tick: Callable[[], None]) -> Any:
    """Whoosh 2.7.4's `MultiTerm.matcher`, step for step (so the same matcher, the same scores),
    with `tick()` before each of its words' matchers is made: an Or of the words in the
    segment (unscored words for a constant-score pattern), the one word, or nothing."""
    fieldname = q.field()
    qs = [_TickingTerm(fieldname, word, tick) for word in compat.expanded_texts(q, searcher.reader()) if word]
    if not qs:
        return NullMatcher()
    if len(qs) == 1:
        return qs[0].matcher(searcher, context)
    if q.constantscore:
        context = context.set(weighting=None) if context else SearchContext(weighting=None)
    return wq.Or(qs, boost=q.boost).matcher(searcher, context)


def ticking_estimate(q: wq.Query, reader: Any, tick: Callable[[], None]) -> int:
    """`q.estimate_size(reader)` as Whoosh computes it for an Or, an And and an expansion (the
    sum of its words' document frequencies: a look-up per word, up to MAX_EXPANSION of them),
    with `tick()` at each word of an expansion."""
    if type(q) in BASE:
        total = 0
        for text in compat.expanded_texts(q, reader):
            tick()
            total += reader.doc_frequency(q.fieldname, text)
        return total
    if type(q) is wq.Or:
        return min(sum(ticking_estimate(sub, reader, tick) for sub in q.subqueries), reader.doc_count())
    if type(q) is wq.And:
        return min(ticking_estimate(sub, reader, tick) for sub in q.subqueries)
    return q.estimate_size(reader)


def ticking_every_matcher(q: wq.Every, searcher: Any, tick: Callable[[], None]) -> Any:
    """Whoosh 2.7.4's `Every.matcher` for a field (`body:*`: every document with a word in the
    field), step for step, with `tick()` at each word: Whoosh reads the postings of every word
    of the field in one call (seconds for `body:*`)."""
    if q.fieldname in (None, "", "*"):
        return q.matcher(searcher)
    docs: set[int] = set()
    for text in searcher.lexicon(q.fieldname):
        tick()
        docs.update(searcher.postings(q.fieldname, text).all_ids())
    return ListMatcher(sorted(docs), all_weights=q.boost)


#: Whoosh's pattern classes -> the text that makes one every document of its field (`x:*`).
_EVERY_TEXT = {wq.Prefix: "", wq.Wildcard: "*"}


def _ticks(q: Any) -> bool:
    """Whether `q` is a leaf whose Whoosh matcher works long inside one call: an expansion's
    Or (a matcher per word, up to MAX_EXPANSION of them), a sloppy phrase's span matcher
    (every document with all its words, until one has them near enough) and `field:*` (the
    postings of every word of the field). `_ticking_leaf_matcher` makes theirs."""
    kind = type(q)
    return (kind in BASE and q.text != _EVERY_TEXT.get(BASE[kind])) \
        or (isinstance(q, AdjacentPhrase) and q.slop != 1) \
        or (kind is wq.Every and q.fieldname not in (None, "", "*"))


def _ticking_leaf_matcher(q: Any, searcher: Any, context: Any, tick: Callable[[], None]) -> Any:
    """The matcher of a leaf `_ticks` names, Whoosh's own, made or walked with `tick()`."""
    if type(q) in BASE:
        return ticking_matcher(q, searcher, context, tick)
    if isinstance(q, AdjacentPhrase):
        return q.ticking_matcher(searcher, context, tick)
    return ticking_every_matcher(q, searcher, tick)


class _TickingLeaf(wq.WrappingQuery):
    """A leaf `_ticks` names, inside a query Whoosh matches whole (`NOT x*`, a boosted group):
    its matcher is `_ticking_leaf_matcher`'s, the same as Whoosh's, made with the budget checked."""

    def __init__(self, child: Any, tick: Callable[[], None]) -> None:
        super().__init__(child)
        self._tick = tick

    def _rewrap(self, child: Any) -> Any:
        return self.__class__(child, self._tick)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        return _ticking_leaf_matcher(self.child, searcher, context, self._tick)


def budgeted_matcher(q: Any, searcher: Any, context: Any, budget: Budget) -> Any:
    """`q.matcher(searcher, context)` -- the same matcher, so the same matches and scores -- with
    the budget checked while the leaves that work long inside one Whoosh call (`_ticks`) make
    theirs, at the top of `q` or anywhere under it."""
    tick = budget.every(16)
    if _ticks(q):
        return _ticking_leaf_matcher(q, searcher, context, tick)
    if q.is_leaf():
        return q.matcher(searcher, context)
    return q.accept(lambda node: _TickingLeaf(node, tick) if _ticks(node) else node).matcher(searcher, context)
