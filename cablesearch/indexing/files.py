"""Source files read and parsed for a build: in a pool of worker processes, or streamed.

Workers never raise: a file that cannot be read or parsed comes back as Skips. Results
come back in job order, at most `PENDING_PER_WORKER` per worker waiting for the writer.
A worker process that dies (killed, out of memory) ends the run with IndexWriteError
instead of leaving it waiting for that worker's file.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import hashlib
import itertools
import multiprocessing
import os
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from cablesearch.errors import IndexWriteError, ParseError
from cablesearch.model import Cable, Skip

#: (path, walk root, size, mtime): one file to read.
Job = tuple[str, str, int, float]


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a build stands, each time the writer has taken one more file."""

    files_done: int
    files_total: int
    cables: int  # written so far
    bytes_done: int  # the sizes of the files done
    bytes_total: int  # the sizes of every file this run reads
    ocr_cables: int = 0  # of `cables`, those whose text came (in part) from OCR of scanned pages


#: `on_progress`: called with a `Progress` after each file.
OnProgress = Callable[[Progress], None]
#: `progress`, the first form, kept: (files done, files to read, cables so far).
ProgressFn = Callable[[int, int, int], None]

#: Files bigger than this (a whole cables.csv: 1.7 GB) are read in the writing
#: process and written as they are parsed, so no list of all their cables is
#: ever held; smaller files go to the worker pool.
STREAM_BYTES = 32 * 1024 * 1024
#: Parsed files waiting for the writer, per worker: enough to keep the workers
#: busy, few enough that a slow writer cannot pile up the whole corpus in memory.
PENDING_PER_WORKER = 8


@dataclass
class FileResult:
    """One source file read: its identity, its cables and what was skipped in it."""

    src: str
    size: int
    mtime: float
    sha1: str
    cables: Iterable[Cable]  # a list from a worker; a generator for a streamed dump
    skips: list[Skip]
    count: int = 0  # cables written, set by the writer
    ocr_count: int = 0  # of them, those whose text came (in part) from OCR, set by the writer
    #: Its cables are written already, into a part of the index (`write_cables` on a cluster
    #: worker): `cables` is empty, `count` and `ocr_count` are set.
    written: bool = False


def cable_key(src: str, n: int) -> str:
    """The key of the `n`th cable (from 0) read from the source named `src`: unique per copy."""
    return f"{src}#{n}"


def write_cables(writer: Any, cables: Iterable[Cable], src: str, people: Any) -> tuple[int, int]:
    """Add `cables`, read from the source named `src`, to `writer` (an engine `Writer` or
    `PartWriter`), each with the names of `people` (the index's `PeopleAliases`) applied,
    then its lone surnames read as office holders (`with_office_holders`; not those the
    aliases name); returns (cables written, of them those whose text came in part from OCR)."""
    # Imported here: the extractor's package, which a search (importing this module) never needs.
    from cablesearch.parse.people.holders import with_office_holders

    count = ocr = 0
    for cable in cables:
        if cable.people:
            names = people.apply(cable.people) if people else cable.people
            names = with_office_holders(cable, names, keep=people.names if people else ())
            if people:
                names = people.apply(names)  # a name a reading gave may be one the user merged or suppressed
            if names != cable.people:
                cable = dataclasses.replace(cable, people=names)
        writer.add_cable(cable, cable_key(src, count), src)
        count += 1
        ocr += "ocr" in (cable.source.extraction or "")
    return count, ocr


def sha1(path: str) -> str:
    """The SHA-1 of a file's content, read a megabyte at a time."""
    h = hashlib.sha1()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def safe_sha1(path: str) -> str | None:
    """`sha1`, or None when the file cannot be read."""
    try:
        return sha1(path)
    except OSError:
        return None


def _iter_cables(path: str, root: str, skips: list[Skip]) -> Iterator[Cable]:
    """Read and parse one file; every failure becomes a Skip appended to `skips`."""
    # Imported here, not with the module: a search never reads or parses a file, and the
    # parser's and readers' modules would weigh on every CLI search's start-up.
    from cablesearch.parse import parse_raw
    from cablesearch.read import read_file

    try:
        for item in read_file(path, root):
            if isinstance(item, Skip):
                skips.append(item)
                continue
            try:
                yield parse_raw(item)
            except ParseError as exc:
                skips.append(Skip(item.source.path or path, str(exc)))
    except Exception as exc:  # a reader bug must cost one file, not the whole build
        skips.append(Skip(_shown(path), f"could not read: {type(exc).__name__}: {exc}"))


