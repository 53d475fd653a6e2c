"""Builds on a Dask cluster (`index --cluster`, `build_index(cluster=...)`): the same index as a
local build with both engines, a worker killed mid-batch, a coordinator killed, incremental
re-runs doing the local amount of work, and each way of failing in one line.

One `LocalCluster` of two worker processes serves the module (`dask_cluster`); builds reach it
by its scheduler's address, as they would a remote one.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner

import cablesearch.engine.whoosh.docwriter as docwriter
import cablesearch.indexing.cluster as cluster_mod
import cablesearch.indexing.files as files
import cablesearch.indexing.parts as parts
from cablesearch import CableIndex, build_index
from cablesearch.cli import cli
from cablesearch.errors import ClusterError, IndexWriteError
from conftest import ENGINES, ROOT, SAMPLE, sample_index_path

distributed = pytest.importorskip("distributed")  # the test extra installs it: CI runs every test here

#: Queries of every kind (words, phrases, wildcards, fuzzy, fields, dates, NOT), as test_engines.
QUERIES = ["*", "mexico", "negroponte", '"garcia luna"', '"human rights"', "negro*", "negrofonte~", "tags:PGOV",
           "mexico NOT police", "date:[2006-02-03 TO 2007-03-31]", "classification:secret station:tehran",
           "marking:S", "withheld:b7(a)", "people:negroponte", "cited_by:07MEXICO6043", "format:foia-ocr",
           "(mexico OR brazil) AND police", "country:mexico"]
FACETS = ["tags", "country", "station", "classification", "people", "marking", "withheld", "year", "month", "id",
          "references", "origin", "format", "collection", "signed_by", "caveats", "precedence", "foia_status"]


@pytest.fixture(scope="module")
def dask_cluster():
    """Two worker processes of one thread each, shared by the module's builds."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                                  silence_logs=logging.ERROR) as lc, \
            distributed.Client(lc, set_as_default=False) as client:
        yield lc.scheduler_address, client


def _answers(ix: CableIndex) -> list:
    """Every query's total, hits (id, paragraph, copies, snippets) and facet counts, at both scopes."""
    out = []
    for q in QUERIES:
        for paragraphs in (False, True):
            res = ix.search(q, limit=None, facets=FACETS, facet_size=1000, paragraphs=paragraphs, all_versions=True)
            hits = sorted((h.id or "", h.paragraph or "", h.versions, h.marking or "",
                           tuple((s.paragraph or "", s.text) for s in h.snippets)) for h in res.hits)
            facets = {k: sorted((v.value, v.count) for v in f.values) for k, f in res.facets.items()}
            out.append((q, paragraphs, res.total, hits, facets))
    return out


def _files(ix: CableIndex, root: Path | None) -> dict:
    """The manifest, less when each file was read; with a `root`, its paths relative to it and
    without mtimes (for two copies of a corpus)."""
    if root is None:
        return {src: {k: v for k, v in e.items() if k != "read_at"} for src, e in ix.manifest().items()}
    return {os.path.relpath(src, root): {k: v for k, v in e.items() if k not in ("read_at", "mtime")}
            for src, e in ix.manifest().items()}


def _same_index(got: Path, want: Path, roots: tuple[Path, Path] | tuple[None, None] = (None, None)) -> None:
    with CableIndex.open(got) as a, CableIndex.open(want) as b:
        assert a.engine.name == b.engine.name
        assert _answers(a) == _answers(b)
        assert _files(a, roots[0]) == _files(b, roots[1])
        sa, sb = a.stats(), b.stats()
        for key in ("index", "size_bytes"):
            sa.pop(key), sb.pop(key)
        assert sa == sb


def _work(report) -> tuple:
    return (report.files_read, report.added, report.updated, report.removed, report.unchanged,
            report.cables_indexed, sorted((s.path, s.reason) for s in report.skipped))


