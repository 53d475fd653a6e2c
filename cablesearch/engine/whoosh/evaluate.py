"""Queries evaluated as dictionaries of scored documents.

Contract: `evaluate` and `ranked` give the documents Whoosh's searcher would
match for a query, with Whoosh's scores, best first and ties by docnum;
`doc_ids` gives a filter's documents, unscored. A score is a sum taken in
query order where Whoosh's tree of matchers may add in another, so its last
bit can differ (the tests compare to 1e-9).

Why: Whoosh collects a query's matches by stepping a tree of matchers one
document at a time -- a word is a union of five fields' postings, a
two-word query an intersection of two such unions -- at several Python calls
per document per node. Here `And`, `Or` and `AND NOT` are
dictionary and set operations, and only the leaves (terms, phrases,
wildcards, ranges…) walk postings, each with its own Whoosh matcher and
scorer.

An intersection evaluates its rarest part first and only looks the others
up (`skip_to`) at the documents still in the running, as Whoosh does.

The leaves' postings are walked a block at a time by `postings`; without
`compat.FAST_PATHS` every leaf steps its own Whoosh matcher instead.

A `budget` (None: no limit) is checked once per block of postings, per term of
an expansion, per part of a union: QueryTimeoutError past it, and nothing is
kept of the query's work.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection
from itertools import filterfalse
from typing import Any

from whoosh import query as wq

from cablesearch.budget import Budget, check
from cablesearch.engine.whoosh import compat
from cablesearch.engine.whoosh.expand import BASE, budgeted_matcher, ticking_estimate
from cablesearch.engine.whoosh.postings import (Postings, Scores, default_bm25f, leaf_postings, walk, walk_among,
                                                  walk_blocks, walk_blocks_within, walk_phrase)
from cablesearch.errors import QueryTimeoutError


def evaluate(searcher: Any, query: wq.Query, allowed: Collection[int] | None = None,
             masked: Collection[int] | None = None, budget: Budget | None = None) -> list[tuple[float, int]]:
    """Every match of `query` as (score, docnum), best first, ties by docnum (Whoosh's order).

    `allowed` and `masked` are Whoosh's `filter` and `mask`: when given, only
    documents in `allowed`, and none in `masked`, are returned.
    """
    order, scores = ranked(searcher, query, allowed, masked, budget=budget)
    return [(scores[d], d) for d in order]


def ranked(searcher: Any, query: wq.Query, allowed: Collection[int] | None = None,
           masked: Collection[int] | None = None, *, selective: bool = False, budget: Budget | None = None
           ) -> tuple[list[int], Scores]:
    """`evaluate`'s answer as its docnums, best first, and a docnum -> score dictionary: no
    object per match (a search keeps its matches until its last hit is taken, and a
    (score, docnum) tuple for each of 65,000 was made, then walked by the garbage collector).
    `selective`: `allowed` is expected to drop most of the matches (`_filtered_word`)."""
    context = searcher.context()
    filtered = _filtered_word(searcher, query, context, allowed, budget) if selective else None
    scores = _eval(searcher, query, context, None, budget) if filtered is None else filtered[0]
    # Removing the few documents that fail is cheaper than copying the many that pass; each
    # test walks the matches and looks them up in the (larger) set at C speed, where a key
    # view's `&` would walk the set.
    if allowed is not None and not (filtered and filtered[1]):  # (not when every posting was filtered)
        for d in list(filterfalse(allowed.__contains__, scores)):
            del scores[d]
    if masked:
        for d in _among(masked, scores):
            del scores[d]
    # Best first, ties by docnum: a docnum sort, then a stable sort on the score alone (no
    # (-score, docnum) key built per item).
    check(budget)
    order = sorted(scores)
    order.sort(key=scores.__getitem__, reverse=True)
    check(budget)
    return order, scores


def _filtered_word(searcher: Any, q: wq.Query, context: Any, allowed: Collection[int] | None,
                   budget: Budget | None = None) -> tuple[Scores, bool] | None:
    """A word's scores (a term, or an Or of terms: one word in several fields) among the
    documents of a selective allow-set, and whether every posting was filtered (else some
    blocks were scored whole, for the filter after); None when that does not apply (then
    `_eval`, and the filter after). The same scores for the same documents: filtering each
    field's postings, then adding, is filtering the sum. Each block's docnums are intersected
    with the set at C speed and only those left are scored, where the filter after scores every
    posting."""
    if not isinstance(allowed, (set, frozenset)):
        return None
    if type(q) is wq.Term:
        leaves = [q]
    elif type(q) is wq.Or and not q.scale and q.boost == 1.0 and q.subqueries \
            and all(type(sub) is wq.Term for sub in q.subqueries):
        leaves = list(q.subqueries)
    else:
        return None
    if any(leaf.boost != 1.0 for leaf in leaves):
        return None
    parts: list[Scores] = []
    exact = True
    for leaf in leaves:
        part: Scores = {}
        for sub, offset in searcher.leaf_searchers():
            m = leaf.matcher(sub, context)
            if not m.is_active():
                continue
            found = leaf_postings(m, scored=True)
            if found is None:
                return None
            exact = walk_blocks_within(*found, offset, allowed, part, budget) and exact
        parts.append(part)
    return union(parts, budget), exact


def _among(docs: Collection[int], scores: Scores) -> set[int]:
    """The matches in `docs`, walking the matches (a set's `intersection` walks its argument)."""
    if isinstance(docs, (set, frozenset)):
        return docs.intersection(scores)
    return {d for d in scores if d in docs}


def _eval(searcher: Any, q: wq.Query, context: Any, candidates: list[int] | None,
          budget: Budget | None = None) -> Scores:
    """The scores of `q`'s matches (among `candidates`, sorted docnums, when given)."""
    if type(q) is wq.And or (type(q) is wq.Or and not q.scale):
        if not q.subqueries:
            return {}
        if type(q) is wq.And:
            scores = _intersection(searcher, q.subqueries, context, candidates, budget)
        else:
            scores = union([_eval(searcher, sub, context, candidates, budget) for sub in q.subqueries], budget)
        if q.boost != 1.0:
            scores = {d: s * q.boost for d, s in scores.items()}
        return scores
    if _is_exclusion(q):  # query.ExcludingQuery and Whoosh's AndNot: a's scores, b's documents removed
        scores = _eval(searcher, q.a, context, candidates, budget)
        if scores:
            dropped = _eval(searcher, q.b, context, sorted(scores), budget)
            for d in dropped:
                del scores[d]
        return scores
    return _leaf(searcher, q, context, candidates, budget)


def _is_exclusion(q: wq.Query) -> bool:
    return isinstance(q, wq.AndNot) and q.boost == 1.0


def _size(searcher: Any, q: wq.Query, budget: Budget | None = None) -> int:
    try:
        if budget is None:
            return int(q.estimate_size(searcher.reader()))
        return int(ticking_estimate(q, searcher.reader(), budget.every(64)))
    except QueryTimeoutError:
        raise
    except Exception:  # a query that cannot say: last
        return 1 << 62


def _intersection(searcher: Any, subs: list[wq.Query], context: Any, candidates: list[int] | None,
                  budget: Budget | None = None) -> Scores:
    order = sorted(range(len(subs)), key=lambda i: _size(searcher, subs[i], budget))
    parts: dict[int, Scores] = {}
    for i in order:
        part = _eval(searcher, subs[i], context, candidates, budget)
        if not part:
            return {}
        parts[i] = part
        candidates = sorted(part) if candidates is None else [d for d in candidates if d in part]
        if not candidates:
            return {}
    out: Scores = {}
    for d in candidates or ():
        total = 0.0
        for i in range(len(subs)):  # query order
            total += parts[i][d]
        out[d] = total
    return out


def union(parts: list[Scores], budget: Budget | None = None) -> Scores:
    """Every part's documents, each with its parts' scores added in query order. The largest
    part is copied whole (a word's body postings, next to a few in its subject, tags or
    people) and only the documents of the others are summed again, so the largest part is
    never stepped through in Python. A few parts (a word's fields) are summed document by
    document; many (a wildcard's 4,000 words) part by part, which costs their postings, not
    their documents times their number -- the same sums, added in the same order."""
    parts = [p for p in parts if p]
    if not parts:
        return {}
    largest = max(range(len(parts)), key=lambda i: len(parts[i]))
    out = dict(parts[largest])
    if len(parts) == 1:
        return out
    others = set().union(*(p for i, p in enumerate(parts) if i != largest))
    check(budget)
    if len(parts) <= FEW_PARTS:
        for d in others:
            total = None
            for part in parts:
                s = part.get(d)
                if s is not None:
                    total = s if total is None else total + s
            out[d] = total
        return out
    sums: Scores = {}  # the documents of the other parts: their scores so far, in query order
    get = sums.get
    for i, part in enumerate(parts):
        if i == largest:
            for d in others:
                s = part.get(d)
                if s is not None:
                    total = get(d)
                    sums[d] = s if total is None else total + s
        else:
            for d, s in part.items():
                total = get(d)
                sums[d] = s if total is None else total + s
        check(budget)
    out.update(sums)
    return out


#: Parts `union` sums document by document; more are summed part by part.
FEW_PARTS = 8


def _leaf(searcher: Any, q: wq.Query, context: Any, candidates: list[int] | None,
          budget: Budget | None = None) -> Scores:
    """Walk the leaf's own matcher in each segment: all its documents, or skip to each candidate."""
    out: Scores = {}
    phrase_terms = getattr(q, "term_matchers", None) if candidates is None and q.boost == 1.0 else None
    expanding = candidates is None and expands_to_terms(q)
    for sub, offset in searcher.leaf_searchers():
        if expanding:
            postings = expanded_postings(q, sub, context)
            if postings is not None:
                parts: list[Scores] = []
                for found in postings:
                    part: Scores = {}
                    walk_blocks(*found, offset, part, budget)
                    parts.append(part)
                out.update(union(parts, budget))
                continue
        if phrase_terms is not None:
            ms = phrase_terms(sub, context)
            if ms == []:
                continue  # a word this segment lacks: no match here
            postings = [leaf_postings(t, scored=True) for t in ms or ()]
            if ms is not None and all(postings):
                walk_phrase(postings, offset, out, budget)  # type: ignore[arg-type]
                continue
        check(budget)
        m = q.matcher(sub, context) if budget is None else budgeted_matcher(q, sub, context, budget)
        if not m.is_active():
            continue
        blocks = leaf_postings(m, scored=True)
        if candidates is None:
            if blocks:
                walk_blocks(*blocks, offset, out, budget)
            else:
                walk(m, offset, out, budget)
            continue
        end = offset + sub.doc_count_all()
        if blocks:
            lo, hi = bisect_left(candidates, offset), bisect_left(candidates, end)
            if lo < hi:
                walk_among(*blocks, offset, candidates[lo:hi], out, budget)
            continue
        for d in candidates:  # (a step of a big union can cost milliseconds: the clock read at each)
            if budget is not None:
                budget.check()
            if d < offset:
                continue
            if d >= end or not m.is_active():
                break
            local = d - offset
            if m.id() < local:
                m.skip_to(local)
                if not m.is_active():
                    break
            if m.id() == local:
                out[d] = m.score()
    return out


def doc_ids(searcher: Any, q: wq.Query, budget: Budget | None = None) -> frozenset[int]:
    """Every document `q` matches, unscored (a filter's documents, a document kind's).

    A term's postings are read a block at a time, their docnums summed from the stored
    deltas at C speed, where Whoosh's `docs_for_query` steps them one by one. A numeric range
    (`date:2000..2008`) is the terms of its tiers, read the same way, where Whoosh steps a tree
    of unions. The budget is checked per block (per 1,024 documents on Whoosh's path).
    """
    terms = _exact_terms(searcher, q)
    if terms is None:
        if budget is None:
            return frozenset(searcher.docs_for_query(q))
        tick = budget.every(1024)
        return frozenset(d for d in searcher.docs_for_query(q) if tick() is None)
    out: list[int] = []
    context = searcher.boolean_context()
    for term in terms:
        for sub, offset in searcher.leaf_searchers():
            check(budget)
            m = term.matcher(sub, context)
            if not m.is_active():
                continue
            found = leaf_postings(m)
            if found is None:
                out.extend(d + offset for d in m.all_ids())
                continue
            leaf, deleted = found
            while leaf.is_active():
                out.extend(d + offset for d in compat.block_head(leaf)[0] if d not in deleted)
                compat.next_block(leaf)
                check(budget)
    return frozenset(out)


def _exact_terms(searcher: Any, q: wq.Query) -> list[wq.Term] | None:
    """The terms whose documents are exactly `q`'s: a term, or a numeric range's tiers (Whoosh
    compiles it to an Or of terms and term ranges); None for anything else, and for everything
    without `compat.FAST_PATHS` (then Whoosh's `docs_for_query`)."""
    if not compat.FAST_PATHS:
        return None
    if type(q) is wq.Term:
        return [q]
    if type(q) is not wq.NumericRange:
        return None
    reader = searcher.reader()
    compiled = compat.compiled_range(q, reader)
    if isinstance(compiled, wq.ConstantScoreQuery):
        compiled = compiled.child
    if type(compiled) is type(wq.NullQuery):  # an empty range
        return []
    parts = compiled.subqueries if type(compiled) is wq.Or else [compiled]
    terms: list[wq.Term] = []
    for part in parts:
        if type(part) is wq.Term:
            terms.append(part)
        elif type(part) is wq.TermRange:
            terms.extend(wq.Term(part.fieldname, text) for text in compat.expanded_texts(part, reader))
        else:
            return None
    return terms


#: Expanding queries, and the text that makes each match every document instead.
_EXPANDING = {wq.Prefix: "", wq.Wildcard: "*", wq.Regex: ".*", wq.FuzzyTerm: None}


def expands_to_terms(q: wq.Query) -> bool:
    """A wildcard, prefix, regex or fuzzy term that Whoosh matches as an Or of its terms
    (`MultiTerm.matcher`), its expansions kept (`expand.KEPT`) or not."""
    kind = BASE.get(type(q), type(q))
    return kind in _EXPANDING and q.boost == 1.0 and q.text != _EXPANDING[kind]


def expanded_postings(q: Any, sub: Any, context: Any) -> list[Postings] | None:
    """The postings of each term `q` expands to in this segment, when there are several and
    each can be read by blocks; else None (Whoosh's own matcher then: one term, or none).

    Whoosh scores such a query as an Or of its terms, each by the searcher's weighting
    (`narco*`: narcotics, narcotrafficker…), stepping a tree of union matchers posting by
    posting; here each term is walked by blocks and the scores added per document. The
    sums may be added in another order than Whoosh's tree (the tests compare to 1e-9).
    None without `compat.FAST_PATHS`.
    """
    if not compat.FAST_PATHS:
        return None
    texts = [t for t in compat.expanded_texts(q, sub.reader()) if t]
    if len(texts) < 2 or len(texts) >= wq.Or.TOO_MANY_CLAUSES:
        return None
    if q.constantscore:
        # MultiTerm.matcher then drops the weighting; Or (AUTO) then adds each term's score by
        # the segment searcher's own weighting, Whoosh's default BM25F -- the same scores as
        # this searcher's only when it is that -- except in a segment of 5,000 documents or
        # fewer, where Whoosh preloads the matches unscored: that case is left to Whoosh.
        if not default_bm25f(getattr(context, "weighting", None)):
            return None
        if not (getattr(context, "needs_current", True) or len(texts) == 2 or sub.doc_count_all() > 5000):
            return None
    found = [leaf_postings(wq.Term(q.fieldname, t).matcher(sub, context), scored=True) for t in texts]
    return found if all(found) else None  # type: ignore[return-value]
