"""The engine's `Reader` on a Whoosh searcher: match a query tree, filter docsets, columns, records.

One `WhooshReader` wraps one searcher (a point-in-time view of the index) and
keeps what repeated searches reuse: each kind's documents, the docsets of
exact filters (LRU, DOCSET_CACHE), opened columns and recently read records
(LRU, RECORD_CACHE). All of it is bounded or per-column, so a long-lived
`CableIndex` does not grow without limit.

Compiled queries keep their wildcards', prefixes' and fuzzy words' expansions
(`expand.py`), walked once under the query's budget; `match`, `docset` and
`highlight_terms` check the budget as they go (`evaluate.py`, `postings.py`) and
keep nothing of a query cut short.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from whoosh import query as wq
from whoosh.collectors import FilterCollector, WrappingCollector

from cablesearch.budget import Budget, check
from cablesearch.engine.base import Scores
from cablesearch.engine.whoosh import compat
from cablesearch.engine.whoosh.columns import Column, DateColumn
from cablesearch.engine.whoosh.compile import compile_query
from cablesearch.engine.whoosh.evaluate import doc_ids, ranked
from cablesearch.engine.whoosh.expand import keep_expansions
from cablesearch.engine.whoosh.guard import Guard, guarded
from cablesearch.engine.layout import KEYWORD_FIELDS, column_name, unpack_record
from cablesearch.fields import CABLE_ONLY_FIELDS, PARAGRAPH_ONLY_FIELDS
from cablesearch.query.tree import Leaf, Node
from cablesearch.text import fold

RECORD_CACHE = 4096  # decompressed records kept per reader
#: Words a wildcard, prefix or fuzzy word may stand for in one field: past it, the query is
#: refused with the count (a pattern like `a*` would walk most of the index's postings).
MAX_EXPANSION = 4096
QUERY_CACHE = 32  # compiled query trees kept per reader (a search compiles its tree twice: match, highlight)
DOCSET_CACHE = 64  # exact-filter docsets kept per reader (a tag's cables, a year range's)
#: An allow-set under this share of its kind's documents is applied while a word's postings
#: are read (`evaluate._filtered_word`); a larger one is applied to the matches after.
SELECTIVE = 0.6
#: Numeric columns (dates), as opposed to the facets' `;`-joined byte columns.
NUMERIC_COLUMNS = ("ts", "day", "year", "month")
#: The fields a snippet can show words of.
HIGHLIGHT_FIELDS = ("body", "text", "subject")


class WhooshReader:
    """`engine.base.Reader` on one Whoosh searcher. With a `guard`, a read that fails on a
    damaged file raises IndexDamagedError (`guard.py`), from each method and each column."""

    def __init__(self, searcher: Any, guard: Guard | None = None) -> None:
        self.searcher = searcher
        self._guard = guard
        self._reader = searcher.reader()
        self._kind_docs: dict[str, frozenset[int]] = {}
        self._docsets: OrderedDict[tuple[Leaf, str], frozenset[int]] = OrderedDict()
        self._columns: dict[str, Any] = {}
        self._records: OrderedDict[int, dict[str, Any]] = OrderedDict()  # most recently used last
        self._queries: OrderedDict[tuple[Node, bool], wq.Query] = OrderedDict()

    def is_current(self) -> bool:
        return self.searcher.up_to_date()

    def close(self) -> None:
        self.searcher.close()

    @guarded
    def doc_count(self) -> int:
        return self._reader.doc_count_all()

    @guarded
    def kind_docs(self, kind: str) -> frozenset[int]:
        """Computed once per reader: as a query filter Whoosh re-walked every posting of the kind."""
        docs = self._kind_docs.get(kind)
        if docs is None:
            docs = self._kind_docs[kind] = doc_ids(self.searcher, wq.Term("kind", kind))
        return docs

    # -- matching ------------------------------------------------------------------------
    @guarded
    def match(self, tree: Node, *, paragraphs: bool, allowed: frozenset[int] | None = None,
              masked: frozenset[int] | None = None, budget: Budget | None = None) -> tuple[list[int], Scores]:
        kind = "para" if paragraphs else "cable"
        if allowed is not None and not allowed:
            return [], {}
        query, kind_allowed = self._kind_scoped(self._compiled(tree, paragraphs, budget), kind, paragraphs)
        if allowed is None:
            allowed = kind_allowed
        if not compat.FAST_PATHS:  # stock Whoosh: its matchers and its collector
            # (Whoosh takes a `set`, not a frozenset, as a filter or mask.)
            collector = self.searcher.collector(limit=None)
            if budget is not None:
                collector = _BudgetCollector(collector, budget)
            if allowed is not None or masked:  # (as Searcher.collector wraps it: the filter sees matches first)
                collector = FilterCollector(collector, None if allowed is None else set(allowed),
                                            set(masked) if masked else None)
            self.searcher.search_with_collector(query, collector)
            found = collector.results()
            return [d for _, d in found.top_n], {d: s for s, d in found.top_n}
        return ranked(self.searcher, query, allowed, masked or None, selective=self._selective(allowed, kind),
                      budget=budget)

    def _compiled(self, tree: Node, paragraphs: bool, budget: Budget | None = None) -> wq.Query:
        """The tree as a Whoosh query, kept (LRU): trees are values, so a repeated one is found.
        Its wildcards, prefixes and fuzzy words are expanded once, within the budget, and kept
        with it (`expand.keep_expansions`). QueryError when one stands for more than
        MAX_EXPANSION words."""
        def compiled() -> wq.Query:
            check(budget)
            return keep_expansions(compile_query(tree, paragraphs=paragraphs), self.searcher, budget, MAX_EXPANSION)

        return _kept(self._queries, (tree, paragraphs), compiled, QUERY_CACHE)

    def _kind_scoped(self, query: wq.Query, kind: str, paragraphs: bool) -> tuple[wq.Query, Any]:
        """`query` limited to documents of the kind, and the allow-set that limit still needs
        (None when the query alone cannot match another kind). A query on shared fields only
        (tags, dates…) is intersected with the kind's postings; a text word already keeps to
        one kind, and then no allow-set is built or tested per match."""
        only = PARAGRAPH_ONLY_FIELDS if paragraphs else CABLE_ONLY_FIELDS
        if not {leaf.field() for leaf in query.leaves()} & set(only):
            return wq.And([wq.Term("kind", kind), query]), None
        return query, None if confined(query, only) else self.kind_docs(kind)

    def _selective(self, allowed: Any, kind: str) -> bool:
        """Does an allow-set hold under SELECTIVE of its kind's documents? Then a word's postings
        are filtered as they are read; a filter that keeps most matches is cheaper after."""
        if allowed is None:
            return False
        cables = len(self.kind_docs("cable"))
        size = cables if kind == "cable" else self.doc_count() - cables
        return len(allowed) < SELECTIVE * size

    def top(self, words: Node | None, **_: Any) -> None:
        """None: Whoosh ranks and counts in Python, as the searcher's own path does (`Reader.top`)."""
        return None

    @guarded
    def docset(self, leaf: Leaf, kind: str, budget: Budget | None = None) -> frozenset[int]:
        def docs() -> frozenset[int]:
            found = doc_ids(self.searcher, self._compiled(leaf, False, budget), budget)
            if kind == "para":
                # An exact filter matches only cables and paragraphs (file records have no such
                # field): its paragraphs are its documents less the cables, with no set of every
                # paragraph built on a cold reader.
                return found - self.kind_docs("cable")
            return found & self.kind_docs(kind)

        return _kept(self._docsets, (leaf, kind), docs, DOCSET_CACHE)

    @guarded
    def docs_with(self, field: str, value: str, kind: str | None = None) -> list[int]:
        text = fold(value) if field in KEYWORD_FIELDS else value
        q: wq.Query = wq.Term(field, text)
        if kind is not None:
            q = wq.And([wq.Term("kind", kind), q])
        return sorted(self.searcher.docs_for_query(q))

    # -- values --------------------------------------------------------------------------
    @guarded
    def column(self, name: str) -> Any:
        """Opened once per reader: opening a column reads its whole offset table."""
        col = self._columns.get(name)
        if col is None:
            if name in NUMERIC_COLUMNS:
                col = DateColumn(self._reader, name, self._guard)
            else:
                col = Column(self._reader, column_name(name), self._guard)
            self._columns[name] = col
        return col

    @guarded
    def stored(self, docnum: int) -> dict[str, Any]:
        return self.searcher.stored_fields(docnum)

    @guarded
    def record(self, docnum: int) -> dict[str, Any]:
        # Bounded: `--all` over 250k cables must not keep them all.
        return _kept(self._records, docnum, lambda: unpack_record(self.searcher.stored_fields(docnum)["record"]),
                     RECORD_CACHE)

    # -- words ---------------------------------------------------------------------------
    @guarded
    def doc_frequency(self, field: str, word: str) -> int:
        return self._reader.doc_frequency(field, word)

    @guarded
    def terms(self, field: str, prefix: str) -> list[str]:
        return [t.decode("utf-8") if isinstance(t, bytes) else t for t in self._reader.expand_prefix(field, prefix)]

    @guarded
    def highlight_terms(self, tree: Node, *, paragraphs: bool, budget: Budget | None = None
                        ) -> tuple[set[str], list[tuple[tuple[str, ...], int]]]:
        """Asked leaf by leaf: Whoosh 2.7.4's compound `existing_terms` reuses its `fieldname`
        argument as a loop variable, so after the first leaf it drops every term of another field."""
        words: set[str] = set()
        phrases: list[tuple[tuple[str, ...], int]] = []
        for leaf in self._compiled(tree, paragraphs, budget).leaves():
            check(budget)
            if leaf.field() not in HIGHLIGHT_FIELDS:
                continue
            if isinstance(leaf, wq.Phrase) and len(leaf.words) > 1:
                phrases.append((tuple(leaf.words), leaf.slop))
                continue
            try:
                found = leaf.existing_terms(self._reader, expand=True)
            except Exception:  # a query type that cannot list its terms goes unhighlighted
                continue
            for _field, term in found:
                words.add(term.decode("utf-8") if isinstance(term, bytes) else term)
        return words, phrases


