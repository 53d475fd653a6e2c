"""Index builds: incremental runs, copies of one cable, bad input, crash safety, locking, versions."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cablesearch import CableIndex, build_index
from cablesearch.cli import cli
from cablesearch.errors import IndexDamagedError, IndexUnavailableError, IndexVersionError
from tests.conftest import ROOT, SAMPLE


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """A writable copy of part of sample_data (plain text, the FOIA example, PlusD pages, <pre> fragments)."""
    dest = tmp_path / "cables"
    for sub in ("plaintext-latin1", "foia-ocr", "plusd-html", "cablegate-pre"):
        shutil.copytree(SAMPLE / sub, dest / sub)
    return dest


def _ids(ix: CableIndex, q: str = "*") -> list[str]:
    return sorted(h.id or "" for h in ix.search(q, limit=None, all_versions=True).hits)


def test_second_run_reparses_nothing(corpus: Path, tmp_path: Path, engine: str) -> None:
    first = build_index([corpus], tmp_path / "ix", workers=1)
    assert first.added > 10 and first.files_read > 10 and not first.updated
    second = build_index([corpus], tmp_path / "ix", workers=1)
    assert (second.files_read, second.added, second.updated, second.removed) == (0, 0, 0, 0)
    assert second.unchanged == first.added


def test_touch_edit_delete_do_exactly_that_work(corpus: Path, tmp_path: Path, engine: str) -> None:
    ixdir = tmp_path / "ix"
    build_index([corpus], ixdir, workers=1)
    files = sorted((corpus / "plaintext-latin1").iterdir())
    touched, edited, deleted = files[0], files[1], files[2]
    # mtime only: the content hash proves nothing changed, so nothing is re-read
    os.utime(touched, (time.time() + 100, time.time() + 100))
    r = build_index([corpus], ixdir, workers=1)
    assert (r.files_read, r.added, r.updated, r.removed) == (0, 0, 0, 0)
    # a real edit: that file's one cable is replaced
    with edited.open("ab") as f:
        f.write(b"\r\nADDED BY THE TEST\r\n")
    r = build_index([corpus], ixdir, workers=1)
    assert (r.files_read, r.added, r.updated, r.removed) == (1, 0, 1, 0)
    # a deletion: its cable is pruned
    with CableIndex.open(ixdir) as ix:
        before = _ids(ix)
    gone_id = deleted.stem
    deleted.unlink()
    r = build_index([corpus], ixdir, workers=1)
    assert (r.files_read, r.removed) == (0, 1)
    with CableIndex.open(ixdir) as ix:
        after = _ids(ix)
    assert gone_id in before and gone_id not in after and len(after) == len(before) - 1


def test_copies_of_one_cable_are_all_kept(tmp_path: Path, engine: str) -> None:
    pairs = [p for p in (SAMPLE / "cablegate-html-2010").glob("*.html")
             if list((SAMPLE / "cablegate-html-2011").rglob(p.name))]
    assert pairs, "sample_data must hold a cable in both the 2010 and 2011 snapshots"
    one = pairs[0]
    other = next((SAMPLE / "cablegate-html-2011").rglob(one.name))
    build_index([one, other], tmp_path / "ix", workers=1)
    with CableIndex.open(tmp_path / "ix") as ix:
        copies = ix.versions(one.stem)
        assert len(copies) == 2
        assert {c.source.path for c in copies} == {one.name, other.name}
        hit = ix.search(f"id:{one.stem}").hits[0]
        assert hit.versions == 2 and len(hit.sources) == 2
        assert ix.search(f"id:{one.stem}", all_versions=True).total == 2


def test_bad_input_is_skipped_with_one_reason_each(tmp_path: Path, engine: str) -> None:
    src = tmp_path / "messy"
    src.mkdir()
    shutil.copy(SAMPLE / "foia-ocr" / "MEXICO006043-2007.txt", src / "good.txt")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.bin").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (src / "notes.txt").write_text("Shopping list: eggs, milk, bread.\n", encoding="utf-8")
    with (src / "huge.txt").open("wb") as f:  # 100 MB of nothing, made sparse
        f.truncate(100 * 1024 * 1024)
    (src / "broken-link.txt").symlink_to(src / "does-not-exist.txt")
    (src / "loop").symlink_to(src / "loop")
    result = CliRunner().invoke(cli, ["index", str(src), "--index", str(tmp_path / "ix"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["added"] == 1
    reasons = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert set(reasons) == {"empty.txt", "binary.bin", "notes.txt", "huge.txt", "broken-link.txt", "loop"}
    assert all("\n" not in r and r for r in reasons.values())
    assert "empty" in reasons["empty.txt"]
    assert "too large" in reasons["huge.txt"]


def test_version_mismatch_is_one_line_with_rebuild_hint(corpus: Path, tmp_path: Path, engine: str) -> None:
    ixdir = tmp_path / "ix"
    build_index([corpus / "foia-ocr"], ixdir, workers=1)
    meta = ixdir / "cablesearch.json"
    meta.write_text(json.dumps({"schema_version": 0}), encoding="utf-8")
    with pytest.raises(IndexVersionError, match="--rebuild"):
        CableIndex.open(ixdir)
    result = CliRunner().invoke(cli, ["search", "mexico", "--index", str(ixdir)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "--rebuild" in result.stderr
    # --rebuild recovers
    result = CliRunner().invoke(cli, ["index", str(corpus / "foia-ocr"), "--index", str(ixdir), "--rebuild"])
    assert result.exit_code == 0, result.output
    with CableIndex.open(ixdir) as ix:
        assert _ids(ix) == ["07MEXICO6043"]


def test_an_older_index_this_version_cannot_read_is_one_line(corpus: Path, tmp_path: Path) -> None:
    """An index written by schema version 4 names classes this version moved: its version is
    read before its files, so every command says --rebuild in one line, and --rebuild works."""
    ixdir = tmp_path / "ix"
    build_index([corpus / "foia-ocr"], ixdir, workers=1)
    (ixdir / "cablesearch.json").write_text(json.dumps({"schema_version": 4}), encoding="utf-8")
    for toc in ixdir.glob("*.toc"):  # the pickled schema names a module that is gone
        data = toc.read_bytes()
        assert b"cablesearch.engine.whoosh.schema" in data
        toc.write_bytes(data.replace(b"cablesearch.engine.whoosh.schema", b"cablesearch.engine.whoosh.gone__"))
    for args in (["search", "mexico"], ["stats"], ["show", "07MEXICO6043"], ["index", str(corpus / "foia-ocr")]):
        result = CliRunner().invoke(cli, [*args, "--index", str(ixdir)])
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.count("\n") == 1 and "schema version 4" in result.stderr and "--rebuild" in result.stderr
    result = CliRunner().invoke(cli, ["index", str(corpus / "foia-ocr"), "--index", str(ixdir), "--rebuild"])
    assert result.exit_code == 0, result.output
    with CableIndex.open(ixdir) as ix:
        assert _ids(ix) == ["07MEXICO6043"]


def test_a_damaged_table_of_contents_is_one_line(corpus: Path, tmp_path: Path) -> None:
    ixdir = tmp_path / "ix"
    build_index([corpus / "foia-ocr"], ixdir, workers=1)
    for toc in ixdir.glob("*.toc"):
        data = toc.read_bytes()
        toc.write_bytes(data.replace(b"cablesearch.engine.whoosh.schema", b"cablesearch.engine.whoosh.gone__"))
    with pytest.raises(IndexDamagedError, match=r"is damaged \(_cables_\d+\.toc: changed since it was written"):
        CableIndex.open(ixdir)


def test_missing_index_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(IndexUnavailableError, match="no index"):
        CableIndex.open(tmp_path / "nothing")
    result = CliRunner().invoke(cli, ["stats", "--index", str(tmp_path / "nothing")])
    assert result.exit_code == 1 and "no index" in result.stderr


def test_second_writer_fails_with_a_clear_message(corpus: Path, tmp_path: Path, monkeypatch, engine: str) -> None:
    ixdir = tmp_path / "ix"
    build_index([corpus / "foia-ocr"], ixdir, workers=1)
    monkeypatch.setattr("cablesearch.indexing.write.LOCK_TIMEOUT_S", 0.2)
    with CableIndex.open(ixdir) as ix:
        writer = ix.engine.index.writer()  # the engine's own writer, holding its own lock
        try:
            result = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(ixdir)])
        finally:
            if engine == "whoosh":
                writer.cancel()
            else:
                writer.rollback()
                writer.wait_merging_threads()
    assert result.exit_code == 1
    assert "another `cablesearch index` is writing" in result.stderr


def _spawn_build(paths: list[Path], ixdir: Path, parallel: bool = False) -> subprocess.Popen:
    code = ("import sys; import cablesearch.engine.whoosh.docwriter as dw; import cablesearch.indexing as ci; "
            + ("dw.PARALLEL_WRITER_FILES = 0; " if parallel else "")
            + f"ci.build_index(sys.argv[2:], sys.argv[1], workers={2 if parallel else 1})")
    return subprocess.Popen([sys.executable, "-c", code, str(ixdir), *map(str, paths)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.parametrize("parallel", [False, True], ids=["one writer", "writer processes"])
def test_sigkill_during_build_keeps_previous_index(corpus: Path, tmp_path: Path, parallel: bool, engine: str) -> None:
    if parallel and engine != "whoosh":
        pytest.skip("writer processes are the Whoosh engine's")
    ixdir = tmp_path / "ix"
    build_index([corpus / "foia-ocr"], ixdir, workers=1)
    with CableIndex.open(ixdir) as ix:
        before = ix.search("mexico").to_dict()
    build_index([corpus / "foia-ocr", SAMPLE], tmp_path / "full", workers=1)
    with CableIndex.open(tmp_path / "full") as ix:  # what a build that committed shows
        after = ix.search("mexico").to_dict()
        after["hits"] = [h["id"] for h in after["hits"]]
    killed_mid_build = 0
    for delay in (0.3, 0.8, 1.5):
        proc = _spawn_build([SAMPLE], ixdir, parallel)
        time.sleep(delay)
        if proc.poll() is None:
            killed_mid_build += 1
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with CableIndex.open(ixdir) as ix:  # still openable: the old answers, or the committed build's
            now = ix.search("mexico").to_dict()
            committed = dict(now, hits=[h["id"] for h in now["hits"]])
            assert now == before or committed == after
    assert killed_mid_build, "the build finished before any kill: the test did not test a crash"
    report = build_index([SAMPLE], ixdir, workers=1)  # the next run completes (no lock left behind)
    assert report.cables_indexed + report.unchanged > 40
    with CableIndex.open(ixdir) as ix:
        assert ix.search("negroponte").total >= 1


def test_search_during_build_sees_last_committed_state(corpus: Path, tmp_path: Path, engine: str) -> None:
    ixdir = tmp_path / "ix"
    build_index([corpus / "foia-ocr"], ixdir, workers=1)
    proc = _spawn_build([SAMPLE], ixdir)
    totals = set()
    try:
        while proc.poll() is None:
            with CableIndex.open(ixdir) as ix:
                totals.add(ix.search("*").total)
            time.sleep(0.05)
    finally:
        proc.wait()
    assert proc.returncode == 0
    with CableIndex.open(ixdir) as ix:
        final = ix.search("*").total
    assert totals <= {1, final}, totals  # only ever the old or the new committed state


def test_big_files_are_streamed_with_the_same_result(corpus: Path, tmp_path: Path, monkeypatch, engine: str) -> None:
    """A file over STREAM_BYTES (a whole cables.csv) is parsed and written as it is read."""
    shutil.copytree(SAMPLE / "cables-csv", corpus / "cables-csv")
    pooled = build_index([corpus], tmp_path / "pooled", workers=2)
    monkeypatch.setattr("cablesearch.indexing.files.STREAM_BYTES", 0)
    streamed = build_index([corpus], tmp_path / "streamed", workers=2)
    assert (streamed.added, streamed.files_read, len(streamed.skipped)) == \
        (pooled.added, pooled.files_read, len(pooled.skipped))
    with CableIndex.open(tmp_path / "pooled") as a, CableIndex.open(tmp_path / "streamed") as b:
        assert sorted(map(str, _ids(a))) == sorted(map(str, _ids(b)))
        assert a.get("75LIBREVILLE1895").to_dict() == b.get("75LIBREVILLE1895").to_dict()


def test_parallel_writer_builds_the_same_index(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    """Big builds index in several Whoosh writer processes; the result must not differ."""
    single = build_index([corpus], tmp_path / "single", workers=1)
    monkeypatch.setattr("cablesearch.engine.whoosh.docwriter.PARALLEL_WRITER_FILES", 0)
    multi = build_index([corpus], tmp_path / "multi", workers=2)
    assert (multi.added, multi.files_read, len(multi.skipped)) == (single.added, single.files_read,
                                                                   len(single.skipped))
    with CableIndex.open(tmp_path / "single") as a, CableIndex.open(tmp_path / "multi") as b:
        assert _ids(a) == _ids(b)
        for q in ("mexico", "marking:S", "tags:PGOV", '"human rights"'):
            assert a.search(q, limit=None).to_dict()["total"] == b.search(q, limit=None).to_dict()["total"], q
        assert a.get("07MEXICO6043").to_dict() == b.get("07MEXICO6043").to_dict()
        assert a.stats()["paragraphs"] == b.stats()["paragraphs"]
    # an incremental run on the multi-segment index: a deleted file is pruned, nothing else changes
    gone = sorted((corpus / "plaintext-latin1").iterdir())[0]
    gone.unlink()
    again = build_index([corpus], tmp_path / "multi", workers=2)
    assert (again.files_read, again.added, again.removed) == (0, 0, 1)


def test_postings_spilled_to_sort_runs_give_the_same_index(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    """With a tiny writer memory limit Whoosh sorts postings through temporary run files, which
    this package writes in pickled batches (`BatchedPostingPool`): the index must be the
    same as one sorted in memory, and the runs must be read back and removed. (New segments are
    written by `writer.LeanSegmentWriter`, which pools by term; Whoosh's own pool still
    serves merges in the parallel writer's parent, and is what this test runs.)"""
    from whoosh.writing import PostingPool, SegmentWriter

    from cablesearch.engine.whoosh.runs import BatchedPostingPool

    class BatchedWriter(SegmentWriter):  # Whoosh's writer, its pool's runs batched (as MpWriter's parent)
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.pool = BatchedPostingPool(self.pool)

    monkeypatch.setattr("cablesearch.engine.whoosh.docwriter.SEGMENT_WRITER", BatchedWriter)
    in_memory = build_index([corpus], tmp_path / "memory", workers=1)
    runs: list[int] = []
    save = PostingPool.save

    def counting_save(self) -> None:
        runs.append(len(self.current))
        save(self)

    monkeypatch.setattr(PostingPool, "save", counting_save)
    monkeypatch.setattr("cablesearch.engine.whoosh.docwriter.WRITER_LIMIT_MB", 1)
    monkeypatch.setattr("cablesearch.engine.whoosh.runs.RUN_BATCH", 100)  # batches of 100: many per run, and a short last one
    spilled = build_index([corpus], tmp_path / "spilled", workers=1)
    assert len([n for n in runs if n]) >= 3, runs
    assert spilled.added == in_memory.added
    with CableIndex.open(tmp_path / "memory") as a, CableIndex.open(tmp_path / "spilled") as b:
        assert _ids(a) == _ids(b)
        for q in ("mexico", "marking:S", "tags:PGOV", '"human rights"', "people:negroponte", "date:2009"):
            assert a.search(q, limit=None).to_dict() == b.search(q, limit=None).to_dict(), q
    assert not list((tmp_path / "spilled").glob("*.run")), "every run file is removed"


def test_without_fast_paths_changed_and_gone_files_are_deleted_alike(corpus: Path, tmp_path: Path,
                                                                      monkeypatch) -> None:
    """Without `compat.FAST_PATHS` a source's documents are deleted by Whoosh's `delete_by_term`
    (docwriter._Deleter): an incremental run ends with the documents a fresh build has."""
    from cablesearch.engine.whoosh import compat

    ixdir = tmp_path / "ix"
    build_index([corpus], ixdir, workers=1)
    files = sorted((corpus / "plaintext-latin1").iterdir())
    with files[0].open("ab") as f:
        f.write(b"\r\nZYZZYVA ADDED BY THE TEST\r\n")
    files[1].unlink()
    monkeypatch.setattr(compat, "FAST_PATHS", False)
    for name in ("term_bytes", "raw_postings"):
        monkeypatch.setattr(compat, name, None)  # the fast deleter would fail on these
    r = build_index([corpus], ixdir, workers=1)
    assert (r.files_read, r.updated, r.removed) == (1, 1, 1)
    fresh = build_index([corpus], tmp_path / "fresh", workers=1)
    with CableIndex.open(ixdir) as a, CableIndex.open(tmp_path / "fresh") as b:
        assert _ids(a) == _ids(b) and len(_ids(a)) == fresh.added
        assert a.search("zyzzyva", limit=None).total == b.search("zyzzyva", limit=None).total == 1
        assert a.stats()["paragraphs"] == b.stats()["paragraphs"]


def _manifest_from_stored_fields(ixdir: Path) -> dict:
    (ixdir / "manifest.json").unlink(missing_ok=True)
    with CableIndex.open(ixdir) as ix:
        return ix.manifest()


@pytest.mark.parametrize("parallel", [False, True])
def test_manifest_cache_is_the_stored_manifest(corpus: Path, tmp_path: Path, monkeypatch, parallel: bool, engine: str) -> None:
    """Each run leaves the manifest it ends with beside the index (manifest.py); after adds,
    edits and deletions it must say exactly what the `file` documents say."""
    if parallel and engine != "whoosh":
        pytest.skip("writer processes are the Whoosh engine's")
    if parallel:
        monkeypatch.setattr("cablesearch.engine.whoosh.docwriter.PARALLEL_WRITER_FILES", 0)
    ixdir = tmp_path / "ix"
    build_index([corpus], ixdir, workers=2 if parallel else 1)
    with CableIndex.open(ixdir) as ix:
        cached = ix.manifest()
    assert len(cached) > 10 and all(Path(src).is_file() for src in cached)
    assert cached == _manifest_from_stored_fields(ixdir)
    files = sorted((corpus / "plaintext-latin1").iterdir())
    with files[0].open("ab") as f:
        f.write(b"\r\nADDED BY THE TEST\r\n")
    files[1].unlink()
    (corpus / "empty.txt").write_bytes(b"")  # a skipped file has a manifest entry too, with its reason
    r = build_index([corpus], ixdir, workers=2 if parallel else 1)
    assert (r.files_read, r.updated, r.removed) == (2, 1, 1)
    with CableIndex.open(ixdir) as ix:
        cached = ix.manifest()
    assert str(files[1].resolve()) not in cached and cached[str((corpus / "empty.txt").resolve())]["reason"]
    assert cached == _manifest_from_stored_fields(ixdir)


def test_manifest_cache_of_another_commit_is_not_used(corpus: Path, tmp_path: Path, engine: str) -> None:
    """A commit the cache did not see (another program's writer) makes the cache stale: the
    stored fields are read, and a file deleted by that commit is read again."""
    ixdir = tmp_path / "ix"
    build_index([corpus], ixdir, workers=1)
    victim = str(sorted((corpus / "plaintext-latin1").iterdir())[0].resolve())
    with CableIndex.open(ixdir) as ix:
        assert victim in ix.manifest()
        w = ix.engine.index.writer()
        if engine == "whoosh":
            w.delete_by_term("src", victim)
            w.commit()
        else:
            w.delete_documents_by_term("src", victim)
            w.commit()
            w.wait_merging_threads()
    with CableIndex.open(ixdir) as ix:
        assert victim not in ix.manifest()
    r = build_index([corpus], ixdir, workers=1)
    assert (r.files_read, r.added, r.updated) == (1, 1, 0)


def test_files_reached_through_links_are_indexed_once_by_their_real_path(corpus: Path, tmp_path: Path, engine: str) -> None:
    outside = tmp_path / "elsewhere"
    shutil.copytree(corpus / "foia-ocr", outside)
    (corpus / "linked-folder").symlink_to(outside)
    one = sorted((corpus / "plaintext-latin1").iterdir())[0]
    (corpus / "second-name.txt").symlink_to(one)
    ixdir = tmp_path / "ix"
    r = build_index([corpus], ixdir, workers=1)
    with CableIndex.open(ixdir) as ix:
        srcs = set(ix.manifest())
    assert {str(p.resolve()) for p in outside.iterdir()} <= srcs
    assert str(one.resolve()) in srcs and not any("second-name" in s or "linked-folder" in s for s in srcs)
    real_files = [p for p in corpus.rglob("*") if p.is_file() and not p.is_symlink()
                  and "linked-folder" not in p.parts]
    assert len(srcs) == len(real_files) + len(list(outside.iterdir()))
    assert r.files_read == len(srcs)


def test_no_pickle_is_read_from_an_index_folder(corpus: Path, tmp_path: Path) -> None:
    """A crafted `manifest.pickle` (the cache's old name) runs no code: the cache is JSON, the
    old file is never opened and is removed by the next run; a damaged JSON cache is a miss."""
    import pickle

    ixdir = tmp_path / "ix"
    build_index([corpus / "foia-ocr"], ixdir, workers=1)
    assert (ixdir / "manifest.json").exists() and not (ixdir / "manifest.pickle").exists()
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    (ixdir / "manifest.pickle").write_bytes(pickle.dumps(Payload()))
    (ixdir / "manifest.json").write_text("{not json", encoding="utf-8")
    report = build_index([corpus / "foia-ocr"], ixdir, workers=1)
    assert report.unchanged == 1 and report.files_read == 0
    assert not marker.exists(), "the pickle was unpickled"
    assert not (ixdir / "manifest.pickle").exists()
    assert json.loads((ixdir / "manifest.json").read_text(encoding="utf-8"))["files"]


def test_a_fifo_is_skipped_not_opened(corpus: Path, tmp_path: Path, engine: str) -> None:
    """A named pipe in the input folder (or named on the command line) is skipped with a reason:
    opening it would block the run forever. The build runs in a process of its own, so a
    regression fails by its timeout instead of hanging the suite."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "in"
    shutil.copytree(corpus / "foia-ocr", folder)
    os.mkfifo(folder / "pipe.txt")
    code = ("import sys, json; from cablesearch import build_index; "
            "r = build_index(sys.argv[1:2], sys.argv[2], workers=1); "
            "print(json.dumps([r.cables_indexed, [(s.path, s.reason) for s in r.skipped]]))")
    for target in (folder, folder / "pipe.txt"):
        out = subprocess.run([sys.executable, "-c", code, str(target), str(tmp_path / f"ix-{target.name}")],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        indexed, skipped = json.loads(out.stdout)
        assert any(path.endswith("pipe.txt") and "not a regular file" in reason for path, reason in skipped)
    assert indexed == 0


def test_an_index_with_no_cable_committed_answers_empty(tmp_path: Path, engine: str) -> None:
    """A first build killed before its commit leaves an index with no documents: every command
    answers (nothing found), none prints a traceback (Whoosh's empty reader has no columns)."""
    CableIndex.create(tmp_path / "ix").close()
    for args in (["search", "police", "--facet", "tags"], ["search", "", "--paragraphs"], ["stats"], ["tags"]):
        result = CliRunner().invoke(cli, [*args, "--index", str(tmp_path / "ix")])
        assert result.exit_code == 0, (args, result.output)
        assert "Traceback" not in result.output
    with CableIndex.open(tmp_path / "ix") as ix:
        assert ix.search("police").total == 0 and ix.stats()["cables"] == 0


def test_a_rebuild_swap_cut_between_its_renames_is_finished_on_open(corpus: Path, tmp_path: Path, engine: str) -> None:
    """Killed between moving the old index aside and renaming the rebuilt one in, a rebuild
    left no index at all ("no index at …", and the next run started from zero); the next open
    or run now finishes the swap with the complete rebuilt index."""
    target = tmp_path / "ix"
    build_index([corpus / "foia-ocr"], target, workers=1)
    build_index([corpus], tmp_path / "ix.rebuild", workers=1)  # a rebuild that completed
    target.rename(tmp_path / "ix.old")                         # ... and the first rename of its swap
    with CableIndex.open(target) as ix:
        assert len(_ids(ix)) > 1  # the rebuilt index, not the old one-cable index
    assert not (tmp_path / "ix.old").exists() and not (tmp_path / "ix.rebuild").exists()


def test_a_rebuild_and_an_update_never_overlap(corpus: Path, tmp_path: Path, monkeypatch, engine: str) -> None:
    """`--rebuild` takes the folder's lock as a plain run does: while another process holds
    it, both are refused with one line (before, a plain run beside a rebuild lost its folder)."""
    import subprocess
    import sys

    target = tmp_path / "ix"
    build_index([corpus / "foia-ocr"], target, workers=1)
    code = ("import sys, time; from pathlib import Path; from cablesearch.indexing.folder import folder_lock\n"
            "with folder_lock(Path(sys.argv[1]), 5):\n    print('held', flush=True); time.sleep(20)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setattr("cablesearch.indexing.write.LOCK_TIMEOUT_S", 0.3)
        for rebuild in (True, False):
            with pytest.raises(IndexUnavailableError, match="another `cablesearch index` is writing"):
                build_index([corpus / "foia-ocr"], target, workers=1, rebuild=rebuild)
    finally:
        holder.kill()
        holder.wait()
    assert build_index([corpus / "foia-ocr"], target, workers=1, rebuild=True).cables_indexed == 1


def test_hidden_files_are_left_out_and_counted_unless_asked_for(corpus: Path, tmp_path: Path, engine: str) -> None:
    """As ripgrep: names starting with `.` (files and folders) are left out by default and
    counted in the summary; `--hidden` reads them."""
    folder = tmp_path / "in"
    shutil.copytree(corpus / "foia-ocr", folder)
    (folder / ".drafts").mkdir()
    shutil.copy(corpus / "foia-ocr" / "MEXICO006043-2007.txt", folder / ".drafts" / "copy.txt")
    (folder / ".notes.txt").write_text("not a cable", encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", str(folder), "--index", str(tmp_path / "ix"), "--json"])
    report = json.loads(result.stdout)
    assert (report["hidden"], report["cables_indexed"], report["skipped"]) == (2, 1, [])
    line = CliRunner().invoke(cli, ["index", str(folder), "--index", str(tmp_path / "ix2")]).stdout
    assert ", 2 hidden (--hidden reads them)" in line
    report = build_index([folder], tmp_path / "ix3", workers=1, hidden=True)
    assert (report.hidden, report.cables_indexed) == (0, 2)
    assert [s.path for s in report.skipped] == [".notes.txt"]


def test_a_file_name_that_is_not_utf8_is_indexed_and_shown_escaped(corpus: Path, tmp_path: Path, engine: str) -> None:
    """`caf\\xe9.txt` (Latin-1 bytes in the name) crashed the whole run with nothing committed
    (issue 23); it is indexed under its escaped name, shown so, and unchanged on a re-run."""
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(name, "wb") as f:
        f.write((corpus / "foia-ocr" / "MEXICO006043-2007.txt").read_bytes())
    result = CliRunner().invoke(cli, ["index", str(folder), "--index", str(tmp_path / "ix"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["cables_indexed"] == 1
    with CableIndex.open(tmp_path / "ix") as ix:
        assert [h.source["path"] for h in ix.search("negroponte").hits] == ["caf\\xe9.txt"]
    again = build_index([folder], tmp_path / "ix", workers=1)
    assert (again.unchanged, again.files_read) == (1, 0)
