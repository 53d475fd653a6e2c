"""A page of results computed by the engine (`Reader.top`: Tantivy's top-N, count and
aggregations) says what the page gathered from every match says (`stream`, which always
gathers): the same total, facets and timeline exactly, and the same hits in the order the
contract promises -- by score, or by date with undated cables last. Ties may come in another
order, so hits are compared as (score or date, id) in their order, and by id only above the
page's last score or date, where nothing ties with a hit left off the page."""

from __future__ import annotations

import itertools

import pytest

from cablesearch import CableIndex

FACETS = ("tags", "station", "classification", "year", "people", "origin")
QUERIES = ["police", "human rights", '"human rights"', "tags:PGOV", "", "police tags:PREL", "narco*",
           "election NOT tags:PGOV", "people:karzai", "date:2000..2008 tags:PREL", "marking:C police",
           "85MOGADISHU1643", "nosuchwordanywhere"]
CASES = [(q, sort, scope) for q in QUERIES for sort in (None, "date", "-date") for scope in ("cables", "paragraphs")]


def _key(hit, sort: str | None) -> tuple:
    return (hit.date if sort in ("date", "-date") else round(hit.score, 4),)


def _which(hit) -> tuple:
    """A hit's cable, paragraph and passage (a cable's unnumbered paragraphs share no number)."""
    return hit.id, hit.paragraph, hit.snippets[0].text if hit.snippets else None


def _page_and_gathered(ix: CableIndex, q: str, **kw):
    page = ix.search(q, facets=FACETS, timeline=True, limit=7, offset=2, **kw)
    head, hits = ix.stream(q, facets=FACETS, timeline=True, offset=2, **kw)
    return page, head, list(itertools.islice(hits, 7))


def _same(page, head, gathered, sort: str | None) -> None:
    assert page.total == head.total
    assert page.facets == head.facets
    assert page.timeline == head.timeline
    assert page.suggestion == head.suggestion
    assert [_key(h, sort) for h in page.hits] == [_key(h, sort) for h in gathered]
    if page.hits:
        last = _key(page.hits[-1], sort)
        above = lambda hits: sorted(_which(h) for h in hits if _key(h, sort) != last)  # noqa: E731
        assert above(page.hits) == above(gathered)
    for a in page.hits:  # each hit is the same cable with its copies, wherever it stands
        b = next((b for b in gathered if _which(b) == _which(a)), None)
        if b is not None:
            assert (a.versions, a.snippets, a.marking, a.score) == (b.versions, b.snippets, b.marking, b.score)


@pytest.mark.parametrize("q,sort,scope", CASES)
def test_a_page_says_what_every_match_gathered_says(sample_index, q, sort, scope) -> None:
    page, head, gathered = _page_and_gathered(sample_index, q, sort=sort, paragraphs=scope == "paragraphs")
    _same(page, head, gathered, sort)


@pytest.mark.parametrize("q", ["police", "tags:PGOV", "85MOGADISHU1643", ""])
@pytest.mark.parametrize("scope", ["cables", "paragraphs"])
def test_every_version_kept(sample_index, q, scope) -> None:
    page, head, gathered = _page_and_gathered(sample_index, q, all_versions=True, paragraphs=scope == "paragraphs")
    _same(page, head, gathered, None)


def test_copies_collapse_onto_one_hit_with_their_count(sample_index) -> None:
    """85MOGADISHU1643 is in sample_data twice (rows 29 and 30 of the Cablegate CSV sample)."""
    got = sample_index.search("85MOGADISHU1643", limit=5)
    every = sample_index.search("85MOGADISHU1643", limit=5, all_versions=True)
    assert got.total == 1 and got.hits[0].versions == 2 and len(got.hits[0].sources) == 2
    assert every.total == 2 and {h.versions for h in every.hits} == {1}
