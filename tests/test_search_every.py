"""Every document (`*`, the empty query) is no filter and no word: alone or with filters it
takes the cached-docset path (`searching/plan.py`), so the web page's landing page (every
cable, with facets) walks no postings."""

from __future__ import annotations

import pytest

from cablesearch import CableIndex
from cablesearch.query import parse_query
from cablesearch.searching.plan import filter_plan


@pytest.mark.parametrize("q,required,excluded", [
    ("", 0, 0), ("*", 0, 0), ("* tags:PGOV", 1, 0), ("* -tags:PGOV", 0, 1), ("* tags:PGOV -station:MEXICO", 1, 1),
])
def test_every_document_is_a_filter_plan_without_words(q, required, excluded) -> None:
    plan = filter_plan(parse_query(q).resolved)
    assert plan is not None and plan.words is None
    assert (len(plan.required), len(plan.excluded)) == (required, excluded)


@pytest.mark.parametrize("q", ["* OR police", "* NOT police", "* police"])
def test_every_document_with_words_is_not_all(q) -> None:
    plan = filter_plan(parse_query(q).resolved)
    assert plan is None or plan.words is not None


@pytest.mark.parametrize("q,paragraphs,same_as", [
    ("", False, None), ("*", False, None), ("", True, None),
    ("* tags:PGOV", False, "tags:PGOV"), ("* -tags:PGOV", False, None),
])
def test_every_document_in_index_order_at_score_1(sample_index: CableIndex, q, paragraphs, same_as) -> None:
    got = sample_index.search(q, paragraphs=paragraphs, limit=None, all_versions=True)
    kind = "para" if paragraphs else "cable"
    docs = sorted(sample_index.engine.reader().kind_docs(kind))
    if same_as:
        want = sample_index.search(same_as, paragraphs=paragraphs, limit=None, all_versions=True)
        assert [h.id for h in got.hits] == [h.id for h in want.hits]
    elif "-" not in q:
        assert got.total == len(docs)
    assert {h.score for h in got.hits} == {1.0}
    collapsed = sample_index.search(q, paragraphs=paragraphs, limit=None)
    assert collapsed.total <= got.total