@pytest.mark.parametrize("engine_name", ENGINES)
def test_a_cluster_build_answers_as_a_local_build(dask_cluster, tmp_path: Path, tmp_path_factory,
                                                  engine_name: str) -> None:
    address, client = dask_cluster
    seen = []
    with distributed.get_task_stream(client) as tasks:
        report = build_index([SAMPLE], tmp_path / "ix", engine=engine_name, cluster=address, on_progress=seen.append)
    # Whoosh's workers write the cables into parts of the index; Tantivy's hand them back
    ran = {task["key"].split("-")[0] for task in tasks.data}
    assert ran == ({"write_part"} if engine_name == "whoosh" else {"parse_batch"})
    local = sample_index_path(tmp_path_factory, engine_name)
    _same_index(tmp_path / "ix", local)
    again = build_index([SAMPLE], tmp_path / "local", engine=engine_name)
    assert _work(report) == _work(again)
    # progress as a local build gives it: one call per file, the last one with every file and cable
    assert [p.files_done for p in seen] == list(range(1, report.files_read + 1))
    assert (seen[-1].files_total, seen[-1].cables) == (report.files_read, report.cables_indexed)


@pytest.mark.parametrize("engine_name", ENGINES)
def test_big_files_are_streamed_by_the_coordinator_with_the_same_index(dask_cluster, tmp_path: Path, tmp_path_factory,
                                                                     monkeypatch, engine_name: str) -> None:
    """Files over `files.STREAM_BYTES` (the CSV dump, three HTML pages here) are read by the
    coordinator after the workers' batches, as a local build reads them after its pool's; with
    Whoosh its own segment is committed with the workers' parts. The coordinator writes them
    with Whoosh's writer processes here (`PARALLEL_WRITER_FILES` 0), its other writer."""
    address, _ = dask_cluster
    sizes = [p.stat().st_size for p in SAMPLE.rglob("*") if p.is_file()]
    assert sum(size > 100_000 for size in sizes) == 4
    monkeypatch.setattr(files, "STREAM_BYTES", 100_000)
    monkeypatch.setattr(docwriter, "PARALLEL_WRITER_FILES", 0)
    seen = []
    report = build_index([SAMPLE], tmp_path / "ix", engine=engine_name, cluster=address, on_progress=seen.append)
    _same_index(tmp_path / "ix", sample_index_path(tmp_path_factory, engine_name))
    assert report.files_read == len(sizes)
    assert [p.files_done for p in seen] == list(range(1, len(sizes) + 1))


def test_the_cli_builds_on_a_cluster_with_the_local_summary(dask_cluster, tmp_path: Path) -> None:
    address, _ = dask_cluster
    runner = CliRunner()
    args = ["index", str(SAMPLE / "foia-ocr"), str(SAMPLE / "plusd-html"), "--json"]
    on_cluster = runner.invoke(cli, [*args, "--index", str(tmp_path / "c"), "--cluster", address],
                               catch_exceptions=False)
    local = runner.invoke(cli, [*args, "--index", str(tmp_path / "l")], catch_exceptions=False)
    assert on_cluster.exit_code == local.exit_code == 0, on_cluster.stderr
    got, want = map(_summary, (on_cluster.stdout, local.stdout))
    assert got == want and want["added"] > 0
    _same_index(tmp_path / "c", tmp_path / "l")


def _summary(stdout: str) -> dict:
    import json

    d = json.loads(stdout)
    d.pop("elapsed"), d.pop("index")
    return d


def _killing_a_busy_worker(client, killed: list[str]):
    """An `on_progress` callback that kills, once, the first worker seen with a batch in hand
    (the batch handed out just before the call, once the scheduler has it) with SIGKILL, and
    appends its address to `killed`."""
    pids = client.run(os.getpid)

    def kill_one(progress) -> None:
        deadline = time.monotonic() + 1
        while not killed and time.monotonic() < deadline:
            busy = [w for w, keys in client.processing().items() if keys]
            if busy:
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(busy[0])
            time.sleep(0.002)

    return kill_one