def _shown(path: str) -> str:
    """A path as a skip line stores and shows it (a name that is not UTF-8 escaped)."""
    from cablesearch.read import text_path

    return text_path(path)


def _open_file(job: Job, *, stream: bool) -> FileResult:
    path, root, size, mtime = job
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # only regular files are opened: a FIFO blocks
            return FileResult(path, size, mtime, "", [], [Skip(_shown(path), "not a regular file")])
        digest = sha1(path)
    except OSError as exc:
        return FileResult(path, size, mtime, "", [], [Skip(_shown(path), f"unreadable: {exc.strerror or exc}")])
    skips: list[Skip] = []
    cables = _iter_cables(path, root, skips)
    return FileResult(path, size, mtime, digest, cables if stream else list(cables), skips)


def _process_file(job: Job) -> FileResult:
    """Worker: read and parse one file. Never raises."""
    return _open_file(job, stream=False)


#: How often a parsing process checks that the build that started it is still there.
PARENT_CHECK_S = 1.0


#: Why a build's parsing processes could not start, when none ever did.
NOT_STARTED = ("its parsing processes could not start; a Python script that builds an index must call "
               "it under `if __name__ == \"__main__\":` (Python's rule for scripts that start processes)")


def end_if_starting() -> None:
    """End this process quietly if it is a parsing process still starting up: Python's
    multiprocessing runs the user's script again in each new process ("spawn", "forkserver"),
    and a script that calls `build_index` without `if __name__ == "__main__":` would build
    again from there. The build that started the process then says so in one line
    (NOT_STARTED), instead of a traceback per process."""
    if getattr(multiprocessing.current_process(), "_inheriting", False):  # multiprocessing's own test
        raise SystemExit(1)  # (not an Exception: the forkserver ends the process without a traceback)


