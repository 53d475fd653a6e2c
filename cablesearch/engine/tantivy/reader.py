"""The engine's `Reader` on one Tantivy searcher: match a query tree, filter docsets, columns, records.

Docnums are the documents' `seq` numbers (`schema.py`): unique, in insertion order, so
"index order" means what it means with Whoosh. Tantivy addresses a document by segment
and segment-local id instead; each batch of matches brings both (its `seq` read from the
fast field in one call), and the reader keeps the addresses it has seen (bounded,
ADDRESS_CACHE) to read columns and stored documents by docnum; a docnum it has not seen
is found through the indexed `seq` term, a batch at a time.

Every Tantivy call goes through `_tantivy` (one place for a future time budget to be
checked between calls, and where the library's errors become the project's).
"""

from __future__ import annotations

import json
import zlib
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from cablesearch.budget import Budget, check
from cablesearch.engine.base import Scores, Top
from cablesearch.engine.tantivy import aggregate
from cablesearch.engine.tantivy.columns import NumberColumn, ValueColumn
from cablesearch.engine.tantivy.compile import Compiled, Compiler
from cablesearch.engine.tantivy.documents import stored_fields
from cablesearch.engine.tantivy.schema import COLUMN_FIELDS, KEYWORD_FIELDS
from cablesearch.errors import CablesearchError, IndexUnavailableError
from cablesearch.query.tree import Leaf, Node
from cablesearch.text import fold

RECORD_CACHE = 4096  # decompressed records kept per reader
QUERY_CACHE = 32  # compiled trees kept per reader (a search compiles its tree for matching and highlighting)
DOCSET_CACHE = 64  # exact-filter docsets kept per reader
TERMS_CACHE = 16  # term lists (a field's words from a prefix) kept per reader, for expansions
#: Document addresses remembered (docnum -> address); past it they are forgotten and found again.
ADDRESS_CACHE = 1_000_000
#: Date-number columns (the others are facet columns).
NUMERIC_COLUMNS = ("ts", "day", "year", "month")