@pytest.mark.parametrize("engine_name", ENGINES)
def test_a_worker_killed_mid_batch_still_gives_the_full_index(dask_cluster, tmp_path: Path, tmp_path_factory,
                                                              monkeypatch, engine_name: str) -> None:
    """The worker holding a batch (Tantivy) or writing a part (Whoosh) is SIGKILLed once the
    first file is done; Dask runs it again elsewhere (the nanny restarts the worker) and the
    index is the local one: with Whoosh, the killed worker's half-written segment is not in it,
    nor left in the folder, and each file was counted once by the progress."""
    address, client = dask_cluster
    monkeypatch.setattr(cluster_mod, "BATCH_FILES", 2)  # many small batches: some in hand at the kill
    monkeypatch.setattr(parts, "PART_MIN_FILES", 8)
    killed: list[str] = []
    kill_one = _killing_a_busy_worker(client, killed)
    seen = []

    def on_progress(p) -> None:
        seen.append(p.files_done)
        kill_one(p)

    report = build_index([SAMPLE], tmp_path / "ix", engine=engine_name, cluster=address, on_progress=on_progress)
    assert killed, "no worker was seen with a batch in hand: the test did not test a kill"
    assert killed[0] not in client.scheduler_info()["workers"]
    _same_index(tmp_path / "ix", sample_index_path(tmp_path_factory, engine_name))
    assert seen == list(range(1, report.files_read + 1))
    if engine_name == "whoosh":
        assert _unused_segment_files(tmp_path / "ix") == []
    assert report.cables_indexed == report.added > 100
    client.wait_for_workers(2, timeout=60)  # the nanny's new worker, for the tests after this one


def _unused_segment_files(ixdir: Path) -> list[str]:
    """Files of Whoosh segments in `ixdir` that its last commit does not list."""
    from whoosh.index import open_dir

    with open_dir(str(ixdir), indexname="cables").reader() as reader:
        used = {leaf.segment().segment_id() for leaf, _ in reader.leaf_readers()}
    return [name for name in os.listdir(ixdir) if name.startswith("cables_") and "WRITELOCK" not in name and name.split(".")[0] not in used]


@pytest.mark.parametrize(("engine_name", "work"), [("whoosh", r"writing \d+"), ("tantivy", "parsing 2")])
def test_a_batch_that_keeps_killing_workers_ends_the_run_in_one_line(tmp_path: Path, monkeypatch, engine_name: str,
                                                                     work: str) -> None:
    """With no failure allowed (`distributed.scheduler.allowed-failures` 0), the worker killed
    with a batch (a part, with Whoosh) in hand fails the run: IndexWriteError, one line,
    nothing committed."""
    import dask

    ixdir = tmp_path / "ix"
    build_index([SAMPLE / "foia-ocr"], ixdir, engine=engine_name)
    with CableIndex.open(ixdir) as ix:
        before = _answers(ix)
    monkeypatch.setattr(cluster_mod, "BATCH_FILES", 2)
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR) as lc, \
            distributed.Client(lc, set_as_default=False) as client:
        killed: list[str] = []
        kill_one = _killing_a_busy_worker(client, killed)
        with pytest.raises(IndexWriteError, match=rf"^could not update the index at {ixdir}: the workers {work} "
                                                  rf"files from {SAMPLE}/\S+ on died each time \(out of memory, or "
                                                  r"killed\); nothing of this run was committed$"):
            build_index([SAMPLE], ixdir, cluster=client, on_progress=kill_one)
        assert killed
    with CableIndex.open(ixdir) as ix:
        assert _answers(ix) == before
    if engine_name == "whoosh":  # the other parts were stopped, and what they wrote removed, before the run ended
        assert _unused_segment_files(ixdir) == []


