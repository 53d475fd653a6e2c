"""Run a query on an index: plan, match, collapse copies, sort, facet, page, snippet.

One pass collects every matching document with its score (so totals and
facets are exact over all matches, with no 10,000 cap); copies of one cable
collapse onto their best-scoring copy; the page's hits are built from the
stored records, with snippets that name the paragraph and its marking.
Everything here goes through the engine's `Reader` (engine/base.py): no
search library is imported.

A `timeout` (seconds; None or 0: no limit) starts a `budget.Budget` that every
step checks and passes down to the engine: past it the search ends with
QueryTimeoutError. It covers the whole of `search` (the page's hits included) and
the part of `stream` that runs before it returns (matches, sorting, facets, the
suggestion and the highlighter's words); the streamed hits are built outside it,
as the caller takes them (see budget.py).
"""

from __future__ import annotations

import gc
import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from cablesearch.budget import Budget, check
from cablesearch.engine.base import Reader
from cablesearch.errors import UsageError
from cablesearch.fields import facet_name
from cablesearch.model import Source
from cablesearch.parse.person_table import PersonTable
from cablesearch.query import (And, Node, ParsedQuery, Phrase, Term, date_filter, leaves, parse_query,
                               to_text)
from cablesearch.results import Hit, Results
from cablesearch.searching import highlight
from cablesearch.searching.copies import Copies
from cablesearch.searching.facets import count_facets
from cablesearch.searching.facets import facet_sort as facet_sort_of
from cablesearch.searching.hits import NAME_FIELDS, hit_from_record, names_only, selected_values
from cablesearch.searching.page import engine_page
from cablesearch.searching.plan import FilterPlan, filter_plan
from cablesearch.searching.suggest import suggest
from cablesearch.searching.timeline import count_timeline
from cablesearch.text import WORD_RE, fold

SORTS = ("relevance", "date", "-date")
#: Paragraph -> cable look-ups kept per searcher.
PARENT_CACHE = 4096
#: Searches whose facet counts and timeline a searcher keeps (`Searcher._counts`).
COUNTS_KEPT = 16


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


def _columns(facet_names: list[str], timeline: bool) -> list[str]:
    """The columns a search counts: its facets', and the timeline's year and month."""
    return [*facet_names, *(c for c in ("year", "month") if timeline and c not in facet_names)]


def _unscored(docnum: int) -> float:
    """The score of a match found by exact filters alone (a constant, as Whoosh gives it)."""
    return 1.0


