"""Run a parsed query on an index: match, collapse copies, sort, facet, page, snippet.

One pass collects every matching document with its score (so totals and
facets are exact over all matches, with no 10,000 cap); copies of one cable
collapse onto their best-scoring copy; the page's hits are built from the
stored records, with snippets that name the paragraph and its marking.
"""

from __future__ import annotations

import difflib
import gc
import itertools
import re
from collections import Counter, OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from whoosh import query as wq

from cablesearch.engine.whoosh.columns import Column
from cablesearch.errors import UsageError
from cablesearch.engine.whoosh.evaluate import doc_ids, ranked
from cablesearch.engine.whoosh.compile import compile_query
from cablesearch.engine.whoosh.queries import ExcludingQuery
from cablesearch.fields import CABLE_ONLY_FIELDS, PARAGRAPH_ONLY_FIELDS, facet_name
from cablesearch.query import Node, Phrase, Term, date_filter, field_values, leaves, parse_query, to_text, transform
from cablesearch.searching.facets import count_facets
from cablesearch.searching import highlight
from cablesearch.text import fold
from cablesearch.results import Hit, Results, Snippet
from cablesearch.engine.whoosh.schema import KEYWORD_FIELDS, column_name, numeric_column, unpack_record

SORTS = ("relevance", "date", "-date")
DATE_FIELDS = ("year", "month", "day")  # NUMERIC fields (schema.py): exact filters
SELECTIVE = 0.6  # an allow-set under this share of its kind's documents filters while reading
#: Fields only cable documents have, and only paragraph documents have (schema.py).
RECORD_CACHE = 4096  # decompressed records kept per searcher
DOCSET_CACHE = 64  # exact-filter docsets kept per searcher (a tag's cables, a year range's)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """`gc` disabled for the block, and enabled after only if it was enabled before."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _unscored(docnum: int) -> float:
    """The score of a match found by exact filters alone (Whoosh's constant score)."""
    return 1.0


