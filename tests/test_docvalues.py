"""engine.whoosh.columns.Column reads what Whoosh's index-wide column reader reads, document by document."""

from __future__ import annotations

from collections import Counter

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cablesearch import CableIndex, build_index
from cablesearch.cli import cli
from cablesearch.engine.whoosh.columns import Column
from cablesearch.engine.whoosh.schema import column_name
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def sample_index(whoosh_sample_index):
    """This module tests the Whoosh engine's own workings: its index of sample_data only."""
    return whoosh_sample_index


@pytest.fixture(scope="module")
def three_segments(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("three-segments")
    for sub in ("cablegate-html-2011", "plusd-html", "foia-ocr"):
        build_index([SAMPLE / sub], path, workers=1, prune=False)
    return path


def _whoosh_value(col, docnum: int):
    """Whoosh's value, or b"" where its reader fails past a segment's last stored value."""
    try:
        return col[docnum]
    except IndexError:
        return b""


def test_segments_without_the_column_read_as_empty(three_segments: Path) -> None:
    """The Whoosh bug `Column` works around is there: in this index a segment has no marking
    column and Whoosh's multi-segment reader raises for its documents; `search '*' --facet
    marking` must not."""
    with CableIndex.open(three_segments) as ix:
        reader = ix.engine.index.searcher().reader()
        whoosh = reader.column_reader(column_name("marking"))
        failing = []
        for d in range(reader.doc_count_all()):
            try:
                whoosh[d]
            except IndexError:
                failing.append(d)
        assert failing
        assert Column(reader, column_name("marking")).bulk(failing) == [b""] * len(failing)
        result = ix.search("*", facets=["marking"], limit=1)
        assert result.total > 0 and result.facets["marking"].values
    out = CliRunner().invoke(cli, ["search", "*", "--index", str(three_segments), "--facet", "marking", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["facets"]["marking"]["values"]


@pytest.mark.parametrize("name", [column_name("id"), column_name("tags"), "year", "ts", column_name("marking")])
def test_column_values_equal_whoosh(three_segments: Path, name: str) -> None:
    with CableIndex.open(three_segments) as ix, ix.engine.index.searcher() as s:
        reader = s.reader()
        assert len(reader.leaf_readers()) == 3
        whoosh = reader.column_reader(name)
        ours = Column(reader, name)
        if name in (column_name("id"), column_name("tags")):  # sliced straight from the mapped files
            assert [b.__name__ for b in ours._bulks] == ["sliced"] * 3
        if name in ("year", "ts"):  # read whole into arrays
            assert [b.__name__ for b in ours._bulks] == ["numbers"] * 3
        docs = list(range(reader.doc_count_all()))
        want = [_whoosh_value(whoosh, d) for d in docs]
        assert any(want)
        assert [ours[d] for d in docs] == want
        shuffled = docs[::-3] + docs[1::3]  # any order, repeats across segments
        assert ours.bulk(shuffled) == [_whoosh_value(whoosh, d) for d in shuffled]
        assert ours.bulk([]) == []
        some = sorted(shuffled[::2])  # facet counts: ascending docnums from all three segments
        assert ours.counts(some) == Counter(_whoosh_value(whoosh, d) for d in some)
        assert ours._memo is None  # a column counted once keeps nothing (the CLI's one search)
        assert ours.counts([]) == Counter()
        # From the second count on the values read are kept by docnum; counts stay Whoosh's
        # over documents kept, new ones, and both.
        for part in (docs[5:40], some, docs[::2], docs, docs[7:9]):
            assert ours.counts(part) == Counter(_whoosh_value(whoosh, d) for d in part)
        assert len(ours._memo) == len(docs) and None not in ours._memo
        assert len({id(v) for v in ours._memo}) == len(set(ours._memo))  # each distinct value once
        # values() in any order (a collapse reads matches in score order), kept the same way
        fresh = Column(reader, name)
        for part in (shuffled[::5], shuffled, shuffled[::-2]):
            assert fresh.values(part) == [_whoosh_value(whoosh, d) for d in part]
        assert fresh._memo is not None and sum(v is not None for v in fresh._memo) == len(set(shuffled))


def test_single_segment_column(sample_index) -> None:
    reader = sample_index.engine.searcher().reader()
    whoosh = reader.column_reader(column_name("station"))
    ours = Column(reader, column_name("station"))
    docs = list(range(reader.doc_count_all()))[::-1]
    assert ours.bulk(docs) == [whoosh[d] for d in docs]
    counts = ours.counts(docs[::-1])
    assert counts == Counter(whoosh[d] for d in docs) and len(counts) > 5