class _BudgetCollector(WrappingCollector):
    """Whoosh's collector (stock mode) with the query's budget checked every 256 matches, as
    they are stepped through (`matches`, which a FilterCollector around it asks too):
    Whoosh's own TimeLimitCollector needs a timer thread or SIGALRM."""

    def __init__(self, child: Any, budget: Budget) -> None:
        super().__init__(child)
        self.budget = budget

    def matches(self) -> Any:
        tick = self.budget.every(256)
        for sub_docnum in self.child.matches():
            tick()
            yield sub_docnum


def _kept(cache: OrderedDict[Any, Any], key: Any, make: Callable[[], Any], limit: int) -> Any:
    """`cache[key]`, made by `make()` when missing; the least recently used entry goes past `limit`."""
    value = cache.get(key)
    if value is None:
        value = cache[key] = make()
        if len(cache) > limit:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
    return value


def confined(q: wq.Query, fields: tuple[str, ...]) -> bool:
    """Whether every document `q` can match has one of `fields` (so is of the one kind that
    has them): a leaf on such a field, an intersection with one part confined, a union of
    confined parts. Anything else (`NOT x` alone, every document…) is not."""
    if isinstance(q, wq.And):
        return any(confined(sub, fields) for sub in q.subqueries)
    if isinstance(q, (wq.Or, wq.DisjunctionMax)):
        return bool(q.subqueries) and all(confined(sub, fields) for sub in q.subqueries)
    if isinstance(q, (wq.AndNot, wq.AndMaybe)):
        return confined(q.a, fields)
    if isinstance(q, wq.Require):
        return confined(q.a, fields) or confined(q.b, fields)
    if isinstance(q, (wq.Term, wq.Phrase, wq.MultiTerm, wq.TermRange)):
        return q.field() in fields
    return False