class _Columns:
    """Column readers opened once per searcher: opening one reads its whole offset table,
    which cost more than the rest of a small search."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._open: dict[str, Any] = {}

    def column_reader(self, name: str) -> Column:
        col = self._open.get(name)
        if col is None:
            col = self._open[name] = Column(self._reader, name)
        return col


class Searcher:
    """Search state for one Whoosh searcher (records, column readers and kind sets are cached per searcher)."""

    def __init__(self, whoosh_searcher: Any) -> None:
        self.s = whoosh_searcher
        self.reader = whoosh_searcher.reader()
        self.columns = _Columns(self.reader)
        self._kind_docs: dict[str, frozenset[int]] = {}
        self._docsets: OrderedDict[tuple[wq.Query, str], frozenset[int]] = OrderedDict()
        self._last_words: tuple["Compiled", highlight.Highlighter] | None = None
        self._records: OrderedDict[int, dict[str, Any]] = OrderedDict()  # most recently used last
        self._copied: tuple[frozenset[bytes], frozenset[int]] | None = None
        self._collapses = 0  # cable-scope searches so far: the copies are worth finding from the second
        self._ids_read = 0  # matches whose ids were read to collapse them, before the copies were found
        self._parents: dict[int, int | None] = {}  # paragraph -> its cable's document (`_parent`)

    def _docset(self, leaf: wq.Query, kind: str) -> frozenset[int]:
        """The documents of one kind (`cable`, `para`) one exact filter matches, kept for the
        next searches (LRU)."""
        key = (leaf, kind)
        docs = self._docsets.get(key)
        if docs is None:
            if kind == "para":
                # An exact filter matches only cables and paragraphs (file records have no
                # such field), so its paragraphs are its documents less the cables: no set of
                # every paragraph (2.2 million at Cablegate scale) built on a cold searcher.
                docs = doc_ids(self.s, leaf) - self.kind_docs("cable")
            else:
                docs = doc_ids(self.s, leaf) & self.kind_docs(kind)
            self._docsets[key] = docs
            if len(self._docsets) > DOCSET_CACHE:
                self._docsets.popitem(last=False)
        else:
            self._docsets.move_to_end(key)
        return docs

    def _allowed(self, plan: "_FilterPlan", kind: str, *, words: bool = False) -> Any:
        """The documents a plan's filters allow: the intersection of their docsets (minus the
        excluded ones when there are no words to search, which otherwise become a mask).
        With words and no filter, every document of the kind."""
        if not plan.required:
            docs = self.kind_docs(kind)
            if words:
                return docs
        else:
            docs = self._docset(plan.required[0], kind)
            for leaf in plan.required[1:]:
                docs = docs & self._docset(leaf, kind)
        if words:
            return docs
        for leaf in plan.excluded:
            docs = docs - self._docset(leaf, kind)
        return docs

    def _kind_scoped(self, query: wq.Query, kind: str, paragraphs: bool) -> tuple[wq.Query, Any]:
        """`query` limited to documents of the kind, and the allow-set that limit still needs
        (None when the query alone cannot match another kind).

        Only fields that paragraph documents share (tags, dates…): intersecting with the kind's
        postings skips the paragraphs instead of matching them all (tags:PGOV date:2000..2008
        on 1k synthetic cables: 12.6 -> 7.4 ms a search). A text word already limits to one
        kind; then no allow-set is built or tested per match (a cold paragraph search built a
        set of every paragraph, 2.2 million at Cablegate scale)."""
        only = PARAGRAPH_ONLY_FIELDS if paragraphs else CABLE_ONLY_FIELDS
        if not {leaf.field() for leaf in query.leaves()} & set(only):
            return wq.And([wq.Term("kind", kind), query]), None
        return query, None if _confined(query, only) else self.kind_docs(kind)

    def _selective(self, allowed: Any, kind: str) -> bool:
        """Does an allow-set hold under SELECTIVE of its kind's documents? Then a word's postings
        are filtered as they are read (`evaluate._filtered_word`): 251,287 cables, paragraph
        scope, `marking:C police` 113 -> 97 CPU ms, `marking:S human` 57 -> 33; a filter that
        keeps most matches (`police tags:PGOV`) was 10-20 % slower so, and is applied after."""
        if allowed is None:
            return False
        cables = len(self.kind_docs("cable"))
        size = cables if kind == "cable" else self.reader.doc_count_all() - cables
        return len(allowed) < SELECTIVE * size

    def kind_docs(self, kind: str) -> frozenset[int]:
        """The documents of one kind (`cable`, `para`), computed once per searcher (membership at
        C speed): as a query filter Whoosh re-walked every cable's posting on every search."""
        docs = self._kind_docs.get(kind)
        if docs is None:
            docs = self._kind_docs[kind] = doc_ids(self.s, wq.Term("kind", kind))
        return docs

    def copied_ids(self) -> frozenset[bytes]:
        """The ids (as the id column holds them) of cables indexed more than once, computed once
        per searcher: only their paragraphs need collapsing by number (251,287 cables: one pass
        over the id column, instead of a stored-field read per matching paragraph)."""
        return self._copies()[0]

    def copied_cables(self) -> frozenset[int]:
        """The cable documents of those ids: only they can collapse at cable scope, so a search
        reads no id for any other match (10k synthetic cables, `police`: the id read of 2,631
        matches was a quarter of the search)."""
        return self._copies()[1]

    def _copies(self) -> tuple[frozenset[bytes], frozenset[int]]:
        if self._copied is None:
            cables = sorted(self.kind_docs("cable"))
            ids = self.columns.column_reader(column_name("id")).bulk(cables)
            copied = frozenset(c for c, n in Counter(ids).items() if n > 1 and c)
            self._copied = copied, frozenset(d for d, c in zip(cables, ids) if c in copied)
        return self._copied

    # -- records ---------------------------------------------------------------
    def record(self, docnum: int) -> dict[str, Any]:
        rec = self._records.get(docnum)
        if rec is None:
            rec = unpack_record(self.s.stored_fields(docnum)["record"])
            self._records[docnum] = rec
            if len(self._records) > RECORD_CACHE:  # bounded: `--all` over 250k cables must not keep them all
                self._records.popitem(last=False)
        else:
            self._records.move_to_end(docnum)
        return rec

    def cable_docnums(self, cable_id: str) -> list[int]:
        q = wq.And([wq.Term("kind", "cable"), wq.Or([wq.Term("id", cable_id.lower()),
                                                     wq.Term("aliases", cable_id.lower())])])
        return sorted(self.s.docs_for_query(q))

    def references_of(self, cable_id: str) -> list[str]:
        refs: list[str] = []
        for d in self.cable_docnums(cable_id):
            refs.extend(r for r in self.record(d).get("references") or () if r not in refs)
        return refs

    def cited_by(self, cable_id: str) -> list[str]:
        """Ids of the cables whose REF lines cite this one, oldest first."""
        docs = self.s.docs_for_query(wq.And([wq.Term("kind", "cable"), wq.Term("references", cable_id.lower())]))
        ids = self.columns.column_reader(column_name("id"))
        ts = numeric_column(self.columns, "ts")
        found: dict[str, int | None] = {}
        for d in docs:
            cid = ids[d]
            cid = cid.decode("utf-8") if isinstance(cid, bytes) else cid
            if cid and cid != cable_id:
                found.setdefault(cid, ts(d))
        return sorted(found, key=lambda c: (found[c] is None, found[c] or 0, c))  # undated last

    def _parent(self, para_docnum: int) -> int | None:
        """The cable document a paragraph belongs to (kept: a paragraph hit asks for its own and
        each copy's, a stored-field read and a term look-up in every segment each)."""
        if para_docnum in self._parents:
            return self._parents[para_docnum]
        key = self.s.stored_fields(para_docnum)["cable_key"]
        found = list(self.s.docs_for_query(wq.Term("key", key)))
        if len(self._parents) >= RECORD_CACHE:
            self._parents.clear()
        parent = self._parents[para_docnum] = found[0] if found else None
        return parent

    # -- searching -------------------------------------------------------------
    def search(self, q: str, *, facets: tuple[str, ...] | list[str] = (), facet_size: int = 10, limit: int | None = 10,
               offset: int = 0, sort: str = "relevance", paragraphs: bool = False, from_: str | None = None,
               to: str | None = None, all_versions: bool = False) -> Results:
        if limit is not None and limit < 0:
            raise UsageError("--limit, --offset and --facet-size must not be negative")
        head, hits = self.stream(q, facets=facets, facet_size=facet_size, offset=offset, sort=sort,
                                 paragraphs=paragraphs, from_=from_, to=to, all_versions=all_versions)
        page = tuple(itertools.islice(hits, limit))
        return replace(head, limit=limit, hits=page)

    @_collector_paused()
    def stream(self, q: str, *, facets: tuple[str, ...] | list[str] = (), facet_size: int = 10, offset: int = 0,
               sort: str = "relevance", paragraphs: bool = False, from_: str | None = None, to: str | None = None,
               all_versions: bool = False) -> tuple[Results, Iterator[Hit]]:
        """Run the query once: the Results without hits (total, facets…), and every hit from
        `offset` on, each built only when it is taken (the `--all` stream: no cap, no list).

        Python's cyclic garbage collector is paused while the matches are gathered: a search
        makes a few objects per match (65,000 for a word at 251,287 cables), and each
        collection they trigger walks every object the process holds, this searcher's caches
        included (a `police` search there: 127 -> 90 CPU ms). What the search frees goes by
        reference counting as before; the collector's own state is restored after."""
        if sort not in SORTS:
            raise UsageError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
        if offset < 0 or facet_size < 0:
            raise UsageError("--limit, --offset and --facet-size must not be negative")
        facet_names = [facet_name(f) for f in facets]
        parsed = _compiled(parse_query(q, paragraphs=paragraphs, references_of=self.references_of), paragraphs)
        date_range = date_filter(from_, to)
        dates = compile_query(date_range) if date_range is not None else None
        kind = "para" if paragraphs else "cable"
        query = wq.And([parsed.whoosh, dates]) if dates is not None else parsed.whoosh
        plan = _filter_plan(query.normalize())
        scores: dict[int, float] | None = None  # None: every match scores 1.0 (filters only)
        if plan is not None and plan.words is None:
            # Only exact filters (tags, station, dates…, and NOT of them): set operations on cached
            # per-searcher docsets, no postings walked. Nothing to rank by, so index order (1k
            # synthetic, tags:PGOV date:2000..2008: 48 -> 1.3 ms).
            order = sorted(self._allowed(plan, kind))
        elif plan is not None:
            # Words and exact filters: only the words' postings are walked; the filters become
            # an allow-set and the excluded ones a mask, both cached docsets (9,335 real cables,
            # election NOT tags:PGOV: 122 -> 40 ms, both timed while a benchmark held the cores;
            # paragraphs, marking:C police: 57 -> 28 CPU ms).
            scoped, allowed = self._kind_scoped(plan.words, kind, paragraphs)
            if plan.required:
                allowed = self._allowed(plan, kind, words=True)
            masked = set().union(*(self._docset(leaf, kind) for leaf in plan.excluded)) if plan.excluded else None
            order, scores = ranked(self.s, scoped, allowed, masked, selective=self._selective(allowed, kind)) \
                if allowed is None or allowed else ([], {})
        else:
            order, scores = ranked(self.s, *self._kind_scoped(query, kind, paragraphs))
        # Matches stay docnums until a hit is built: a search keeps them until its last hit is
        # taken, and no list or tuple per match is made when no two are copies of one cable.
        groups = None if all_versions else self._collapse(order, paragraphs)  # None: each match alone
        if sort != "relevance":
            ts = numeric_column(self.columns, "ts")
            keyed = [(ts(g[0]), g) for g in ([[d] for d in order] if groups is None else groups)]
            dated = sorted(((t, g) for t, g in keyed if t is not None), key=lambda tg: tg[0],
                           reverse=(sort == "-date"))
            groups = [g for _, g in dated] + [g for t, g in keyed if t is None]  # undated last either way
        representatives = order if groups is None else [g[0] for g in groups]
        # Facets sort their documents by docnum: the score dictionary holds them nearly so (its
        # walks go in docnum order), where `order` is shuffled by score.
        counted = representatives if groups is not None or scores is None else scores.keys()
        facet_results = count_facets(self.columns, counted, facet_names, facet_size,
                                     *_selected(parsed, facet_names)) if facet_names else {}
        suggestion = self._suggest(parsed) if not representatives else None
        head = Results(query=q, total=len(representatives), offset=offset, limit=None, hits=(),
                       facets=facet_results, scope="paragraphs" if paragraphs else "cables", suggestion=suggestion)
        score = scores.__getitem__ if scores is not None else _unscored
        taken = ([d] for d in itertools.islice(order, offset, None)) if groups is None else \
            itertools.islice(groups, offset, None)
        hits = (self._hit([(score(d), d) for d in g], parsed, paragraphs) for g in taken)
        return head, hits

    def _collapse(self, order: list[int], paragraphs: bool) -> list[list[int]] | None:
        """Group copies of one cable (same id; at paragraph scope, same id and paragraph
        number), each group best first; None when no two matches are copies of one cable."""
        ids = self.columns.column_reader(column_name("id"))
        if not paragraphs:
            self._collapses += 1
            if self._copied is None:
                self._ids_read += len(order)
            if self._copied is None and (self._collapses == 1 or self._ids_read <= len(self.kind_docs("cable"))):
                # A searcher's first search (the CLI's only one), then until the matches' own ids
                # read add up to the cables: one pass over every cable's id (251,287 at Cablegate
                # scale) finds the copies once, where a filter matching 30,000 cables read their
                # ids again on every search (3/4 of `tags:PGOV date:2000..2008` at 20k cables).
                cid_of = {d: c for d, c in zip(order, ids.bulk(order)) if c}
            else:
                several = sorted(self.copied_cables().intersection(order))
                cid_of = dict(zip(several, ids.bulk(several)))
            if len(set(cid_of.values())) == len(cid_of):
                return None  # no two copies of one cable among the matches
            by_cable: dict[Any, list[int]] = {}
            for d in order:  # ids (bytes) for copies, the docnum (int) for every other match
                by_cable.setdefault(cid_of.get(d, d), []).append(d)
            return list(by_cable.values())
        cids = ids.values(order)  # kept from a searcher's second read on (docvalues.Column.values)
        # At paragraph scope copies are told apart by paragraph number, a stored field (slow to
        # read): read only for cables with more than one matching paragraph and more than one copy.
        several_ids = {c for c, n in Counter(cids).items() if n > 1}
        if several_ids:
            several_ids &= self.copied_ids()
        if not several_ids:
            return None  # no two matching paragraphs of one cable indexed twice
        groups: dict[Any, list[int]] = {}
        for d, cid in zip(order, cids):
            key: Any = d
            if cid in several_ids:
                stored = self.s.stored_fields(d)
                number = stored.get("number")
                key = (cid, number, None if number else stored.get("pidx"))
            groups.setdefault(key, []).append(d)
        return list(groups.values())

    def _hit(self, group: list[tuple[float, int]], parsed: "Compiled", paragraphs: bool) -> Hit:
        score, docnum = group[0]
        if paragraphs:
            fields = self.s.stored_fields(docnum)
            parent = self._parent(docnum)
            rec = self.record(parent) if parent is not None else {}
            para = (rec.get("paragraphs") or [{}])[fields.get("pidx", 0)] if rec.get("paragraphs") else {}
            shown = (highlight.snippet(para, self._highlighter(parsed), whole=True),) if para else ()
            sources = tuple(self.record(p)["source"] for p in
                            (self._parent(d) for _, d in group) if p is not None)
            return _hit_from_record(rec, score, shown, len(group), sources,
                                    paragraph=para.get("number"), marking=para.get("marking"), scope="paragraphs")
        rec = self.record(docnum)
        shown = highlight.snippets(rec.get("paragraphs") or (), self._highlighter(parsed))
        sources = tuple(self.record(d)["source"] for _, d in group)
        return _hit_from_record(rec, score, shown, len(group), sources)

    # -- snippets --------------------------------------------------------------
    def _highlighter(self, parsed: "Compiled") -> highlight.Highlighter:
        """The query's highlighter, kept for the query's hits (built once per search, not once per hit)."""
        if self._last_words is None or self._last_words[0] is not parsed:
            self._last_words = (parsed, highlight.Highlighter.of_query(parsed.whoosh, self.reader))
        return self._last_words[1]

    # -- did you mean ------------------------------------------------------------
    def _suggest(self, parsed: "Compiled") -> str | None:
        """The query with each unknown word of a text field replaced by the nearest indexed word
        (None when no word changes)."""
        near_of: dict[str, str] = {}
        for field, word in parsed.terms:
            if field not in ("body", "text", "subject") or not word.isalpha() or len(word) < 4:
                continue
            if self.reader.doc_frequency(field, word):
                continue
            candidates = [t.decode("utf-8") if isinstance(t, bytes) else t
                          for t in self.reader.expand_prefix(field, word[:1])]
            near = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
            if near and near[0] != word:
                near_of[word] = near[0]
        if not near_of:
            return None

        def replace_word(leaf: Node) -> Node:
            if isinstance(leaf, Term) and fold(leaf.text) in near_of:
                return Term(leaf.field, near_of[fold(leaf.text)], leaf.boost)
            return leaf

        return to_text(transform(parsed.tree, replace_word))