@pytest.mark.parametrize("engine_name", ENGINES)
def test_incremental_runs_on_a_cluster_do_the_local_work(dask_cluster, tmp_path: Path, engine_name: str) -> None:
    """The same changes made to two copies of a corpus: the cluster's runs read, add, update and
    remove exactly what the local runs do, and a run with nothing changed reads nothing."""
    _, client = dask_cluster  # a Client of the caller's, as the README's SLURM example passes one
    sides = {}
    for side in ("cluster", "local"):
        corpus = tmp_path / side / "cables"
        for sub in ("plaintext-latin1", "foia-ocr", "plusd-html", "cablegate-pre"):
            shutil.copytree(SAMPLE / sub, corpus / sub)
        sides[side] = corpus
    runs: dict[str, list] = {"cluster": [], "local": []}

    def run(side: str) -> None:
        kw = {"cluster": client} if side == "cluster" else {}
        files_total = []
        report = build_index([sides[side]], tmp_path / side / "ix", engine=engine_name,
                             on_progress=lambda p: files_total.append(p.files_total), **kw)
        runs[side].append((_work(_relative(report, sides[side])), files_total[-1:]))

    for side, corpus in sides.items():
        run(side)
        run(side)  # nothing changed
        files = sorted((corpus / "plaintext-latin1").iterdir())
        os.utime(files[0], (time.time() + 100, time.time() + 100))  # touched: hashed, not read
        with files[1].open("ab") as f:  # edited: read again
            f.write(b"\r\nADDED BY THE TEST\r\n")
        files[2].unlink()  # gone: pruned
        shutil.copy(SAMPLE / "foia-ocr" / "MEXICO006043-2007.txt", corpus / "new-copy.txt")  # new
        run(side)
    assert runs["cluster"] == runs["local"]
    assert runs["local"][1][0][:4] == (0, 0, 0, 0) and runs["local"][1][1] == []
    assert runs["local"][2][0][:4] == (2, 1, 1, 1)
    _same_index(tmp_path / "cluster" / "ix", tmp_path / "local" / "ix", (sides["cluster"], sides["local"]))


def _relative(report, corpus: Path):
    """`report` with its skips' paths relative to `corpus`, so two copies compare equal."""
    from cablesearch.model import Skip

    report.skipped = [Skip(s.path.replace(str(corpus), "CORPUS"), s.reason) for s in report.skipped]
    return report


def test_a_killed_coordinator_leaves_the_last_commit_and_its_workers_end(tmp_path: Path) -> None:
    """A build on `local:1` SIGKILLed once it is writing: the index answers as its last commit,
    the cluster's processes end with it, and the next run completes."""
    ixdir = tmp_path / "ix"
    build_index([SAMPLE / "foia-ocr"], ixdir)
    with CableIndex.open(ixdir) as ix:
        before = _answers(ix)
    code = ("import sys, time; import cablesearch.indexing.cluster as c; from cablesearch import build_index\n"
            "c.BATCH_FILES = 2\n"
            "def hold(p):\n"
            "    if p.files_done == 2: print('writing', flush=True); time.sleep(120)\n"
            "build_index(sys.argv[2:], sys.argv[1], cluster='local:1', on_progress=hold)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(ixdir), str(SAMPLE)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout.readline() == "writing\n"
        children = psutil.Process(proc.pid).children(recursive=True)
        assert children, "the local cluster's worker process"
    finally:
        proc.kill()
        proc.wait()
    _, alive = psutil.wait_procs(children, timeout=30)
    assert not alive, [p.pid for p in alive]
    with CableIndex.open(ixdir) as ix:
        assert _answers(ix) == before
    report = build_index([SAMPLE], ixdir, cluster="local:1")
    assert report.added > 100
    with CableIndex.open(ixdir) as ix:
        assert ix.search("negroponte").total >= 1


def test_ctrl_c_ends_a_cluster_build_with_one_line(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to every process of the job, as a terminal sends it) while a `local:1` build
    writes: exit 130, `interrupted` alone on stderr (no traceback from a Dask worker), its
    workers gone, the index as its last commit. The build is held at its second file by the
    CLI's own progress hook, so the signal always lands mid-build."""
    ixdir = tmp_path / "ix"
    build_index([SAMPLE / "foia-ocr"], ixdir)
    with CableIndex.open(ixdir) as ix:
        before = _answers(ix)
    # SIGINT as a terminal leaves it (a pytest started in the background of a shell without job
    # control inherits it ignored, and so would this process, which Ctrl-C would then not stop)
    code = ("import signal, sys, time; import cablesearch.cli as cli\n"
            "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
            "def hold(p):\n"
            "    if p.files_done == 2: print('writing', flush=True); time.sleep(120)\n"
            "cli._progress_line = lambda: hold\n"
            "cli.main(['index', sys.argv[2], '--index', sys.argv[1], '--cluster', 'local:1'])\n")
    # stderr to a file, not a pipe: the exit is waited for, never the end of a pipe a worker
    # process might hold a moment longer
    with (tmp_path / "stderr").open("w") as errors:
        proc = subprocess.Popen([sys.executable, "-c", code, str(ixdir), str(SAMPLE)], cwd=ROOT, text=True,
                                stdout=subprocess.PIPE, stderr=errors, start_new_session=True)
    try:
        assert proc.stdout.readline() == "writing\n"
        children = psutil.Process(proc.pid).children(recursive=True)
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=60) == 130
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
    err = (tmp_path / "stderr").read_text()
    assert err.strip() == "interrupted", err
    _, alive = psutil.wait_procs(children, timeout=30)
    assert not alive, [p.pid for p in alive]
    with CableIndex.open(ixdir) as ix:
        assert _answers(ix) == before


