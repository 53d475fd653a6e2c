"""A term's or a phrase's postings walked a block at a time, scored with BM25F.

Contract: each walk adds to `out` (docnum -> score, the segment's docnums
moved by `offset`) exactly the documents and scores Whoosh's own matcher
would give for the same leaf -- a term's postings by BM25F, an exact phrase
as Whoosh's span matcher scores it -- leaving out the segment's deleted
documents. Every score is computed with Whoosh's operations in Whoosh's
order, so it is Whoosh's to the last bit.

Why: Whoosh's matcher makes several Python calls per posting (about eight to
score one); here each block's docnums and weights are read whole through
`compat` and scored in one loop, with the length part of BM25's denominator
looked up per length byte. `leaf_postings` says whether a matcher can be
walked so: without `compat.FAST_PATHS`, or for any matcher other than a
term's own postings scored by `scoring`'s lengths, it answers None and the
caller steps Whoosh's matcher (`walk`).

`evaluate` decides which leaves to walk and how (all postings, only among
candidates, only within an allow-set) and combines their scores.

Each walk takes the query's `budget` (None: no limit) and checks it once per
block of postings (Whoosh writes up to 128 to a block), posting-by-posting walks
once per 64: a reading of the clock costs less than 1% of a block's work.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F, BM25FScorer

from cablesearch.budget import Budget
from cablesearch.engine.whoosh import compat
from cablesearch.engine.whoosh.scoring import LENGTHS

#: docnum -> score
Scores = dict[int, float]

#: A term's own postings, from their first block, and the segment's deleted documents.
Postings = tuple[W3LeafMatcher, frozenset[int]]


def leaf_postings(m: Any, *, scored: bool = False) -> Postings | None:
    """A term's own postings under `m`, from their first block, and the segment's deleted
    documents they must leave out; None for any other matcher, and for every matcher without
    `compat.FAST_PATHS` (then the callers step Whoosh's own matcher). With `scored`, only postings
    scored by BM25F with the lengths `scoring` reads (nearly every leaf), which the walks
    below score inline.

    In a segment with deletions Whoosh wraps the postings in a FilterMatcher, which may
    have stepped past deleted documents already: the postings are read again from the start
    (and only once they are known to be taken, so a matcher left to Whoosh is untouched).
    """
    if not compat.FAST_PATHS:
        return None
    deleted: frozenset[int] = frozenset()
    leaf = m
    if type(m) is FilterMatcher and m.boost == 1.0:
        out = compat.filtered_out(m)
        if out is not None:
            deleted, leaf = out, m.child
    if type(leaf) is not W3LeafMatcher:
        return None
    if scored and (type(leaf.scorer) is not BM25FScorer or getattr(leaf.scorer, "length_bytes", None) is None):
        return None
    if leaf is not m or compat.block_position(leaf):
        leaf.reset()
    return leaf, deleted


_DEFAULT_BM25F = BM25F()


def default_bm25f(weighting: Any) -> bool:
    """Is this Whoosh's BM25F with its default parameters (scoring.SegmentLengthBM25F is)?"""
    default = _DEFAULT_BM25F
    return (isinstance(weighting, BM25F) and weighting.B == default.B and weighting.K1 == default.K1
            and compat.bm25f_field_b(weighting) == compat.bm25f_field_b(default))


def _bm25(scorer: Any) -> tuple[float, float, bytes, list[float]]:
    """What the walks below need to score inline: idf, k1, the length bytes, and the length
    part of BM25's denominator for each of the 256 length bytes, computed with Whoosh's
    operations in Whoosh's order (so every score is Whoosh's to the last bit)."""
    b, k1, avgfl = scorer.B, scorer.K1, scorer.avgfl
    key = (b, k1, avgfl)
    norms = _NORMS.get(key)
    if norms is None:  # one table per field and segment, not per term (`narco*`: 28 terms)
        if len(_NORMS) > 4096:
            _NORMS.clear()
        norms = _NORMS[key] = [k1 * ((1 - b) + b * fl / avgfl) for fl in LENGTHS]
    return scorer.idf, k1, scorer.length_bytes, norms


#: (B, K1, average field length) -> `_bm25`'s length part for each length byte.
_NORMS: dict[tuple[float, float, float], list[float]] = {}


def walk_blocks(m: W3LeafMatcher, deleted: frozenset[int], offset: int, out: Scores,
                budget: Budget | None = None) -> None:
    """Every posting of a term, scored by BM25F, a block at a time: Whoosh's `bm25` written
    out in the loop in the same operation order, so the floats are Whoosh's, with no Python
    call per posting where Whoosh makes eight."""
    idf, k1, raw, norms = _bm25(m.scorer)
    k1_1 = k1 + 1  # Whoosh's `tf * (K1 + 1)`: the same float, added once per term
    check = budget.check if budget is not None else None
    while m.is_active():
        if check is not None:
            check()
        ids, weights = compat.block_head(m)
        if deleted:
            for d, tf in zip(ids, weights):
                if d not in deleted:
                    out[d + offset] = idf * ((tf * k1_1) / (tf + norms[raw[d]]))
        else:  # most blocks: no test per posting
            for d, tf in zip(ids, weights):
                out[d + offset] = idf * ((tf * k1_1) / (tf + norms[raw[d]]))
        compat.next_block(m)


#: Postings `walk_blocks_within` filters before it may decide that most are inside.
WITHIN_PROBE = 512


def walk_blocks_within(m: W3LeafMatcher, deleted: frozenset[int], offset: int, allowed: Collection[int],
                       out: Scores, budget: Budget | None = None) -> bool:
    """`walk_blocks` for the postings whose documents are in `allowed` (a set of docnums):
    each block's docnums are intersected with it and only those inside are scored. Once the
    first blocks show that most postings are inside, the rest are scored whole, as
    `walk_blocks` does (the intersections would cost more than they save), and the caller's
    filter drops the others: then False. Docnums go in in ascending order, as `walk_blocks`
    puts them (the caller's sort then merges runs)."""
    idf, k1, raw, norms = _bm25(m.scorer)
    k1_1 = k1 + 1
    read = kept = 0
    check = budget.check if budget is not None else None
    while m.is_active():
        if read >= WITHIN_PROBE and kept * 2 > read:
            walk_blocks(m, deleted, offset, out, budget)
            return False
        if check is not None:
            check()
        ids, weights = compat.block_head(m)
        ids = list(ids)
        inside = allowed.intersection(map(offset.__add__, ids) if offset else ids)  # type: ignore[attr-defined]
        read += len(ids)
        kept += len(inside)
        if inside:
            tf_of = dict(zip(ids, weights))
            for g in sorted(inside):
                d = g - offset
                if d not in deleted:
                    tf = tf_of[d]
                    out[g] = idf * ((tf * k1_1) / (tf + norms[raw[d]]))
        compat.next_block(m)
    return True


def walk_among(m: W3LeafMatcher, deleted: frozenset[int], offset: int, candidates: list[int], out: Scores,
               budget: Budget | None = None) -> None:
    """`walk_blocks` limited to `candidates` (sorted, in this segment): a block whose last docnum is
    before the next candidate is skipped undecoded, as `skip_to` skips it, and the others are
    read whole and checked against the candidates, where Whoosh's `skip_to` and `score` cost
    several Python calls per candidate (`police reform`: half of the search)."""
    idf, k1, raw, norms = _bm25(m.scorer)
    wanted = {d - offset for d in candidates} - deleted
    last = candidates[-1] - offset
    i = 0
    n = len(candidates)
    check = budget.check if budget is not None else None
    while m.is_active() and i < n:
        if check is not None:
            check()
        if compat.block_max_id(m) + offset < candidates[i]:
            compat.next_block(m)
            continue
        for d, tf in zip(*compat.block_head(m)):
            if d in wanted:
                out[d + offset] = idf * ((tf * (k1 + 1)) / (tf + norms[raw[d]]))
        top = compat.block_max_id(m)
        if top >= last:
            return
        i = bisect_right(candidates, top + offset, i)
        compat.next_block(m)


def _term_blocks(m: W3LeafMatcher, deleted: frozenset[int], budget: Budget | None = None
                 ) -> tuple[Scores, dict[int, bytes]]:
    """A term's postings, block by block: docnum -> BM25F score (as `walk_blocks`), docnum -> value."""
    idf, k1, raw, norms = _bm25(m.scorer)
    scores: Scores = {}
    values: dict[int, bytes] = {}
    check = budget.check if budget is not None else None
    while m.is_active():
        if check is not None:
            check()
        ids, weights, encoded = compat.read_block(m)
        for d, tf in zip(ids, weights):
            scores[d] = idf * ((tf * (k1 + 1)) / (tf + norms[raw[d]]))
        values.update(zip(ids, encoded))
        compat.next_block(m)
    for d in deleted.intersection(scores):
        del scores[d]
    return scores, values


_PLUS_1, _MINUS_1 = (1).__add__, (-1).__add__


def _tree_sum(parts: list[float]) -> float:
    """Scores added as Whoosh's binary tree of intersection matchers adds them."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    return _tree_sum(parts[:half]) + _tree_sum(parts[half:])


def walk_phrase(postings: list[Postings], offset: int, out: Scores, budget: Budget | None = None) -> None:
    """An exact phrase from its words' postings: the documents holding every word, then in
    each one word i at some position p + i (query.AdjacentPhrase's test), scored as Whoosh's
    span matcher scores it (the words' BM25F scores, added as its intersection tree adds
    them). Whoosh steps an intersection matcher document by document and decodes positions
    through several calls per word. The budget is checked every 256 documents."""
    words = [_term_blocks(m, deleted, budget) for m, deleted in postings]
    positions, one, one_start = compat.decode_positions, compat.one_position, compat.ONE_POSITION
    common = set(words[0][0]).intersection(*(w[0] for w in words[1:]))
    tick = budget.every(256) if budget is not None else None
    if len(words) == 2:  # the common case, without the general loop's calls per document
        (scores0, values0), (scores1, values1) = words
        for d in sorted(common):
            if tick is not None:
                tick()
            v0, v1 = values0[d], values1[d]
            if v0.startswith(one_start) and v1.startswith(one_start):
                # One position each (the commonest case): read from the pickle's bytes, no loads
                p0, p1 = one(v0), one(v1)
                if p0 >= 0 and p1 >= 0:
                    if p1 == p0 + 1:
                        out[d + offset] = scores0[d] + scores1[d]
                    continue
            # A set of the word with fewer positions (the shorter value), the other's positions
            # shifted and tested against it at C speed, stopping at the first adjacent pair:
            # `"the government"` made a set of every `the`.
            if len(v0) <= len(v1):
                adjacent = not set(positions(v0)).isdisjoint(map(_MINUS_1, positions(v1)))
            else:
                adjacent = not set(positions(v1)).isdisjoint(map(_PLUS_1, positions(v0)))
            if adjacent:
                out[d + offset] = scores0[d] + scores1[d]  # Whoosh's tree of two: one addition
        return
    for d in sorted(common):
        if tick is not None:
            tick()
        starts = set(positions(words[0][1][d]))
        for i in range(1, len(words)):
            starts.intersection_update([p - i for p in positions(words[i][1][d])])
            if not starts:
                break
        if starts:
            out[d + offset] = _tree_sum([w[0][d] for w in words])


def walk(m: Any, offset: int, out: Scores, budget: Budget | None = None) -> None:
    """Every posting of any other leaf matcher, scored, posting by posting."""
    tick = budget.every(64) if budget is not None else None
    while m.is_active():
        if tick is not None:
            tick()
        out[m.id() + offset] = m.score()
        m.next()
