"""The lean segment writer writes what Whoosh's own writer writes, posting for posting.

`writer.LeanSegmentWriter` replaces Whoosh's per-posting analysis and
pool with per-term pools and block-at-a-time writes (for build speed). Each
test builds the same cables twice, once with Whoosh's `SegmentWriter` and
once with the lean one, and compares everything a search can read: every
term's postings (docnum, weight, encoded value) with its block statistics
(length, last id, top weight, shortest and longest field), the term
statistics, every document's field lengths, stored fields and columns.
The files themselves may differ: blocks that repeat a positions value now
share one object, which Whoosh's pickle writes once.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from cablesearch import build_index
from cablesearch.engine.whoosh import docwriter
from cablesearch.engine.whoosh import runs
from cablesearch.engine.whoosh.runs import TermPool
from cablesearch.engine.whoosh.writer import LeanSegmentWriter
from tests.conftest import SAMPLE

#: Stored fields that record when the file was read, not what it holds.
CLOCK_FIELDS = {"read_at"}


def _dump(path: Path) -> list[dict[str, Any]]:
    """Everything a search reads from each segment of the index at `path`."""
    ix = whoosh_index.open_dir(str(path), indexname="cables")
    out = []
    with ix.reader() as top:
        for leaf, _ in top.leaf_readers():
            seg: dict[str, Any] = {"doc_count": leaf.doc_count_all(), "terms": {}, "docs": []}
            for fieldname, text in leaf.all_terms():
                info = leaf.term_info(fieldname, text)
                m = leaf.postings(fieldname, text)
                postings = []
                while m.is_active():
                    postings.append((m.id(), m.weight(), m.value(), m._blocklength, m._maxid, m._maxweight,
                                     m._minlength, m._maxlength))
                    m.next()
                seg["terms"][(fieldname, text)] = (
                    info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight(),
                    info.min_id(), info.max_id(), postings)
            schema = leaf.schema
            columns = {name: leaf.column_reader(name) for name in schema.names() if schema[name].column_type}
            scorable = [name for name in schema.names() if schema[name].scorable]
            for docnum in range(leaf.doc_count_all()):
                stored = {k: v for k, v in leaf.stored_fields(docnum).items() if k not in CLOCK_FIELDS}
                lengths = {name: leaf.doc_field_length(docnum, name) for name in scorable}
                cols = {name: col[docnum] for name, col in columns.items()}
                seg["docs"].append((stored, lengths, cols))
            seg["field_lengths"] = {name: leaf.field_length(name) for name in scorable}
            out.append(seg)
    return out


def _build_both(monkeypatch, tmp_path: Path, folders: list[list[Path]]) -> tuple[list, list]:
    dumps = []
    for name, writer in (("whoosh", SegmentWriter), ("lean", LeanSegmentWriter)):
        monkeypatch.setattr(docwriter, "SEGMENT_WRITER", writer)
        target = tmp_path / name
        for paths in folders:  # one build per step: later steps add segments (and merge them)
            build_index(paths, target, workers=1, prune=False)
        dumps.append(_dump(target))
    return dumps[0], dumps[1]


def _assert_same(whoosh: list, lean: list) -> None:
    assert len(whoosh) == len(lean)
    for a, b in zip(whoosh, lean):
        assert a["doc_count"] == b["doc_count"]
        assert a["field_lengths"] == b["field_lengths"]
        assert a["terms"].keys() == b["terms"].keys()
        for key in a["terms"]:
            assert a["terms"][key] == b["terms"][key], key
        assert a["docs"] == b["docs"]


def test_lean_writer_writes_what_whoosh_writes(monkeypatch, tmp_path: Path) -> None:
    whoosh, lean = _build_both(monkeypatch, tmp_path, [[SAMPLE]])
    assert sum(len(seg["terms"]) for seg in lean) > 20_000  # every sample cable's words, not an empty index
    assert any(len(p[-1]) > 128 for seg in lean for p in seg["terms"].values())  # terms spanning several blocks
    _assert_same(whoosh, lean)


def test_lean_writer_spilled_to_term_runs_writes_the_same(monkeypatch, tmp_path: Path) -> None:
    """With a 1 MB pool the lean writer sorts its terms through run files; they merge back in order."""
    saves: list[int] = []
    save = TermPool.save

    def counting_save(self: TermPool) -> None:
        saves.append(sum(len(terms) for terms in self.terms.values()))
        save(self)

    monkeypatch.setattr(TermPool, "save", counting_save)
    monkeypatch.setattr(docwriter, "WRITER_LIMIT_MB", 1)
    monkeypatch.setattr(runs, "RUN_POSTINGS", 200)  # many batches a run, frequent terms alone in one
    whoosh, lean = _build_both(monkeypatch, tmp_path, [[SAMPLE]])
    assert len(saves) >= 3, saves
    _assert_same(whoosh, lean)
    leftovers = [p for p in (tmp_path / "lean").rglob("*") if p.suffix in (".termrun", ".run")]
    assert not leftovers, "every run file is removed"


def test_lean_writer_merging_segments_writes_the_same(monkeypatch, tmp_path: Path) -> None:
    """Merging segments (Whoosh does it on commit when small segments pile up from incremental
    runs) feeds the writer's pool one posting at a time, in no order this writer knows: the
    general path. An index of 3 segments is merged into one by each writer."""
    base = tmp_path / "three-segments"
    for i, sub in enumerate(sorted(p for p in SAMPLE.iterdir() if p.is_dir())[:3]):
        shutil.copytree(sub, tmp_path / "cables" / sub.name)
        build_index([tmp_path / "cables" / sub.name], base, workers=1, prune=False)
    assert len(_dump(base)) == 3
    merged: list[int] = []
    real_add = TermPool.add

    def counting_add(self: TermPool, item: Any) -> None:
        merged.append(item[2])
        real_add(self, item)

    monkeypatch.setattr(TermPool, "add", counting_add)
    dumps = []
    for name, writer in (("whoosh", SegmentWriter), ("lean", LeanSegmentWriter)):
        shutil.copytree(base, tmp_path / name)
        ix = whoosh_index.open_dir(str(tmp_path / name), indexname="cables")
        writer(ix).commit(optimize=True)
        dumps.append(_dump(tmp_path / name))
    assert len(dumps[1]) == 1 and len(merged) > 10_000
    _assert_same(*dumps)


def test_without_fast_paths_the_lean_writer_is_whooshs(monkeypatch, tmp_path: Path) -> None:
    """Without `compat.FAST_PATHS` (another Whoosh) the lean writer keeps Whoosh's pool and code
    throughout: no TermPool, no private structure reached but Whoosh's own flush (the hook it
    overrides) and the build's `compat.REQUIRED` accesses, and the same segment as Whoosh's writer."""
    import inspect

    from cablesearch.engine.whoosh import compat

    monkeypatch.setattr(compat, "FAST_PATHS", False)
    for name, func in list(vars(compat).items()):
        if inspect.isfunction(func) and func.__module__ == compat.__name__ and not name.startswith("_") \
                and name != "flush_segment" and name not in compat.REQUIRED:

            def forbidden(*args, _name=name, **kwargs):
                raise AssertionError(f"compat.{_name} called without FAST_PATHS")

            monkeypatch.setattr(compat, name, forbidden)

    def no_pool(*args, **kwargs):
        raise AssertionError("TermPool made without FAST_PATHS")

    monkeypatch.setattr(TermPool, "__init__", no_pool)
    whoosh, lean = _build_both(monkeypatch, tmp_path, [[SAMPLE / "cablegate-html-2010"]])
    assert sum(len(seg["terms"]) for seg in lean) > 1_000
    _assert_same(whoosh, lean)


@pytest.mark.parametrize("value", ["Calderón met the ÉLITE; élite again", "", "  ", "x", "a b a b a"])
def test_fast_analysis_matches_the_schema_analyzers(tmp_path: Path, value: str) -> None:
    """The writer's one-pass analysis gives the terms, frequencies, weights and positions that
    Whoosh's `field.index()` gives with the schema's own analyzers (words and `;` keywords):
    one document per field, its postings as pooled and its field length as written."""
    from cablesearch.engine.whoosh.schema import build_schema

    schema = build_schema()
    ix = whoosh_index.create_in(str(tmp_path), schema)
    writer = LeanSegmentWriter(ix)
    names = ("body", "subject", "tags", "people")
    texts = [value.replace(" ", ";") if name == "tags" else value for name in names]
    wanted = []
    for docnum, (name, text) in enumerate(zip(names, texts)):
        writer.add_document(**{name: text})
        got = {t: (e[1][i], e[2][i]) for t, e in writer.pool.terms.get(name, {}).items()
               for i, d in enumerate(e[0]) if d == docnum}
        want_items = list(schema[name].index(text))
        assert got == {t: (w, v) for t, _, w, v in want_items}, name
        wanted.append(sum(f for _, f, _, _ in want_items))
    assert not writer.pool.generic  # the fast analysis, not Whoosh's general path
    writer.commit()
    with ix.reader() as reader:
        assert [reader.doc_field_length(d, name, 0) for d, name in enumerate(names)] == wanted