def test_a_worker_that_cannot_see_the_files_is_one_line(dask_cluster, tmp_path: Path) -> None:
    """Workers must read the files at the coordinator's paths (shared storage): a file they see
    otherwise ends the run before anything is written."""
    _, client = dask_cluster
    path = tmp_path / "cable.txt"
    shutil.copy(SAMPLE / "foia-ocr" / "MEXICO006043-2007.txt", path)
    st = path.stat()
    jobs = [(str(path), str(tmp_path), st.st_size, st.st_mtime)]
    cluster = cluster_mod.Cluster(client, "tcp://test")
    cluster_mod.probe(cluster, jobs)  # every worker sees it
    with pytest.raises(ClusterError, match=r"^worker tcp://\S+ sees another .*cable\.txt \(size or mtime differs\): "
                                           r"the files to index must be on storage every worker shares"):
        cluster_mod.probe(cluster, [(str(path), str(tmp_path), st.st_size + 1, st.st_mtime)])
    path.unlink()
    with pytest.raises(ClusterError, match=r"cannot read .*cable\.txt \(No such file or directory\)"):
        cluster_mod.probe(cluster, jobs)


def test_workers_that_write_parts_must_share_the_index_folder(dask_cluster, tmp_path: Path) -> None:
    """With Whoosh the workers write the index's segments: the probe checks that each one reads
    the file the coordinator wrote in the index folder and can write there, and says in one line
    what is wrong (`folder_problem` is what a worker runs)."""
    _, client = dask_cluster
    path = tmp_path / "cable.txt"
    shutil.copy(SAMPLE / "foia-ocr" / "MEXICO006043-2007.txt", path)
    st = path.stat()
    folder = tmp_path / "ix"
    folder.mkdir()
    cluster_mod.probe(cluster_mod.Cluster(client, "tcp://test"), [(str(path), str(tmp_path), st.st_size, st.st_mtime)],
                      str(folder))
    assert os.listdir(folder) == []  # the probe's file is gone
    (folder / "token").write_text("abc")
    assert parts.folder_problem(str(folder), "token", "abc") == ""
    assert parts.folder_problem(str(folder), "token", "xyz") == (
        f"sees another {folder} than the index folder: with the Whoosh engine, workers write the index there, "
        f"so it must be on storage every worker shares, at the same path")
    assert parts.folder_problem(str(tmp_path / "elsewhere"), "token", "abc").startswith(
        f"cannot see the index folder {tmp_path / 'elsewhere'} (No such file or directory): with the Whoosh engine")
    assert sorted(os.listdir(folder)) == ["token"]