class TantivyReader:
    """`engine.base.Reader` on one Tantivy searcher (a point-in-time view of the last commit)."""

    def __init__(self, tantivy: Any, schema: Any, searcher: Any, label: str, latest: Callable[[], str]) -> None:
        self.tv = tantivy
        self.schema = schema
        self.searcher = searcher
        #: The commit this reader shows (`TantivyEngine.commit_label`); `latest` reads the folder's.
        self.label = label
        self._latest = latest
        self._addresses: dict[int, Any] = {}
        self._kind_docs: dict[str, frozenset[int]] = {}
        self._docsets: OrderedDict[tuple[Leaf, str], frozenset[int]] = OrderedDict()
        self._compiled: OrderedDict[tuple[Node, bool], Compiled] = OrderedDict()
        self._terms: OrderedDict[tuple[str, str], list[str]] = OrderedDict()
        self._records: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self._columns: dict[str, Any] = {}
        self._copies: list[list[int]] | None | bool = False  # `_copied`: False until read
        self._compiler = Compiler(tantivy, schema, self._words_from, self._has_word)

    def is_current(self) -> bool:
        return self._latest() == self.label

    def close(self) -> None:
        self._addresses.clear()

    def doc_count(self) -> int:
        """The docnum range: one past the highest `seq` (deleted documents' numbers included)."""
        with self._tantivy():
            found = self.searcher.aggregate(self.tv.Query.all_query(), {"top": {"max": {"field": "seq"}}})
        top = found["top"]["value"]
        return 0 if top is None else int(top) + 1

    # -- Tantivy calls ---------------------------------------------------------------------
    @contextmanager
    def _tantivy(self) -> Iterator[None]:
        """Around every call into Tantivy: its errors (a damaged or vanished file) as the project's."""
        try:
            yield
        except CablesearchError:
            raise
        except (OSError, ValueError, RuntimeError) as exc:
            raise IndexUnavailableError(f"the index cannot be read ({type(exc).__name__}: {exc}); "
                                        f"rebuild it with --rebuild") from exc

    def _collect(self, query: Any, limit: int | None = None) -> tuple[list[int], list[float]]:
        """Every document `query` matches (at most `limit`, when the caller knows no more can):
        docnums and scores (Tantivy's order), addresses kept."""
        with self._tantivy():
            n = self.searcher.num_docs if limit is None else limit
            if not n:
                return [], []
            hits = self.searcher.search(query, limit=n, count=False).hits
            addresses = [a for _, a in hits]
            docnums = self.searcher.fast_field_values("seq", addresses) if addresses else []
        self._remember(docnums, addresses)
        return docnums, [s for s, _ in hits]

    def _remember(self, docnums: list[int], addresses: list[Any]) -> None:
        if len(self._addresses) + len(docnums) > ADDRESS_CACHE:
            self._addresses.clear()
        self._addresses.update(zip(docnums, addresses))

    def _addresses_of(self, docnums: Sequence[int]) -> list[Any]:
        """The addresses of docnums, those not seen yet found through their `seq` terms."""
        get = self._addresses.get
        found = [get(d) for d in docnums]
        if None in found:
            missing = sorted({d for d, a in zip(docnums, found) if a is None})
            query = self.tv.Query.term_set_query(self.schema, "seq", missing)
            with self._tantivy():
                hits = self.searcher.search(query, limit=len(missing), count=False).hits
                addresses = [a for _, a in hits]
                seqs = self.searcher.fast_field_values("seq", addresses) if addresses else []
            self._remember(seqs, addresses)
            lookup = dict(zip(seqs, addresses))
            found = [a if a is not None else lookup.get(d) for d, a in zip(docnums, found)]
            if None in found:
                raise IndexError(f"no document {next(d for d, a in zip(docnums, found) if a is None)} in this reader")
        return found

    def _fast(self, field: str, docnums: Sequence[int]) -> list[Any]:
        """A fast field's values for docnums, in their order: one Tantivy call."""
        if not docnums:
            return []
        addresses = self._addresses_of(docnums)
        with self._tantivy():
            return self.searcher.fast_field_values(field, addresses)

    def _document(self, docnum: int) -> Any:
        (address,) = self._addresses_of([docnum])
        with self._tantivy():
            return self.searcher.doc(address)

    def _scoped(self, query: Any, kind: str | None) -> Any:
        """`query` limited to documents of `kind` (a filter that adds nothing to the score)."""
        if kind is None:
            return query
        Q, Occur = self.tv.Query, self.tv.Occur
        only = Q.const_score_query(Q.term_query(self.schema, "kind", kind, index_option="basic"), 0.0)
        return Q.boolean_query([(Occur.Must, only), (Occur.Must, query)])

    # -- matching --------------------------------------------------------------------------
    def kind_docs(self, kind: str) -> frozenset[int]:
        docs = self._kind_docs.get(kind)
        if docs is None:
            term = self.tv.Query.term_query(self.schema, "kind", kind, index_option="basic")
            docs = self._kind_docs[kind] = frozenset(self._collect(term)[0])
        return docs

    def compiled(self, tree: Node, paragraphs: bool, budget: Budget | None = None) -> Compiled:
        """The tree compiled for the scope, kept (LRU): trees are values, so a repeated one is found.
        Its patterns are expanded within `budget` (a compile cut short keeps nothing)."""
        return _kept(self._compiled, (tree, paragraphs),
                     lambda: self._compiler.compile(tree, paragraphs=paragraphs, budget=budget), QUERY_CACHE)

    def match(self, tree: Node, *, paragraphs: bool, allowed: frozenset[int] | None = None,
              masked: frozenset[int] | None = None, budget: Budget | None = None) -> tuple[list[int], Scores]:
        if allowed is not None and not allowed:
            return [], {}
        check(budget)
        query = self._scoped(self.compiled(tree, paragraphs, budget).query, "para" if paragraphs else "cable")
        docnums, scores = self._collect(query)  # one Tantivy call: the budget is checked around it
        check(budget)
        found: Scores = dict(zip(docnums, scores))
        if allowed is not None:
            for d in [d for d in found if d not in allowed]:
                del found[d]
        if masked:
            for d in masked.intersection(found):
                del found[d]
        # Best first, ties by docnum: a docnum sort, then a stable sort on the score alone.
        order = sorted(found)
        order.sort(key=found.__getitem__, reverse=True)
        return order, found

    # -- a page computed by the engine ------------------------------------------------------
    def top(self, words: Node | None, *, paragraphs: bool, limit: int, sort: str,
            required: Sequence[Leaf] = (), excluded: Sequence[Leaf] = (), columns: Sequence[str] = (),
            without: frozenset[int] = frozenset(), copies: bool = True, scored: bool = True,
            budget: Budget | None = None) -> Top | None:
        """`Reader.top`: Tantivy's top-N collector with its count, one aggregation call for every
        column, and the index's copies (read once per reader) matched by one restricted search.
        None at paragraph scope when the index holds copies (paragraphs collapse by their
        stored numbers), and when the index holds more copies than one aggregation lists."""
        copied = self._copied() if copies else []
        if copied is None or (paragraphs and copied):
            return None
        check(budget)
        query = self._page_query(words, paragraphs, required, excluded, budget)
        if without:
            query = self._restricted(query, without, self.tv.Occur.MustNot)
        order = None if sort == "relevance" else self.tv.Order.Asc if sort == "date" else self.tv.Order.Desc
        with self._tantivy():
            found = self.searcher.search(query, limit=max(limit, 1), count=True,
                                         **({"order_by_field": "ts", "order": order} if order is not None else {}))
            hits = found.hits[:limit]
            addresses = [a for _, a in hits]
            docnums = self.searcher.fast_field_values("seq", addresses) if addresses else []
        self._remember(docnums, addresses)
        total = int(found.count)
        check(budget)
        scores: Scores = {}
        if scored:
            scores = dict(zip(docnums, (s for s, _ in hits))) if order is None else self._scores(query, docnums)
        repeated: list[list[int]] = []
        if copied and total:
            matched = self._scores(query, [d for group in copied for d in group])
            repeated = [g for g in ([d for d in group if d in matched] for group in copied) if len(g) > 1]
            if scored:
                scores.update((d, matched[d]) for g in repeated for d in g)
        counts = self._counts(query, columns, total) if total else {name: Counter() for name in columns}
        check(budget)
        return None if counts is None else Top(total, docnums, scores, counts, repeated)

    def _page_query(self, words: Node | None, paragraphs: bool, required: Sequence[Leaf],
                    excluded: Sequence[Leaf], budget: Budget | None) -> Any:
        """The words' query (every document when None) of the scope's kind, with the filters as
        clauses that add nothing to a score."""
        Q, Occur = self.tv.Query, self.tv.Occur
        kind = "para" if paragraphs else "cable"
        if words is None:
            query = Q.const_score_query(Q.term_query(self.schema, "kind", kind, index_option="basic"), 1.0)
        else:
            query = self._scoped(self.compiled(words, paragraphs, budget).query, kind)
        if not required and not excluded:
            return query
        clauses = [(Occur.Must, query)]
        clauses += [(Occur.Must, Q.const_score_query(self.compiled(leaf, False, budget).query, 0.0))
                    for leaf in required]
        clauses += [(Occur.MustNot, self.compiled(leaf, False, budget).query) for leaf in excluded]
        return Q.boolean_query(clauses)

    def _restricted(self, query: Any, docnums: Sequence[int], occur: Any) -> Any:
        """`query` and (`Occur.Must`) or but not (`Occur.MustNot`) the documents `docnums`,
        which add nothing to a score."""
        Q = self.tv.Query
        these = Q.const_score_query(Q.term_set_query(self.schema, "seq", sorted(docnums)), 0.0)
        return Q.boolean_query([(self.tv.Occur.Must, query), (occur, these)])

    def _scores(self, query: Any, docnums: Sequence[int]) -> Scores:
        """The scores of those of `docnums` that `query` matches."""
        if not docnums:
            return {}
        return dict(zip(*self._collect(self._restricted(query, docnums, self.tv.Occur.Must), len(docnums))))

    def _counts(self, query: Any, columns: Sequence[str], total: int) -> dict[str, Counter[Any]] | None:
        """Each column counted over the matches of `query` (`total` of them) by one aggregation
        call; None when one was cut."""
        if not columns:
            return {}
        values = {name: self.column(name).by_hash() for name in columns if name not in NUMERIC_COLUMNS}
        specs = aggregate.specs(columns, NUMERIC_COLUMNS.__contains__, lambda name: len(values.get(name, ())))
        with self._tantivy():
            result = self.searcher.aggregate(query, specs)
        out = {}
        for name in columns:
            lookup = values.get(name, {})
            counted = aggregate.counts_of(result[name], name in NUMERIC_COLUMNS, total,
                                          lambda h: lookup.get(h, b""))
            if counted is None:
                return None
            out[name] = counted
        return out

    def _copied(self) -> list[list[int]] | None:
        """The cable documents that share an id with another, grouped by id (each ascending),
        read once per reader; None when there are more groups than an aggregation lists."""
        if self._copies is False:
            cables = self.tv.Query.term_query(self.schema, "kind", "cable", index_option="basic")
            with self._tantivy():
                result = self.searcher.aggregate(cables, {"r": aggregate.repeated_spec(self.searcher.num_docs)})
            self._copies = aggregate.repeated_of(result["r"])
        return self._copies  # type: ignore[return-value]

    def docset(self, leaf: Leaf, kind: str, budget: Budget | None = None) -> frozenset[int]:
        def docs() -> frozenset[int]:
            check(budget)
            found = frozenset(self._collect(self._scoped(self.compiled(leaf, False, budget).query, kind))[0])
            check(budget)
            return found

        return _kept(self._docsets, (leaf, kind), docs, DOCSET_CACHE)

    def docs_with(self, field: str, value: str, kind: str | None = None) -> list[int]:
        text = fold(value) if field in KEYWORD_FIELDS else value
        option = "freq" if field in KEYWORD_FIELDS else "basic"
        query = self.tv.Query.term_query(self.schema, field, text, index_option=option)
        return sorted(self._collect(self._scoped(query, kind))[0])

    # -- values ----------------------------------------------------------------------------
    def column(self, name: str) -> Any:
        col = self._columns.get(name)
        if col is None:
            if name in NUMERIC_COLUMNS:
                col = NumberColumn(self._fast, name)
            elif name in COLUMN_FIELDS:
                col = ValueColumn(self._fast, self._all_terms, name)
            else:
                raise KeyError(f"no column {name!r}")
            self._columns[name] = col
        return col

    def stored(self, docnum: int) -> dict[str, Any]:
        meta = self._document(docnum).get_first("meta")
        return stored_fields(meta) if meta else {}

    def record(self, docnum: int) -> dict[str, Any]:
        def unpacked() -> dict[str, Any]:
            blob = self._document(docnum).get_first("record")
            return json.loads(zlib.decompress(blob).decode("utf-8")) if blob else {}

        return _kept(self._records, docnum, unpacked, RECORD_CACHE)

    # -- words -----------------------------------------------------------------------------
    def doc_frequency(self, field: str, word: str) -> int:
        with self._tantivy():
            return int(self.searcher.doc_freq(field, word))

    def terms(self, field: str, prefix: str) -> list[str]:
        return list(self._words_from(field, prefix))

    def _words_from(self, field: str, prefix: str) -> list[str]:
        """The indexed words of `field` starting with `prefix`, sorted (kept: a fuzzy word asks
        for a whole field's words)."""
        def read() -> list[str]:
            with self._tantivy():
                return sorted(t for t, _ in self.searcher.terms_with_prefix(field, prefix))

        return _kept(self._terms, (field, prefix), read, TERMS_CACHE)

    def _all_terms(self, field: str) -> list[str]:
        with self._tantivy():
            return [t for t, _ in self.searcher.terms_with_prefix(field, "")]

    def _has_word(self, field: str, word: str) -> bool:
        return self.doc_frequency(field, word) > 0

    def highlight_terms(self, tree: Node, *, paragraphs: bool, budget: Budget | None = None
                        ) -> tuple[set[str], list[tuple[tuple[str, ...], int]]]:
        compiled = self.compiled(tree, paragraphs, budget)
        return set(compiled.words), list(compiled.phrases)


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