def _end_with(parent: int, ocr: str | None = None, started: Any = None) -> None:
    """Parsing-process initializer: end this process soon after the build `parent` is gone,
    and leave Ctrl-C to the build (which stops the pool), so no worker prints a traceback.

    A build killed with SIGKILL cannot stop its pool, and the pool's processes, waiting on a
    queue whose pipe they hold both ends of, would live on forever (and keep the
    forkserver alive with them). `ocr` is the build's OCR mode (`$CABLESEARCH_OCR`), passed on
    because a forkserver started by an earlier build keeps the environment it started with.
    `started` (an Event) is set: one process at least got as far as this."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if started is not None:
        started.set()
    if ocr:
        os.environ["CABLESEARCH_OCR"] = ocr
    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_S)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # a process of another user took the number: ours is gone
                os._exit(1)

    threading.Thread(target=watch, name="end-with-build", daemon=True).start()


def _windowed(pool: ProcessPoolExecutor, jobs: list[Job], window: int, started: Any) -> Iterator[FileResult]:
    """Results of `jobs` in order, with at most `window` parsed files waiting for the writer
    (`started`: the Event the pool's processes set as they start)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # (started by `_start_all`)
    pending: collections.deque[Future[FileResult]] = collections.deque()
    todo = iter(jobs)
    try:
        for job in itertools.islice(todo, window):
            pending.append(pool.submit(_process_file, job))
        while pending:
            result = pending.popleft().result()
            job = next(todo, None)
            if job is not None:
                pending.append(pool.submit(_process_file, job))
            yield result
    except BrokenProcessPool:
        if _ended_starting(processes, started):
            raise IndexWriteError(NOT_STARTED) from None
        raise IndexWriteError("a parsing process died (killed, or out of memory)") from None


def _ended_starting(processes: list[Any], started: Any) -> bool:
    """Did the pool break because its processes ended themselves while starting (`end_if_starting`,
    exit status 1), none having started, rather than because one was killed (a signal)?"""
    codes = [p.exitcode for p in processes]
    return not started.is_set() and 1 in codes and -signal.SIGKILL not in codes


def _start_all(pool: ProcessPoolExecutor) -> None:
    """Start all of `pool`'s processes now, before any work is handed to it.

    Left to itself, a forkserver pool starts a process per `submit` while its manager thread
    runs; a process dying during such a start (CPython 3.11-3.13) makes the manager close
    the pipes being handed to the new process (an EBADF, and a traceback from the
    forkserver) or wait forever for a process it never told to stop. Started first, every
    process is known to the manager, which stops them all when one dies."""
    launch = getattr(pool, "_launch_processes", None)  # what the pool does itself under "fork"
    if launch is not None:
        launch()


def read_files(jobs: list[Job], workers: int | None, progress: OnProgress | None) -> Iterator[FileResult]:
    """Every job's file read and parsed, small files by `workers` processes, big ones streamed
    after them; `progress` is called after the writer has taken each file (its `count` set)."""
    n = workers or os.cpu_count() or 1
    small, big = split_jobs(jobs)
    pool = None
    if n <= 1 or len(small) < 8:
        results: Iterator[FileResult] = map(_process_file, small)
    else:
        ctx = multiprocessing.get_context("forkserver" if hasattr(os, "fork") else "spawn")
        started = ctx.Event()
        pool = ProcessPoolExecutor(n, mp_context=ctx, initializer=_end_with,
                                   initargs=(os.getpid(), os.environ.get("CABLESEARCH_OCR"), started))
        _start_all(pool)
        results = _windowed(pool, small, n * PENDING_PER_WORKER, started)
    try:
        yield from counted(itertools.chain(results, streamed(big)), jobs, progress)
    finally:
        if pool is not None:
            # Files not started are dropped; the ones in hand are a file per process, short.
            # (Not waiting for them leaves Python 3.11's pool threads writing to a closed
            # pipe at exit, a traceback on the user's terminal after Ctrl-C.)
            pool.shutdown(wait=True, cancel_futures=True)


def split_jobs(jobs: list[Job]) -> tuple[list[Job], list[Job]]:
    """`jobs` as (small files, for parsing processes; big ones, over `STREAM_BYTES`, to stream)."""
    return [j for j in jobs if j[2] <= STREAM_BYTES], [j for j in jobs if j[2] > STREAM_BYTES]


def streamed(big: list[Job]) -> Iterator[FileResult]:
    """Big files read in this process, each one's cables parsed as the writer takes them."""
    return (_open_file(job, stream=True) for job in big)


class _SharedOcrMode:
    """`$CABLESEARCH_OCR` for blocks of work that may run in several threads of one process (a
    Dask worker with several threads): the environment is the process's, so blocks of one mode
    run together and a block of another mode waits until they have ended; the last to end
    puts back the value from before the first."""

    def __init__(self) -> None:
        self._turn = threading.Condition()
        self._mode: str | None = None
        self._users = 0
        self._before: str | None = None

    @contextlib.contextmanager
    def __call__(self, ocr: str | None) -> Iterator[None]:
        with self._turn:
            while self._users and self._mode != ocr:
                self._turn.wait()
            if not self._users:
                self._before = os.environ.get("CABLESEARCH_OCR")
                if ocr:
                    os.environ["CABLESEARCH_OCR"] = ocr
                else:
                    os.environ.pop("CABLESEARCH_OCR", None)
            self._mode = ocr
            self._users += 1
        try:
            yield
        finally:
            with self._turn:
                self._users -= 1
                if not self._users:
                    if self._before is None:
                        os.environ.pop("CABLESEARCH_OCR", None)
                    else:
                        os.environ["CABLESEARCH_OCR"] = self._before
                    self._turn.notify_all()


#: `with ocr_mode(ocr):` -- `$CABLESEARCH_OCR` set to `ocr` (unset for None) for the block, then
#: as it was: a build's OCR mode, in a process that reads files for it (a cluster's worker
#: serves many builds, in one thread or several: `_SharedOcrMode`).
ocr_mode = _SharedOcrMode()


def read_batch(jobs: list[Job]) -> list[FileResult]:
    """Read and parse each of `jobs` (small files), in order, in this process. Never raises."""
    return [_process_file(job) for job in jobs]


class Tally:
    """A build's progress: one `Progress` call (`progress`) per file the writer has taken, in
    whatever order the files come."""

    def __init__(self, jobs: list[Job], progress: OnProgress | None) -> None:
        self.progress = progress
        self.total = len(jobs)
        self.bytes_total = sum(j[2] for j in jobs)
        self.done = self.cables = self.bytes_done = self.ocr = 0

    def took(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        """`results` passed on, each counted once the writer has taken it (its `count` set)."""
        for r in results:
            yield r
            self.one(r.count, r.size, r.ocr_count)

    def one(self, cables: int, size: int, ocr: int) -> None:
        """One more file taken, of `cables` cables (`ocr` of them from OCR) and `size` bytes."""
        self.done += 1
        self.cables += cables
        self.bytes_done += size
        self.ocr += ocr
        if self.progress:
            self.progress(Progress(self.done, self.total, self.cables, self.bytes_done, self.bytes_total, self.ocr))


def counted(results: Iterable[FileResult], jobs: list[Job], progress: OnProgress | None) -> Iterator[FileResult]:
    """`results` (one per job, in any order) passed on; `progress` is called after the writer has
    taken each one (its `count` set)."""
    return Tally(jobs, progress).took(results)