@dataclass(frozen=True)
class _FilterPlan:
    """A cable-scope query split for cached docsets: `required` exact filters (keyword
    terms, date ranges) ANDed, `excluded` ones NOT-ed, and the rest (`words`, None when
    there is none) left for Whoosh to match and rank."""

    words: wq.Query | None
    required: tuple[wq.Query, ...]
    excluded: tuple[wq.Query, ...]


def _is_exact(q: wq.Query) -> bool:
    if isinstance(q, wq.Term):  # a keyword, or one year, month or day (`year:2005`)
        return (q.fieldname in KEYWORD_FIELDS or q.fieldname in DATE_FIELDS) and q.boost == 1.0
    return isinstance(q, wq.NumericRange) and q.fieldname in DATE_FIELDS


def _confined(q: wq.Query, fields: tuple[str, ...]) -> bool:
    """Whether every document `q` can match has one of `fields` (so is of the one kind that
    has them): a leaf on such a field, an intersection with one part confined, a union of
    confined parts. Anything else (`NOT x` alone, every document…) is not."""
    if isinstance(q, wq.And):
        return any(_confined(sub, fields) for sub in q.subqueries)
    if isinstance(q, (wq.Or, wq.DisjunctionMax)):
        return bool(q.subqueries) and all(_confined(sub, fields) for sub in q.subqueries)
    if isinstance(q, (wq.AndNot, wq.AndMaybe)):
        return _confined(q.a, fields)
    if isinstance(q, wq.Require):
        return _confined(q.a, fields) or _confined(q.b, fields)
    if isinstance(q, (wq.Term, wq.Phrase, wq.MultiTerm, wq.TermRange)):
        return q.field() in fields
    return False


