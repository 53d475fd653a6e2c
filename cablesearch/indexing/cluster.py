"""A build's files read and parsed (and, with Whoosh, written) by the workers of a Dask cluster
(`index --cluster ADDRESS`).

Only this module imports Dask (the `[cluster]` extra), and only `indexing.write` imports this
module, when a build names a cluster: `import cablesearch` never loads Dask.

The coordinator (the process running the build) does everything a local build does -- plans
(incremental, prune, copies, skips), holds the index's lock, writes the manifest and commits
through the engine's writer -- except reading and parsing the small files, and, with an
engine whose `writes_parts` (Whoosh), writing their cables:

* Whoosh: the workers write the cables themselves, a few long parts of the files each, into
  the index folder, which they must share (`indexing.parts`); the coordinator's commit makes
  the parts visible, as Whoosh's own multi-process writer commits its processes' segments.
* Tantivy: the files go to the workers in batches (`files.read_batch`, a pure function of the
  files). Each batch comes back as one compact record, its `FileResult`s pickled and
  zlib-compressed, handed to the writer in job order: the coordinator's writer (Rust, several
  threads) takes the same documents in the same order as a local build.

Either way the index answers every query as a local build's does. Files bigger than
`files.STREAM_BYTES` are streamed by the coordinator, as in a local build.

ADDRESS is `local:N` (a `LocalCluster` of N worker processes on this machine, closed with the
build) or a scheduler's address (`tcp://host:8786`; also `tls://`, `ws://`, `wss://`, `ucx://`).
Every worker must read the files at the same paths as the coordinator (shared storage): before
the build each worker is asked for the size and mtime of a few of them (and, with Whoosh, to
read and write the index folder), and a worker that sees other files, or none, or runs
another cablesearch, ends the run in one line (ClusterError).

Faults: a worker that dies mid-batch (or mid-part) has it run again on another worker by Dask
(`distributed.scheduler.allowed-failures` times): the same files, the same cables. A batch that
keeps killing workers, or a scheduler lost, ends the run with IndexWriteError, committing
nothing. A coordinator killed takes its client (and a `local:N` cluster's workers) with it;
the index keeps its last commit and its lock dies with the process, as in a local build.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import itertools
import logging
import os
import pickle
import re
import signal
import threading
import uuid
import zlib
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cablesearch.errors import ClusterError, UsageError
from cablesearch.indexing.files import (FileResult, Job, OnProgress, counted, ocr_mode, read_batch, split_jobs,
                                        streamed)
from cablesearch.indexing.parts import Parts, PartsTally, answer, folder_problem, written

#: What to install for `--cluster`, in the one-line error when Dask is missing.
INSTALL = "pip install 'cablesearch[cluster]'"
#: `local:N`: a cluster of N worker processes on this machine.
LOCAL = re.compile(r"local:([1-9][0-9]{0,2})")
#: A scheduler's address.
REMOTE = re.compile(r"(tcp|tls|ws|wss|ucx)://[^\s/]+(:[0-9]{1,5})?/?")
#: How long to wait for a remote scheduler to answer.
CONNECT_TIMEOUT_S = float(os.environ.get("CABLESEARCH_CLUSTER_TIMEOUT", "10"))
#: How long closing the client, and a `local:N` cluster, may take at the end of a build.
CLOSE_TIMEOUT_S = 10.0
#: How long to wait for a scheduler's workers to join (a batch system may take a while).
WORKER_WAIT_S = float(os.environ.get("CABLESEARCH_CLUSTER_WAIT", "600"))
#: How many workers to wait for before building: the files are shared out among the workers
#: there when the build starts (with Whoosh, once and for all).
WORKERS_WANTED = int(os.environ.get("CABLESEARCH_CLUSTER_WORKERS", "1") or 1)
#: The most files in one batch (a batch is one Dask task: it should take a good fraction of a second).
BATCH_FILES = 64
#: The fewest batches per worker thread a build is cut into, so that the workers share the files evenly.
BATCHES_PER_THREAD = 4
#: Batches handed out per worker thread and not yet taken by the writer: enough to keep every
#: worker busy, few enough that a slow writer cannot pile the corpus up in memory.
PENDING_PER_THREAD = 3
#: Every this many batches, the window is sized again to the threads the cluster has then.
RESIZE_EVERY = 32
#: Files whose size and mtime each worker is asked for before the build.
PROBE_FILES = 3
#: zlib level of the compact records: 1 makes a batch about 4 times smaller than its pickle.
COMPRESSION = 1


def check_address(address: str) -> str:
    """`address` if it names a cluster (`local:N` or a scheduler's URL); UsageError otherwise."""
    if LOCAL.fullmatch(address) or REMOTE.fullmatch(address):
        return address
    raise UsageError(f"--cluster takes a scheduler's address (tcp://host:8786) or local:N, not {address!r}")


def require() -> None:
    """UsageError, in one line, when Dask's `distributed` package is not installed."""
    try:
        importlib.import_module("distributed")
    except ImportError:
        raise UsageError(f"building on a cluster needs Dask's distributed package: {INSTALL}") from None


@dataclass
class Cluster:
    """A connection to a Dask cluster for one build: its client, its address, the LocalCluster
    it started (None for a remote scheduler). `connect` opens it; `close` ends what it started."""

    client: Any
    address: str
    local: Any = None

    def command_address(self) -> str | None:
        """The address as `index --cluster` takes it; None for a cluster known by no such
        address (a `Client` of a scheduler object)."""
        return self.address if LOCAL.fullmatch(self.address) or REMOTE.fullmatch(self.address) else None

    def threads(self) -> int:
        """How many worker threads the scheduler has now (at least 1)."""
        return max(1, sum(self.client.nthreads().values()))

    def close(self) -> None:
        """Close the client, and stop the LocalCluster this build started; each bounded by
        `CLOSE_TIMEOUT_S`, so a build ending (Ctrl-C, a failure) never waits long on Dask."""
        with contextlib.suppress(Exception):
            self.client.close(timeout=CLOSE_TIMEOUT_S)
        if self.local is not None:
            with contextlib.suppress(Exception):
                self.local.close(timeout=CLOSE_TIMEOUT_S)


@contextlib.contextmanager
def connect(cluster: Any) -> Iterator[Cluster]:
    """A `Cluster` for `cluster`: an address; a Dask cluster object (`SLURMCluster`, `LocalCluster`:
    its `scheduler_address`); a `distributed.Client` the caller keeps open; or a `Cluster`
    already connected. Closed on exit when opened here. UsageError for an address of no known
    form, or without the extra installed; ClusterError when the scheduler cannot be reached or
    no worker joins it."""
    if isinstance(cluster, Cluster):  # connected already, by the caller's caller
        yield cluster
        return
    if not isinstance(cluster, str) and hasattr(cluster, "scheduler_address"):
        cluster = str(cluster.scheduler_address)
    if not isinstance(cluster, str):
        yield Cluster(cluster, str(getattr(getattr(cluster, "scheduler", None), "address", "the cluster")))
        return
    check_address(cluster)
    require()
    quiet = _quiet_logs()
    try:
        opened = _open(cluster)
        try:
            yield opened
        finally:
            opened.close()
    finally:
        quiet.close()


def _open(address: str) -> Cluster:
    """A client of the scheduler at `address`, or of a LocalCluster started for `local:N`."""
    from distributed import Client, LocalCluster

    local = LOCAL.fullmatch(address)
    if local:
        try:
            with _ctrl_c_left_to_the_build():
                lc = LocalCluster(n_workers=int(local.group(1)), threads_per_worker=1, processes=True,
                                  dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"could not start a local cluster: {_reason(exc)}") from None
        except RuntimeError:  # "Nanny failed to start": its processes ended (`files.end_if_starting`)
            raise ClusterError(f"could not start a local cluster: its worker processes ended while starting; "
                               f"a Python script that builds on {address} must call build_index under "
                               f"`if __name__ == \"__main__\":` (Python's rule for scripts that start "
                               f"processes)") from None
        try:
            return Cluster(Client(lc, set_as_default=False), address, lc)
        except BaseException:
            lc.close()
            raise
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"could not reach the Dask scheduler at {address}: {_reason(exc)}") from None
    opened = Cluster(client, address)
    try:
        client.wait_for_workers(max(1, WORKERS_WANTED), timeout=WORKER_WAIT_S)
    except (OSError, TimeoutError):
        opened.close()
        if WORKERS_WANTED > 1:
            raise ClusterError(f"fewer than {WORKERS_WANTED} Dask workers ($CABLESEARCH_CLUSTER_WORKERS) joined the "
                               f"scheduler at {address} within {WORKER_WAIT_S:g} s") from None
        raise ClusterError(f"no Dask worker joined the scheduler at {address} within {WORKER_WAIT_S:g} s") from None
    except BaseException:
        opened.close()
        raise
    return opened