def test_a_part_that_fails_on_a_worker_ends_the_run_in_one_line(dask_cluster, tmp_path: Path) -> None:
    """A worker that cannot write its part (here: the folder holds no index) sends its reason
    back as one line, which ends the run (IndexWriteError), never a worker's traceback."""
    _, client = dask_cluster
    folder = tmp_path / "not-an-index"
    folder.mkdir()
    files_ = sorted((SAMPLE / "foia-ocr").iterdir())[:3]
    jobs = [(str(f), str(SAMPLE), f.stat().st_size, f.stat().st_mtime) for f in files_]
    taken: list = []
    target = parts.Parts("whoosh", str(folder), None, taken.append)
    with pytest.raises(IndexWriteError, match=rf"^a worker could not open the index in {folder}: \w+") as failed:
        list(cluster_mod.read_files(cluster_mod.Cluster(client, "tcp://test"), jobs, None, target))
    assert taken == [] and "\n" not in str(failed.value)


def test_a_part_whose_files_the_coordinator_cannot_see_is_refused(tmp_path: Path) -> None:
    """A part written into a folder other than the index's (a worker that joined after the
    check, with a folder of its own at the same path) is refused before the commit could list
    files that are not there; the index keeps its last commit."""
    from cablesearch.engine import create_engine, engine_class
    from cablesearch import parse_path

    cables = parse_path(SAMPLE / "foia-ocr" / "MEXICO006043-2007.txt").cables
    (tmp_path / "ix").mkdir()
    (tmp_path / "elsewhere").mkdir()
    ix = create_engine(tmp_path / "ix", "whoosh")
    create_engine(tmp_path / "elsewhere", "whoosh").close()
    part_writer = engine_class("whoosh").part_writer(tmp_path / "elsewhere")
    part_writer.add_cable(cables[0], "x.txt#0", "x.txt")
    part = part_writer.finish()
    with ix.lock(5):
        writer, _ = ix.writer(files=1, workers=1)
        with pytest.raises(IndexWriteError, match=r"^a worker wrote its part of the index where this process cannot "
                                                  r"see it \(no file of segment \S+ in .*/ix\): the index folder"):
            writer.add_part(part)
        writer.cancel()
    assert ix.reader().doc_count() == 0
    ix.close()


