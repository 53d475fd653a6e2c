"""SegmentLengthBM25F scores exactly as Whoosh's BM25F does, from lengths read once per segment."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import scoring
from whoosh.util.numeric import byte_to_length

from cablesearch import CableIndex, build_index

from conftest import whoosh_query
from cablesearch.engine.whoosh.scoring import SegmentLengthBM25F, _length_bytes
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def sample_index(whoosh_sample_index):
    """This module tests the Whoosh engine's own workings: its index of sample_data only."""
    return whoosh_sample_index

QUERIES = ["police", "human rights", '"human rights"', "mexico OR brazil", "narco*", "subject:president",
           "people:negroponte", "calderon", "tags:PGOV president"]


@pytest.mark.parametrize("q", QUERIES)
def test_scores_equal_whoosh_bm25f(sample_index, q: str) -> None:
    query = whoosh_query(q)
    ix = sample_index.engine.index
    with ix.searcher(weighting=scoring.BM25F()) as plain, ix.searcher(weighting=SegmentLengthBM25F()) as ours:
        want = [(hit.docnum, hit.score) for hit in plain.search(query, limit=None)]
        got = [(hit.docnum, hit.score) for hit in ours.search(query, limit=None)]
    assert want, q  # every query matches something in the sample
    assert got == want


@pytest.fixture(scope="module")
def two_segments(tmp_path_factory) -> Path:
    """Two builds into one index: two segments, each scored from its own lengths."""
    path = tmp_path_factory.mktemp("two-segments")
    for sub in ("cablegate-html-2011", "plusd-html"):
        build_index([SAMPLE / sub], path, workers=1, prune=False)
    return path


@pytest.mark.parametrize("q", ["police", '"human rights"', "president OR minister"])
def test_scores_equal_whoosh_bm25f_across_segments(two_segments: Path, q: str) -> None:
    with CableIndex.open(two_segments) as cix:
        ix = cix.engine.index
        query = whoosh_query(q)
        with ix.searcher(weighting=scoring.BM25F()) as plain, ix.searcher(weighting=SegmentLengthBM25F()) as ours:
            assert len(ours.reader().leaf_readers()) == 2
            want = [(hit.docnum, hit.score) for hit in plain.search(query, limit=None)]
            got = [(hit.docnum, hit.score) for hit in ours.search(query, limit=None)]
    assert want and got == want


def test_lengths_are_read_once_per_segment(two_segments: Path) -> None:
    with CableIndex.open(two_segments) as cix, cix.engine.index.searcher() as s:
        for leaf, _ in s.reader().leaf_readers():
            raw = _length_bytes(leaf, "body")
            assert raw is not None and len(raw) == leaf.doc_count_all()
            lengths = {d: leaf.doc_field_length(d, "body") for d in range(leaf.doc_count_all())}
            assert any(lengths.values())
            assert {d: byte_to_length(raw[d]) for d in lengths if raw[d]} == {d: n for d, n in lengths.items() if n}
            assert _length_bytes(leaf, "body") is raw  # kept with the segment's reader


def test_the_index_searcher_uses_it(sample_index) -> None:
    assert isinstance(sample_index.engine.searcher().weighting, SegmentLengthBM25F)