@contextlib.contextmanager
def _ctrl_c_left_to_the_build() -> Iterator[None]:
    """SIGINT ignored while a `local:N` cluster starts its worker processes, which keep it
    ignored (Python leaves an ignored SIGINT alone): Ctrl-C, sent to every process of the
    terminal's job, is the build's to handle (it stops them), so no worker prints a traceback.
    Outside the main thread, where no handler can be set, nothing is changed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def read_files(cluster: Cluster, jobs: list[Job], progress: OnProgress | None,
               parts: Parts | None = None) -> Iterator[FileResult]:
    """Every job's file read and parsed, small files by the cluster's workers, big ones streamed
    here after them; `progress` as in `files.read_files`. Without `parts`, the workers parse
    batches and results come in job order, cables and all; with them, the workers also write
    the cables into parts of the index (`indexing.parts`) and results come as parts finish,
    without cables (`FileResult.written`). ClusterError when a worker cannot see the files
    (or, with `parts`, write the index folder); IndexWriteError when a batch or part cannot
    be done (its workers kept dying) or the scheduler is lost."""
    small, big = split_jobs(jobs)
    if small:
        probe(cluster, small, parts.folder if parts is not None else None)
    if parts is None:
        yield from counted(itertools.chain(_batched(cluster, small), streamed(big)), jobs, progress)
        return
    tally = PartsTally(jobs, progress)
    if small:
        yield from written(cluster, small, parts, tally, cluster.threads())
    yield from tally.took(streamed(big))


def batches(jobs: list[Job], threads: int) -> list[list[Job]]:
    """`jobs` cut into consecutive batches: at least `BATCHES_PER_THREAD` per worker thread where
    there are files enough, at most `BATCH_FILES` files each."""
    size = max(1, min(BATCH_FILES, len(jobs) // (threads * BATCHES_PER_THREAD) or 1))
    return [jobs[i:i + size] for i in range(0, len(jobs), size)]


def probe(cluster: Cluster, jobs: list[Job], folder: str | None = None) -> None:
    """ClusterError, in one line, unless every worker parses with the same code as this process
    (`parser_digest`) and sees the first, middle and last of `jobs` at the coordinator's paths
    with the same sizes and mtimes; with a `folder` (the index's, for workers that write parts),
    unless every worker reads there a file this process wrote, and can write there."""
    sample = [jobs[i] for i in sorted({0, len(jobs) // 2, len(jobs) - 1})][:PROBE_FILES]
    token = content = None
    writes = folder is not None
    if folder is not None:
        for stale in Path(folder).glob(f"{PROBE_PREFIX}*"):  # left by a build killed while probing
            stale.unlink(missing_ok=True)
        content = uuid.uuid4().hex
        token = f"{PROBE_PREFIX}{content}"
        Path(folder, token).write_text(content, encoding="utf-8")
    try:
        answers = cluster.client.run(_probe, sample, parser_digest(writes), folder, token, content)
    except Exception as exc:  # the function cannot even be unpickled there: no cablesearch
        raise ClusterError(f"could not run cablesearch on the workers of {cluster.address} "
                           f"({_reason(exc)}): install this cablesearch on each") from None
    finally:
        if token is not None:
            Path(folder, token).unlink(missing_ok=True)
    for worker, problem in sorted(answers.items()):
        if problem:
            raise ClusterError(f"worker {worker} {problem}")


#: What reading and parsing depend on, under the package folder: two installs with the same
#: files here make the same cables from the same file.
PARSER_CODE = ("read", "parse", "data", "model.py", "text.py")
#: What writing a part of the index depends on besides: the engines' code (and the search
#: library's version, `_library_versions`).
WRITER_CODE = ("engine", "fields.py")
#: The name of the file the probe writes in the index folder (a dot file: no engine's).
PROBE_PREFIX = ".cablesearch-probe-"


def parser_digest(writes: bool = False) -> str:
    """A SHA-1 of the readers', parser's and their data files' contents; with `writes` (workers
    that write parts of the index), of the engines' code and the search libraries' versions too."""
    package = Path(__file__).resolve().parents[1]
    h = hashlib.sha1()
    if writes:
        h.update(_library_versions().encode())
    for name in PARSER_CODE + (WRITER_CODE if writes else ()):
        top = package / name
        for path in sorted(top.rglob("*") if top.is_dir() else [top]):
            if path.is_file() and path.suffix != ".pyc":
                h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _library_versions() -> str:
    """The installed search libraries' versions ('-' for one not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("whoosh", "tantivy"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} -")
    return ", ".join(found)