def test_builds_sharing_a_worker_keep_their_own_ocr_mode() -> None:
    """A Dask worker with several threads runs parts of two builds at once: each block sees its
    own build's `$CABLESEARCH_OCR` for as long as it runs, and the variable is as it was after."""
    import threading

    before = os.environ.get("CABLESEARCH_OCR")
    seen: list[tuple[str | None, str | None]] = []

    def part(mode: str | None, pause: float) -> None:
        with files.ocr_mode(mode):
            for _ in range(5):
                seen.append((mode, os.environ.get("CABLESEARCH_OCR")))
                time.sleep(pause)

    threads = [threading.Thread(target=part, args=args) for args in
               (("never", 0.03), ("never", 0.01), ("always", 0.01), (None, 0.01))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 20 and all(mode == value for mode, value in seen)
    assert os.environ.get("CABLESEARCH_OCR") == before


def test_without_the_extra_asking_for_a_cluster_says_what_to_install(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    result = CliRunner().invoke(cli, ["index", str(SAMPLE / "foia-ocr"), "--index", str(tmp_path / "ix"),
                                      "--cluster", "local:2"])
    assert result.exit_code == 2
    assert result.stderr == "cablesearch: error: building on a cluster needs Dask's distributed package: " \
                            "pip install 'cablesearch[cluster]'\n"
    assert not (tmp_path / "ix").exists()


@pytest.mark.parametrize("address", ["localhost:8786", "local:0", "local:two", "tcp://", "http://host:8786"])
def test_an_address_of_no_known_form_is_a_usage_error(tmp_path: Path, address: str) -> None:
    result = CliRunner().invoke(cli, ["index", str(SAMPLE / "foia-ocr"), "--index", str(tmp_path / "ix"),
                                      "--cluster", address])
    assert result.exit_code == 2
    assert result.stderr == (f"cablesearch: error: --cluster takes a scheduler's address (tcp://host:8786) "
                             f"or local:N, not {address!r}\n")
    assert not (tmp_path / "ix").exists()


def test_a_scheduler_that_cannot_be_reached_is_one_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(cluster_mod, "CONNECT_TIMEOUT_S", 1.0)
    with socket_closed() as port:
        result = CliRunner().invoke(cli, ["index", str(SAMPLE / "foia-ocr"), "--index", str(tmp_path / "ix"),
                                          "--cluster", f"tcp://127.0.0.1:{port}"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"cablesearch: error: could not reach the Dask scheduler at "
                                    f"tcp://127.0.0.1:{port}: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "ix").exists()


def test_a_scheduler_no_worker_joins_is_one_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(cluster_mod, "WORKER_WAIT_S", 1.0)
    with distributed.LocalCluster(n_workers=0, processes=True, dashboard_address="127.0.0.1:0",
                                  silence_logs=logging.ERROR) as empty:
        result = CliRunner().invoke(cli, ["index", str(SAMPLE / "foia-ocr"), "--index", str(tmp_path / "ix"),
                                          "--cluster", empty.scheduler_address])
    assert result.exit_code == 1
    assert result.stderr == (f"cablesearch: error: no Dask worker joined the scheduler at {empty.scheduler_address} "
                             f"within 1 s\n")
    assert not (tmp_path / "ix").exists()


class socket_closed:
    """A local TCP port nothing listens on (bound, then closed)."""

    def __enter__(self) -> int:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    def __exit__(self, *exc) -> None:
        return None


def test_import_cablesearch_loads_no_dask() -> None:
    code = ("import sys, cablesearch; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


def test_a_script_without_a_main_guard_is_told_what_to_add(tmp_path: Path) -> None:
    """A `local:N` cluster's worker processes run the script again as they start; one that calls
    build_index at its top level ends them, and the build says what the script needs in one
    line, before any index folder is made."""
    script = tmp_path / "build.py"
    script.write_text("import cablesearch\n"
                      f"cablesearch.build_index([{str(SAMPLE)!r}], {str(tmp_path / 'ix')!r}, cluster='local:2')\n")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1] == (
        "cablesearch.errors.ClusterError: could not start a local cluster: its worker processes ended while "
        "starting; a Python script that builds on local:2 must call build_index under "
        '`if __name__ == "__main__":` (Python\'s rule for scripts that start processes)')
    assert not (tmp_path / "ix").exists()


def test_a_first_build_killed_on_a_cluster_names_its_whole_command(dask_cluster, tmp_path: Path) -> None:
    """A first build on a cluster, killed before it commits: reading the index says to run the
    build again with its `--cluster`, and that command completes it."""
    address, _client = dask_cluster
    ixdir = tmp_path / "ix"
    code = ("import sys, time; from cablesearch import build_index\n"
            "def hold(p):\n"
            "    if p.files_done == 2: print('writing', flush=True); time.sleep(120)\n"
            "if __name__ == '__main__':\n"
            "    build_index(sys.argv[3:], sys.argv[1], cluster=sys.argv[2], on_progress=hold)\n")
    script = tmp_path / "build.py"
    script.write_text(code)
    proc = subprocess.Popen([sys.executable, str(script), str(ixdir), address, str(SAMPLE)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout.readline() == "writing\n"
    finally:
        proc.kill()
        proc.wait()
    command = f"cablesearch index {SAMPLE} --cluster {address} --index {ixdir}"
    found = CliRunner().invoke(cli, ["search", "police", "--index", str(ixdir)])
    assert found.exit_code == 1
    assert found.stderr.strip().splitlines() == [
        f"cablesearch: error: index at {ixdir} is not built yet: its first build stopped before it committed "
        f"anything; run `{command}` again"]
    again = CliRunner().invoke(cli, command.split()[1:] + ["-q"])
    assert again.exit_code == 0, again.output
    with CableIndex.open(ixdir) as ix:
        assert ix.search("*", all_versions=True).total > 100
