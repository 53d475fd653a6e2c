"""Queries evaluated as dictionaries of scored documents.

Why: Whoosh collects a query's matches by stepping a tree of matchers one
document at a time -- a word is a union of five fields' postings, a
two-word query an intersection of two such unions -- at several Python calls
per document per node: about 10 microseconds a match at 50,000 cables,
where a term query matches 11,000. Here `And`, `Or` and `AND NOT` are
dictionary and set operations, and only the leaves (terms, phrases,
wildcards, ranges…) walk postings, each with its own Whoosh matcher and
scorer. The documents are the same, and so are the scores, except that a
sum is taken in query order where Whoosh's tree may add in another, so the
last bit of a float can differ (the tests compare to 1e-9).

An intersection evaluates its rarest part first and only looks the others
up (`skip_to`) at the documents still in the running, as Whoosh does.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.scoring import BM25FScorer

#: docnum -> score
Scores = dict[int, float]


def evaluate(searcher: Any, query: wq.Query, allowed: Collection[int] | None = None,
             masked: Collection[int] | None = None) -> list[tuple[float, int]]:
    """Every match of `query` as (score, docnum), best first, ties by docnum (Whoosh's order).

    `allowed` and `masked` are Whoosh's `filter` and `mask`: when given, only
    documents in `allowed`, and none in `masked`, are returned.
    """
    context = searcher.context()
    scores = _eval(searcher, query, context, None)
    if allowed is not None:
        scores = {d: s for d, s in scores.items() if d in allowed}
    if masked:
        scores = {d: s for d, s in scores.items() if d not in masked}
    items = [(s, d) for d, s in scores.items()]
    items.sort(key=lambda sd: (-sd[0], sd[1]))
    return items


def _eval(searcher: Any, q: wq.Query, context: Any, candidates: list[int] | None) -> Scores:
    """The scores of `q`'s matches (among `candidates`, sorted docnums, when given)."""
    if type(q) is wq.And or (type(q) is wq.Or and not q.scale):
        if not q.subqueries:
            return {}
        if type(q) is wq.And:
            scores = _intersection(searcher, q.subqueries, context, candidates)
        else:
            scores = _union([_eval(searcher, sub, context, candidates) for sub in q.subqueries])
        if q.boost != 1.0:
            scores = {d: s * q.boost for d, s in scores.items()}
        return scores
    if _is_exclusion(q):  # query.ExcludingQuery and Whoosh's AndNot: a's scores, b's documents removed
        scores = _eval(searcher, q.a, context, candidates)
        if scores:
            dropped = _eval(searcher, q.b, context, sorted(scores))
            for d in dropped:
                del scores[d]
        return scores
    return _leaf(searcher, q, context, candidates)


def _is_exclusion(q: wq.Query) -> bool:
    return isinstance(q, wq.AndNot) and q.boost == 1.0


def _size(searcher: Any, q: wq.Query) -> int:
    try:
        return int(q.estimate_size(searcher.reader()))
    except Exception:  # a query that cannot say: last
        return 1 << 62


def _intersection(searcher: Any, subs: list[wq.Query], context: Any, candidates: list[int] | None) -> Scores:
    order = sorted(range(len(subs)), key=lambda i: _size(searcher, subs[i]))
    parts: dict[int, Scores] = {}
    for i in order:
        part = _eval(searcher, subs[i], context, candidates)
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


def _union(parts: list[Scores]) -> Scores:
    parts = [p for p in parts if p]
    if not parts:
        return {}
    out = dict(parts[0])
    for part in parts[1:]:
        get = out.get
        for d, s in part.items():
            prev = get(d)
            out[d] = s if prev is None else prev + s
    return out


def _leaf(searcher: Any, q: wq.Query, context: Any, candidates: list[int] | None) -> Scores:
    """Walk the leaf's own matcher in each segment: all its documents, or skip to each candidate."""
    out: Scores = {}
    for sub, offset in searcher.leaf_searchers():
        m = q.matcher(sub, context)
        if not m.is_active():
            continue
        if candidates is None:
            _walk(m, offset, out)
            continue
        end = offset + sub.doc_count_all()
        for d in candidates:
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


def _walk(m: Any, offset: int, out: Scores) -> None:
    """Every posting of a leaf matcher, scored.

    A term's own postings scored by BM25F (nearly every leaf) are read a block
    at a time, with Whoosh's `bm25` written out in the loop in the same
    operation order, so the floats are Whoosh's: one Python call per posting
    (the field length) instead of eight. Anything else goes posting by posting.
    """
    scorer = getattr(m, "scorer", None)
    if type(m) is W3LeafMatcher and type(scorer) is BM25FScorer and not m._i:
        idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
        dfl = scorer.dfl
        while m.is_active():
            m._read_ids()
            m._read_weights()
            for d, tf in zip(m._ids, m._weights):
                out[d + offset] = idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * dfl(d) / avgfl)))
            m._next_block()
        return
    while m.is_active():
        out[m.id() + offset] = m.score()
        m.next()