def _probe(sample: list[Job], digest: str, folder: str | None = None, token: str | None = None,
           content: str | None = None) -> str:
    """Worker: what is wrong with reading `sample` here, or with writing the index `folder`
    (`parts.folder_problem`) ('' when nothing)."""
    if parser_digest(folder is not None) != digest:
        what = "readers, parser or index writer" if folder is not None else "readers or parser"
        return f"runs another version of cablesearch's {what}: install the same cablesearch everywhere"
    for path, _root, size, mtime in sample:
        try:
            st = os.stat(path)
        except OSError as exc:
            return (f"cannot read {path} ({exc.strerror or exc}): the files to index must be on storage "
                    f"every worker shares, at the same path")
        if (st.st_size, st.st_mtime) != (size, mtime):
            return (f"sees another {path} (size or mtime differs): the files to index must be on storage "
                    f"every worker shares, at the same path")
    if folder is not None and token is not None and content is not None:
        return folder_problem(folder, token, content)
    return ""


def parse_batch(jobs: list[Job], ocr: str | None) -> bytes:
    """Worker: `jobs`' files read and parsed (`files.read_batch`), as one compact record:
    their FileResults pickled and zlib-compressed. `ocr`: the build's `$CABLESEARCH_OCR`.
    Never raises for a file (a file that cannot be read or parsed is a Skip)."""
    with ocr_mode(ocr):
        results = read_batch(jobs)
    return zlib.compress(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL), COMPRESSION)