class Searcher:
    """Searches over one engine `Reader`, with what repeated searches reuse (copies found,
    paragraphs' cables, the last query's highlighter)."""

    def __init__(self, reader: Reader, people: Callable[[], PersonTable] | None = None) -> None:
        """`people`: gives the index's person table (`parse/person_table.py`), asked for on the
        first search that needs it (a people facet or a `people:` filter); None: no table."""
        self.reader = reader
        self._people_source = people
        self._people: PersonTable | None = None
        self._last_words: tuple[ParsedQuery, highlight.Highlighter] | None = None
        self._parents: dict[int, int | None] = {}  # paragraph -> its cable's document (`_parent`)
        #: The index's copies of one cable, found once, and how matches collapse onto them.
        self.copies = Copies(reader, self._parent, self.record)
        self._counted: dict[tuple[Any, ...], tuple[dict[str, Any], Any]] = {}  # see `_counts`

    def kind_docs(self, kind: str) -> frozenset[int]:
        return self.reader.kind_docs(kind)

    @property
    def people(self) -> PersonTable:
        """The index's person table (empty when there is none), read once per searcher."""
        if self._people is None:
            self._people = self._people_source() if self._people_source is not None else PersonTable()
        return self._people

    def people_of(self, name: str) -> tuple[str, ...]:
        """Every spelling of the person `name` denotes in the index (() when it is unknown)."""
        return self.people.variants(name)

    def record(self, docnum: int) -> dict[str, Any]:
        """A cable's record; one indexed before records kept `source.abspath` takes the path of
        the file the index read it from (its `src`), which opens from anywhere."""
        rec = self.reader.record(docnum)
        if rec and not (rec.get("source") or {}).get("abspath"):
            source = Source.from_dict(rec.get("source")).to_dict()
            rec = {**rec, "source": {**source, "abspath": self.reader.stored(docnum).get("src") or None}}
        return rec

    def _allowed(self, plan: FilterPlan, kind: str, *, words: bool = False, budget: Budget | None = None
                 ) -> frozenset[int]:
        """The documents a plan's filters allow: the intersection of their docsets (minus the
        excluded ones when there are no words to search, which otherwise become a mask).
        With words and no filter, every document of the kind."""
        if not plan.required:
            docs = self.kind_docs(kind)
            if words:
                return docs
        else:
            docs = self.reader.docset(plan.required[0], kind, budget)
            for leaf in plan.required[1:]:
                docs = docs & self.reader.docset(leaf, kind, budget)
        if words:
            return docs
        for leaf in plan.excluded:
            docs = docs - self.reader.docset(leaf, kind, budget)
        return docs

    # -- copies --------------------------------------------------------------------------
    def copied_ids(self) -> frozenset[bytes]:
        """The ids (as the id column holds them) of cables indexed more than once (`Copies.ids`)."""
        return self.copies.ids()

    def copied_cables(self) -> frozenset[int]:
        """The cable documents of those ids (`Copies.cables`)."""
        return self.copies.cables()

    # -- look-ups ------------------------------------------------------------------------
    def cable_docnums(self, cable_id: str) -> list[int]:
        """The cable documents with this id or alias, in index order."""
        found = set(self.reader.docs_with("id", cable_id, "cable"))
        found.update(self.reader.docs_with("aliases", cable_id, "cable"))
        return sorted(found)

    def references_of(self, cable_id: str) -> list[str]:
        refs: list[str] = []
        for d in self.cable_docnums(cable_id):
            refs.extend(r for r in self.record(d).get("references") or () if r not in refs)
        return refs

    def cited_by(self, cable_id: str) -> list[str]:
        """Ids of the cables whose REF lines cite this one, oldest first."""
        docs = self.reader.docs_with("references", cable_id, "cable")
        ids = self.reader.column("id")
        ts = self.reader.column("ts")
        found: dict[str, int | None] = {}
        for d in docs:
            cid = ids[d]
            cid = cid.decode("utf-8") if isinstance(cid, bytes) else cid
            if cid and cid != cable_id:
                found.setdefault(cid, ts[d])
        return sorted(found, key=lambda c: (found[c] is None, found[c] or 0, c))  # undated last

    def _parent(self, para_docnum: int) -> int | None:
        """The cable document a paragraph belongs to (kept: a paragraph hit asks for its own and
        each copy's)."""
        if para_docnum in self._parents:
            return self._parents[para_docnum]
        found = self.reader.docs_with("key", self.reader.stored(para_docnum)["cable_key"])
        if len(self._parents) >= PARENT_CACHE:
            self._parents.clear()
        parent = self._parents[para_docnum] = found[0] if found else None
        return parent

    # -- searching -----------------------------------------------------------------------
    @_collector_paused()  # (and while the page's hits are built: no full collection inside the budget)
    def search(self, q: str, *, facets: tuple[str, ...] | list[str] = (), facet_size: int = 10, limit: int | None = 10,
               offset: int = 0, sort: str | None = None, paragraphs: bool = False, from_: str | None = None,
               to: str | None = None, all_versions: bool = False, timeout: float | None = None,
               timeline: bool = False, facet_sort: str | None = None) -> Results:
        """The Results of a query with its first `limit` hits from `offset` (None: every hit).
        `sort`: relevance, date (oldest first) or -date; None: relevance, or date for a query of
        filters only (nothing to rank by). QueryTimeoutError when the whole of it takes longer
        than `timeout` seconds. `timeline`: the Results carry the matches counted by year or
        month (`timeline.py`). `facet_sort`: count or value (None: value for year and month,
        count for the others)."""
        if limit is not None and limit < 0:
            raise UsageError("--limit, --offset and --facet-size must not be negative")
        budget = Budget.start(timeout)
        head, hits = self._run(q, facets=facets, facet_size=facet_size, offset=offset, sort=sort,
                               paragraphs=paragraphs, from_=from_, to=to, all_versions=all_versions,
                               budget=budget, prepare=limit != 0, timeline=timeline, facet_sort=facet_sort,
                               budget_hits=True, wanted=limit)
        page = []
        for hit in itertools.islice(hits, limit):
            check(budget)
            page.append(hit)
        check(budget)
        return replace(head, limit=limit, hits=tuple(page))

    def stream(self, q: str, *, facets: tuple[str, ...] | list[str] = (), facet_size: int = 10, offset: int = 0,
               sort: str | None = None, paragraphs: bool = False, from_: str | None = None, to: str | None = None,
               all_versions: bool = False, timeout: float | None = None,
               timeline: bool = False, facet_sort: str | None = None) -> tuple[Results, Iterator[Hit]]:
        """Run the query once: the Results without hits (total, facets…), and every hit from
        `offset` on, each built only when it is taken (the `--all` stream: no cap, no list).
        `timeout` bounds the run before this returns; the hits are built outside it."""
        return self._run(q, facets=facets, facet_size=facet_size, offset=offset, sort=sort, paragraphs=paragraphs,
                         from_=from_, to=to, all_versions=all_versions, budget=Budget.start(timeout), prepare=True,
                         timeline=timeline, facet_sort=facet_sort)

    @_collector_paused()
    def _run(self, q: str, *, facets: tuple[str, ...] | list[str], facet_size: int, offset: int, sort: str | None,
             paragraphs: bool, from_: str | None, to: str | None, all_versions: bool, budget: Budget | None,
             prepare: bool, timeline: bool = False, facet_sort: str | None = None, budget_hits: bool = False,
             wanted: int | None = None) -> tuple[Results, Iterator[Hit]]:
        """`stream`'s work, within `budget`; with `prepare` (hits will be taken), the highlighter's
        words too, so that expanding them is in the budget; with `budget_hits`, the hits too
        (each paragraph a snippet is looked for in: a pattern's highlighter can hold thousands
        of words). `wanted`: how many hits from `offset` will be taken (None: every one): such a
        page is asked of the engine first (`page.engine_page`), and every match is gathered here
        (`_gathered`) only where the engine cannot answer it.

        Python's cyclic garbage collector is paused while the matches are gathered: a search
        makes a few objects per match, and each collection they trigger would walk every object
        the process holds, this searcher's caches included. What the search frees goes by
        reference counting as before; the collector's own state is restored after."""
        if sort is not None and sort not in SORTS:
            raise UsageError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
        if offset < 0 or facet_size < 0:
            raise UsageError("--limit, --offset and --facet-size must not be negative")
        facet_names = [facet_name(f) for f in facets]
        for name in facet_names:
            facet_sort_of(name, facet_sort)  # refused before any work
        parsed = parse_query(q, paragraphs=paragraphs, references_of=self.references_of, people_of=self.people_of)
        dates = date_filter(from_, to)
        tree = And((parsed.resolved, dates)) if dates is not None else parsed.resolved
        plan = filter_plan(tree)
        filters_only = plan is not None and plan.words is None  # nothing a score would rank
        listing = filters_only or names_only(parsed)
        if sort is None:  # filters alone rank nothing: time order is the one that means something
            sort = "date" if listing else "relevance"
        counts_key = (parsed.tree, tree, paragraphs, all_versions, tuple(facet_names), facet_size, timeline,
                      facet_sort)
        found = None
        if wanted is not None:
            counted = counts_key in self._counted  # (then the engine is not asked to count again)
            found = engine_page(self.reader, tree, plan, paragraphs=paragraphs, sort=sort, limit=offset + wanted,
                                columns=[] if counted else _columns(facet_names, timeline),
                                all_versions=all_versions, budget=budget)
        if found is not None:
            top, copies, scores = found.top, found.copies, found.scores
            total = top.total
            facet_results, dated = self._counts(counts_key, lambda: (
                count_facets(self.reader, (), facet_names, facet_size, *selected_values(parsed, facet_names),
                             budget=budget, sort=facet_sort, counted=top.counts,
                             people=self.people if "people" in facet_names else None) if facet_names else {},
                count_timeline(self.reader, (), counted=top.counts) if timeline else None))
            taken: Iterator[list[int]] = (copies.get(d, [d]) for d in itertools.islice(top.docnums, offset, None))
        else:
            total, taken, scores, facet_results, dated = self._gathered(
                parsed, tree, plan, counts_key, paragraphs=paragraphs, sort=sort, offset=offset,
                facet_names=facet_names, facet_size=facet_size, facet_sort=facet_sort, timeline=timeline,
                all_versions=all_versions, budget=budget)
        suggestion = suggest(self.reader, parsed, budget) if not total else None
        if prepare and total > offset:
            self._highlighter(parsed, budget)  # its words expanded within the budget
        check(budget)
        head = Results(query=q, total=total, offset=offset, limit=None, hits=(),
                       facets=facet_results, scope="paragraphs" if paragraphs else "cables", suggestion=suggestion,
                       reading=to_text(parsed.tree), timeline=dated)
        score = _unscored if scores is None else scores.__getitem__
        hit_budget = budget if budget_hits else None
        hits = (self._hit([(score(d), d) for d in g], parsed, paragraphs, listing, hit_budget) for g in taken)
        return head, hits

    def _gathered(self, parsed: ParsedQuery, tree: Node, plan: FilterPlan | None, counts_key: tuple[Any, ...], *,
                  paragraphs: bool, sort: str, offset: int, facet_names: list[str], facet_size: int,
                  facet_sort: str | None, timeline: bool, all_versions: bool, budget: Budget | None
                  ) -> tuple[int, Iterator[list[int]], Any, Any, Any]:
        """Every match gathered and handled here (`Reader.match`): (total, the hits' groups of
        copies from `offset` on, scores or None, facets, timeline)."""
        order, scores = self._matches(tree, paragraphs, plan, budget)
        check(budget)
        # Matches stay docnums until a hit is built: a search keeps them until its last hit is
        # taken, and no list or tuple per match is made when no two are copies of one cable.
        groups = None if all_versions else self.copies.collapse(order, paragraphs, budget)  # None: each match alone
        check(budget)
        representatives = order if groups is None else [g[0] for g in groups]
        # Facets sort their documents by docnum (`sorted` is linear on a sorted list): the
        # matches before any date sort, the score dictionary (its walks go in docnum order)
        # where `order` is shuffled by score.
        counted = representatives if groups is not None or scores is None else scores.keys()
        if sort != "relevance":
            # One read of the column for every match (kept by it for the next searches), not
            # a read per match: a filter-only query sorts every cable it matches.
            stamps = self.reader.column("ts").values(representatives)
            check(budget)
            ranked = sorted((i for i, t in enumerate(stamps) if t is not None), key=stamps.__getitem__,
                            reverse=(sort == "-date"))
            ranked += [i for i, t in enumerate(stamps) if t is None]  # undated last either way
            if groups is None:
                order = [order[i] for i in ranked]
            else:
                groups = [groups[i] for i in ranked]
            representatives = order if groups is None else [g[0] for g in groups]
            check(budget)
        facet_results, dated = self._counts(counts_key, lambda: (
            count_facets(self.reader, counted, facet_names, facet_size, *selected_values(parsed, facet_names),
                         budget=budget, sort=facet_sort,
                         people=self.people if "people" in facet_names else None) if facet_names else {},
            count_timeline(self.reader, counted) if timeline else None))
        taken = ([d] for d in itertools.islice(order, offset, None)) if groups is None else \
            itertools.islice(groups, offset, None)
        return len(representatives), taken, scores, facet_results, dated

    @property
    def counts_kept(self) -> int:
        """How many searches' facet counts and timelines this searcher keeps (`_counts`)."""
        return len(self._counted)

    def _counts(self, key: tuple[Any, ...], count: Any) -> tuple[dict[str, Any], Any]:
        """A search's facets and timeline, kept for the last `COUNTS_KEPT` searches by what they
        depend on (the query as written and as run, scope, copies, facets asked): the same query
        again at another offset or in another order -- a reader paging through results, or
        re-sorting them -- counts nothing again. The matches' set does not depend on either."""
        found = self._counted.pop(key, None)
        if found is None:
            found = count()
            if len(self._counted) >= COUNTS_KEPT:
                del self._counted[next(iter(self._counted))]
        self._counted[key] = found  # most recent last
        return dict(found[0]), found[1]  # the facets' dict is the caller's own

    def _matches(self, tree: Node, paragraphs: bool, plan: FilterPlan | None, budget: Budget | None = None
                 ) -> tuple[list[int], dict[int, float] | None]:
        """The documents of the scope the tree matches (`plan`: its `filter_plan`), best first,
        and their scores (None: filters only, every match scores the same and they come in
        index order)."""
        kind = "para" if paragraphs else "cable"
        if plan is None:
            return self.reader.match(tree, paragraphs=paragraphs, budget=budget)
        if plan.words is None:
            # Only exact filters (tags, station, dates…, and NOT of them): set operations on the
            # reader's cached docsets, no postings walked; nothing to rank by, so index order.
            return sorted(self._allowed(plan, kind, budget=budget)), None
        # Words and exact filters: only the words' postings are walked; the filters become an
        # allow-set and the excluded ones a mask, both cached docsets.
        allowed = self._allowed(plan, kind, words=True, budget=budget) if plan.required else None
        masked = frozenset().union(*(self.reader.docset(leaf, kind, budget) for leaf in plan.excluded)) \
            if plan.excluded else None
        return self.reader.match(plan.words, paragraphs=paragraphs, allowed=allowed, masked=masked, budget=budget)

    def _hit(self, group: list[tuple[float, int]], parsed: ParsedQuery, paragraphs: bool, lead: bool = False,
             budget: Budget | None = None) -> Hit:
        """A hit for a group of copies (best first); `lead`: a query of filters only, whose
        cable hits show their first paragraph; `budget` checked as its snippets are chosen."""
        score, docnum = group[0]
        if paragraphs:
            fields = self.reader.stored(docnum)
            parent = self._parent(docnum)
            rec = self.record(parent) if parent is not None else {}
            para = (rec.get("paragraphs") or [{}])[fields.get("pidx", 0)] if rec.get("paragraphs") else {}
            shown = (highlight.snippet(para, self._highlighter(parsed), whole=True),) if para else ()
            sources = tuple(self.record(p)["source"] for p in
                            (self._parent(d) for _, d in group) if p is not None)
            return hit_from_record(rec, score, shown, len(group), sources,
                                    paragraph=para.get("number"), marking=para.get("marking"), scope="paragraphs")
        rec = self.record(docnum)
        shown = highlight.snippets(rec.get("paragraphs") or (), self._highlighter(parsed), lead=lead, budget=budget)
        sources = tuple(self.record(d)["source"] for _, d in group)
        return hit_from_record(rec, score, shown, len(group), sources)

    def _highlighter(self, parsed: ParsedQuery, budget: Budget | None = None) -> highlight.Highlighter:
        """The query's highlighter, kept for the query's hits (built once per search, not once per hit)."""
        if self._last_words is None or self._last_words[0] is not parsed:
            words, phrases = self.reader.highlight_terms(parsed.resolved, paragraphs=parsed.paragraphs, budget=budget)
            for leaf, negated in leaves(parsed.resolved):  # a name is shown where the text says it
                if not negated and leaf.field in NAME_FIELDS and isinstance(leaf, (Term, Phrase)):
                    name = tuple(fold(w) for w in WORD_RE.findall(leaf.text))
                    if len(name) == 1:
                        words.add(name[0])
                    elif name:
                        phrases.append((name, 1))
            self._last_words = (parsed, highlight.Highlighter(words, phrases))
        return self._last_words[1]
