"""The Whoosh engine's own query classes measured against Whoosh's: same documents, scores and spans."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from conftest import whoosh_query
from cablesearch.engine.whoosh.queries import AdjacentPhrase


@pytest.fixture(scope="module")
def sample_index(whoosh_sample_index):
    """This module tests the Whoosh engine's own workings: its index of sample_data only."""
    return whoosh_sample_index

PHRASES = ['"human rights"', '"united states"', '"of the"', '"the government of"', '"president calderon"',
           '"in the the"', '"rights human"', '"no such phrase here"', 'subject:"human rights"', '"human rights"^3',
           '"human rights"~3', 'police "human rights" NOT mexico', '"de la"']


def _plain(q: wq.Query) -> wq.Query:
    """The same query with Whoosh's own Phrase."""
    if isinstance(q, AdjacentPhrase):
        return wq.Phrase(q.fieldname, q.words, slop=q.slop, boost=q.boost, char_ranges=q.char_ranges)
    return q.apply(_plain) if not q.is_leaf() else q


@pytest.mark.parametrize("text", PHRASES)
def test_adjacent_phrase_matches_and_scores_as_whoosh_phrase(sample_index, text: str) -> None:
    ours = whoosh_query(text)
    theirs = _plain(ours)
    assert ours != theirs or "AdjacentPhrase" not in repr(ours)  # the parser makes ours
    assert "AdjacentPhrase" not in repr(theirs)
    s = sample_index.engine.searcher()
    got = [(h.docnum, h.score) for h in s.search(ours, limit=None)]
    want = [(h.docnum, h.score) for h in s.search(theirs, limit=None)]
    assert got == want


@pytest.mark.parametrize("words", [["human", "rights"], ["of", "the"], ["the", "government", "of"], ["in", "the", "the"]])
def test_adjacent_phrase_spans_are_whoosh_spans(sample_index, words: list[str]) -> None:
    s = sample_index.engine.searcher()
    for field in ("body", "text"):
        spans = []
        for cls in (AdjacentPhrase, wq.Phrase):
            m = cls(field, words).matcher(s, s.context())
            found = []
            while m.is_active():
                found.append((m.id(), m.spans()))
                m.next()
            spans.append(found)
        assert spans[0] == spans[1]
        if words != ["in", "the", "the"]:
            assert spans[0], (field, words)  # a phrase the sample has