def _batched(cluster: Cluster, jobs: list[Job]) -> Iterator[FileResult]:
    """The results of `jobs`, in order, parsed in batches on the cluster with a bounded window of
    batches in flight; outstanding batches are cancelled when the caller stops early."""
    if not jobs:
        return
    threads = cluster.threads()
    todo = iter(batches(jobs, threads))
    window = threads * PENDING_PER_THREAD
    taken = 0
    ocr = os.environ.get("CABLESEARCH_OCR")
    client = cluster.client
    pending: deque[tuple[Any, list[Job]]] = deque()  # (future, its batch), in job order

    def refill() -> None:
        while len(pending) < window and (batch := next(todo, None)) is not None:
            pending.append((client.submit(parse_batch, batch, ocr, pure=False), batch))

    try:
        refill()
        while pending:
            future, batch = pending.popleft()
            blob = answer(future, "parsing", batch, cluster.address)
            taken += 1
            if taken % RESIZE_EVERY == 0:  # workers that joined (or left) since
                window = cluster.threads() * PENDING_PER_THREAD
            refill()  # before the writer takes this batch: the workers parse meanwhile
            yield from pickle.loads(zlib.decompress(blob))
    finally:
        if pending:
            with contextlib.suppress(Exception):
                client.cancel([future for future, _ in pending])


def _reason(exc: BaseException) -> str:
    """An exception in a few words, on one line."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) < 200 else text[:197] + "..."


class _quiet_logs:
    """Dask's own log lines (a worker restarted, a task retried) kept off the user's terminal
    for the build: a fault the build survives is not news, and one it does not is its one line."""

    def __init__(self) -> None:
        self.logger = logging.getLogger("distributed")
        self.level = self.logger.level
        self.logger.setLevel(logging.CRITICAL)

    def close(self) -> None:
        self.logger.setLevel(self.level)
