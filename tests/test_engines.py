"""Choosing an engine, and the two engines giving the same answers on the sample cables.

Both indexes of sample_data are built once per session (`conftest.sample_index_path`). For
each query of a table, at both scopes, the engines must agree exactly on the total, the
hits (cable id, paragraph, copies) and every facet's counts; ranks are not compared (both
score with BM25, with different length norms), except where the contract orders hits
(filters alone: index order; `--sort date`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cablesearch import CableIndex, build_index
from cablesearch.cli import cli
from cablesearch.errors import IndexVersionError, UsageError
from conftest import ENGINES, SAMPLE, sample_index_path

pytestmark = pytest.mark.skipif("tantivy" not in ENGINES, reason="the tantivy extra is not installed")

QUERIES = [
    "*", "mexico", "negroponte", '"garcia luna"', '"genaro luna"~2', '"human rights"', '"the embassy"~3',
    "negro*", "s?cret", "tags:p*", "negrofonte~", "negroponte~2", "tags:PGOV", "mexico police", "mexico OR police",
    "mexico NOT police", "election NOT tags:PGOV", "NOT tags:PGOV", "tags:PGOV NOT police", "date:2007",
    "date:[2006-02-03 TO 2007-03-31]", "year:2007..2009", "month:2007-12", "classification:secret station:tehran",
    "marking:S", "withheld:b7(a)", "people:negroponte", 'origin:"AMEMBASSY MEXICO"', "info:havana",
    "(mexico OR brazil) AND police", "police NOT (mexico OR brazil)", "id:10TRIPOLI95", "cited_by:07MEXICO6043",
    "declassification:2017", 'foia:"released in part"', "format:foia-ocr", "mexico^2 police", "police year:2009",
    "iran NOT classification:secret date:1970..1979", "security -tags:PGOV -tags:PREL", "id:[07a TO 08z]", "lodz",
    "tags:narcotics", "country:mexico", "negropontte", "zzzz*", 'tags:"nuclear nonproliferation"',
    'tags:"south-west africa"',
]
FACETS = ["tags", "country", "station", "classification", "people", "marking", "withheld", "year", "month", "id",
          "references", "origin", "format", "collection", "signed_by", "caveats", "precedence", "foia_status"]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    with CableIndex.open(sample_index_path(tmp_path_factory, "whoosh")) as w, \
            CableIndex.open(sample_index_path(tmp_path_factory, "tantivy")) as t:
        assert (w.engine.name, t.engine.name) == ("whoosh", "tantivy")
        yield w, t


def _answer(ix: CableIndex, q: str, **kw) -> tuple:
    res = ix.search(q, limit=None, facets=FACETS, facet_size=1000, **kw)
    hits = sorted((h.id or "", h.paragraph or "", h.versions, h.marking or "",
                   tuple((s.paragraph or "", s.text, s.highlights) for s in h.snippets)) for h in res.hits)
    facets = {k: sorted((v.value, v.count, v.selected) for v in f.values) for k, f in res.facets.items()}
    return res.total, hits, facets, res.suggestion


@pytest.mark.parametrize("paragraphs", [False, True], ids=["cables", "paragraphs"])
@pytest.mark.parametrize("q", QUERIES)
def test_both_engines_find_and_count_the_same(both, q: str, paragraphs: bool) -> None:
    whoosh, tantivy = both
    assert _answer(tantivy, q, paragraphs=paragraphs, all_versions=True) == \
        _answer(whoosh, q, paragraphs=paragraphs, all_versions=True)
    # collapsed: the same cables and totals (a facet counts each cable's best copy, which
    # rank decides, so its counts are compared copy by copy above)
    a = tantivy.search(q, limit=None, paragraphs=paragraphs)
    b = whoosh.search(q, limit=None, paragraphs=paragraphs)
    assert a.total == b.total
    assert sorted((h.id or "", h.paragraph or "", h.versions) for h in a.hits) == \
        sorted((h.id or "", h.paragraph or "", h.versions) for h in b.hits)


@pytest.mark.parametrize("q", ["tags:PGOV", "classification:secret", "date:2006..2008", "*"])
def test_orders_the_contract_promises_are_the_same(both, q: str) -> None:
    """Filters alone come in index order (insertion order on both), and a date sort is a date sort."""
    whoosh, tantivy = both
    for sort in ("relevance", "date", "-date"):
        got = [(h.id, h.date) for h in tantivy.search(q, limit=None, sort=sort, all_versions=True).hits]
        want = [(h.id, h.date) for h in whoosh.search(q, limit=None, sort=sort, all_versions=True).hits]
        assert got == want, sort


def test_every_other_command_answers_the_same(both) -> None:
    whoosh, tantivy = both
    a, b = whoosh.stats(), tantivy.stats()
    for key in ("size_bytes", "schema_version"):
        a.pop(key), b.pop(key)
    a.pop("index"), b.pop("index")
    assert a == b
    assert whoosh.tags() == tantivy.tags()
    for cid in ("85BEIRUT1013", "06BRASILIA2532", "10TRIPOLI95", "07MEXICO6043"):
        assert whoosh.refs(cid, depth=2) == tantivy.refs(cid, depth=2)
        assert [c.to_dict() for c in whoosh.versions(cid)] == [c.to_dict() for c in tantivy.versions(cid)]
    a, b = whoosh.diff("10TRIPOLI95").to_dict(), tantivy.diff("10TRIPOLI95").to_dict()
    for side in ("from", "to"):  # when each index read the file
        a[side] = {k: v for k, v in a[side].items() if k != "read_at"}
        b[side] = {k: v for k, v in b[side].items() if k != "read_at"}
    assert a == b

    def files(ix: CableIndex) -> dict:
        return {src: {k: v for k, v in entry.items() if k != "read_at"} for src, entry in ix.manifest().items()}

    assert files(whoosh) == files(tantivy)


def test_the_engine_is_recorded_and_every_command_uses_it(tmp_path: Path) -> None:
    ixdir = tmp_path / "ix"
    result = CliRunner().invoke(cli, ["index", str(SAMPLE / "foia-ocr"), "--index", str(ixdir), "--engine", "tantivy"])
    assert result.exit_code == 0, result.output
    assert json.loads((ixdir / "cablesearch.json").read_text())["engine"] == "tantivy"
    with CableIndex.open(ixdir) as ix:
        assert ix.engine.name == "tantivy" and ix.get("07MEXICO6043").id == "07MEXICO6043"
    # a later run needs no --engine; naming another one is refused, --rebuild changes it
    assert build_index([SAMPLE / "foia-ocr"], ixdir).unchanged == 1
    result = CliRunner().invoke(cli, ["index", str(SAMPLE / "foia-ocr"), "--index", str(ixdir), "--engine", "whoosh"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "--rebuild --engine whoosh" in result.stderr
    build_index([SAMPLE / "foia-ocr"], ixdir, rebuild=True, engine="whoosh")
    with CableIndex.open(ixdir) as ix:
        assert ix.engine.name == "whoosh" and ix.search("negroponte").total == 1
    build_index([SAMPLE / "foia-ocr"], ixdir, rebuild=True)  # a rebuild keeps the folder's engine
    with CableIndex.open(ixdir) as ix:
        assert ix.engine.name == "whoosh"


def test_an_index_without_an_engine_name_is_whoosh(tmp_path: Path) -> None:
    ixdir = tmp_path / "ix"
    build_index([SAMPLE / "foia-ocr"], ixdir, engine="whoosh")
    meta = json.loads((ixdir / "cablesearch.json").read_text())
    del meta["engine"]
    (ixdir / "cablesearch.json").write_text(json.dumps(meta))
    with CableIndex.open(ixdir) as ix:
        assert ix.engine.name == "whoosh" and ix.search("negroponte").total == 1


def test_without_the_extra_asking_for_tantivy_says_what_to_install(tmp_path: Path, monkeypatch) -> None:
    built = tmp_path / "built"
    build_index([SAMPLE / "foia-ocr"], built, engine="tantivy")
    monkeypatch.setitem(sys.modules, "tantivy", None)  # as if not installed: `import tantivy` fails
    for args in (["index", str(SAMPLE / "foia-ocr"), "--index", str(tmp_path / "new"), "--engine", "tantivy"],
                 ["search", "negroponte", "--index", str(built)], ["stats", "--index", str(built)]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr == "cablesearch: error: the tantivy engine needs the tantivy package: " \
                                "pip install 'cablesearch[tantivy]'\n", result.stderr
    with pytest.raises(UsageError, match=r"cablesearch\[tantivy\]"):
        CableIndex.open(built)
    assert not (tmp_path / "new" / "cablesearch.json").exists()


def test_a_tantivy_index_of_another_schema_version_says_rebuild(tmp_path: Path) -> None:
    ixdir = tmp_path / "ix"
    build_index([SAMPLE / "foia-ocr"], ixdir, engine="tantivy")
    (ixdir / "cablesearch.json").write_text(json.dumps({"schema_version": 0, "engine": "tantivy"}))
    with pytest.raises(IndexVersionError, match="--rebuild"):
        CableIndex.open(ixdir)
    result = CliRunner().invoke(cli, ["search", "mexico", "--index", str(ixdir)])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "schema version 0" in result.stderr
    build_index([SAMPLE / "foia-ocr"], ixdir, rebuild=True)
    with CableIndex.open(ixdir) as ix:
        assert ix.engine.name == "tantivy" and ix.search("negroponte").total == 1


def test_a_damaged_tantivy_index_is_one_line(tmp_path: Path) -> None:
    ixdir = tmp_path / "ix"
    build_index([SAMPLE / "foia-ocr"], ixdir, engine="tantivy")
    (ixdir / "meta.json").write_text("{not json")
    result = CliRunner().invoke(cli, ["search", "mexico", "--index", str(ixdir)])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "--rebuild" in result.stderr