def _filter_plan(query: wq.Query) -> _FilterPlan | None:
    """Split `a b tags:X date:… NOT tags:Y` into words, required and excluded filters;
    None when the query has no exact filter at its top level (or excludes words while
    having nothing else than filters, which Whoosh does better)."""
    negative = None
    if isinstance(query, ExcludingQuery):
        query, negative = query.a, query.b
    parts = list(query.subqueries) if isinstance(query, wq.And) else [query]
    required = tuple(p for p in parts if _is_exact(p))
    words = [p for p in parts if not _is_exact(p)]
    excluded: tuple[wq.Query, ...] = ()
    if negative is not None:
        negs = list(negative.subqueries) if isinstance(negative, wq.Or) else [negative]
        if all(_is_exact(n) for n in negs):
            excluded, negative = tuple(negs), None
    if not required and not excluded:
        return None
    if not words:
        return None if negative is not None else _FilterPlan(None, required, excluded)
    rest = words[0] if len(words) == 1 else wq.And(words)
    return _FilterPlan(ExcludingQuery(rest, negative) if negative is not None else rest, required, excluded)


def _selected(parsed: "Compiled", facet_names: list[str]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Values the query filters on (`tags:SNAR` selects SNAR in the tags facet), and those it
    implies: `tags:narcotics` implies SNAR and UNCND, `country:MX` Mexico — marked when cables
    carry them, but not listed at count 0 like an explicit value. Read from the query's tree:
    words and phrases on a facet's field, not under a NOT."""
    out: dict[str, set[str]] = {}
    implied: dict[str, set[str]] = {}
    for leaf, negated in leaves(parsed.tree):
        if negated or not isinstance(leaf, (Term, Phrase)) or leaf.field not in facet_names:
            continue
        extra = field_values(leaf.field, leaf.text)
        if extra:
            implied.setdefault(leaf.field, set()).update(extra)
        else:
            out.setdefault(leaf.field, set()).add(leaf.text)
    return out, implied


@dataclass(frozen=True)
class Compiled:
    """A parsed query and its Whoosh form; `terms` are the (field, word) pairs of its plain
    words in text fields, for snippets and suggestions."""

    tree: Node
    whoosh: wq.Query
    text: str
    terms: tuple[tuple[str, str], ...]


def _compiled(parsed: Any, paragraphs: bool) -> Compiled:
    q = compile_query(parsed.resolved, paragraphs=paragraphs)
    terms = tuple((f, t if isinstance(t, str) else t.decode("utf-8", "replace"))
                  for f, t in q.iter_all_terms() if f in ("subject", "body", "text", "people", "tags"))
    return Compiled(parsed.tree, q, parsed.text, terms)


def _hit_from_record(rec: dict[str, Any], score: float, snippets: tuple[Snippet, ...], versions: int,
                     sources: tuple[dict[str, Any], ...], paragraph: str | None = None,
                     marking: str | None = None, scope: str = "cables") -> Hit:
    return Hit(id=rec.get("id"), date=rec.get("date"), subject=rec.get("subject"),
               classification=rec.get("classification"), origin=rec.get("origin"), station=rec.get("station"),
               tags=tuple(rec.get("tags") or ()), score=float(score), source=rec.get("source") or {},
               snippets=snippets, paragraph=paragraph, marking=marking, versions=versions, sources=sources,
               scope=scope)
