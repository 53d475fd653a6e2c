"""A page of results computed by the engine itself (`Reader.top`), with copies collapsed.

The searcher's other way, gathering every match in Python (`Searcher._gathered`), costs
time per match; an engine that ranks, counts and aggregates on its own (Tantivy) answers
a page -- its first hits, the total, the facet columns counted over every match -- in
calls whose cost is its own. Both ways give the same page: the same total and counts, the
same hits in the order the contract promises (ties aside), each collapsed as `Copies.collapse`
collapses copies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cablesearch.budget import Budget
from cablesearch.engine.base import Reader, Top
from cablesearch.query import Node
from cablesearch.searching.plan import FilterPlan


@dataclass(frozen=True)
class EnginePage:
    """The engine's page, and for each hit standing for copies of one cable, those copies
    (best first, the hit's own docnum first); `scores` None for a query of filters only."""

    top: Top
    copies: dict[int, list[int]]
    scores: dict[int, float] | None


def engine_page(reader: Reader, tree: Node, plan: FilterPlan | None, *, paragraphs: bool, sort: str, limit: int,
                columns: list[str], all_versions: bool, budget: Budget | None) -> EnginePage | None:
    """The first `limit` matches of a resolved `tree` (`plan`: its `filter_plan`) in `sort`
    order, counted and with `columns` counted by the engine; None when the engine cannot
    (the caller gathers every match).

    Filters go to the engine as they go to `match`: adding nothing to a score. Copies
    collapse as the gathered page collapses them: the matches sharing an id are grouped,
    each group's best-scoring copy (for filters only, its first) stands for it, and the
    page is asked for again without the others, so that the total and counts are exact."""
    filters_only = plan is not None and plan.words is None
    ask: dict[str, Any] = dict(paragraphs=paragraphs, limit=limit, sort=sort, columns=columns,
                               scored=not filters_only, budget=budget)
    if plan is not None:
        ask.update(required=plan.required, excluded=plan.excluded)
    words = tree if plan is None else plan.words
    top = reader.top(words, copies=not all_versions, **ask)
    if top is None:
        return None
    copies: dict[int, list[int]] = {}
    scores = dict(top.scores)
    if top.repeated:
        for group in top.repeated:
            best = group if filters_only else sorted(group, key=lambda d: (-scores[d], d))
            copies[best[0]] = best
        others = frozenset(d for group in copies.values() for d in group[1:])
        top = reader.top(words, copies=False, without=others, **ask)
        if top is None:
            return None
        scores.update(top.scores)
    return EnginePage(top, copies, None if filters_only else scores)
