"""The Whoosh `Writer` (engine.base): cables and manifests added, a source file's documents deleted.

`open_writer` picks how a build writes: one segment writer in the building
process, or for big builds several Whoosh writer processes. Either way no
writer made here takes Whoosh's WRITELOCK (`compat.unlocked`): the engine's
`lock()` holds it for the whole run, so the writer can be chosen after planning.

A writer that fails (a full disk, a writer process killed or dead) fails the
run within seconds with `IndexWriteError`, never a commit without its
documents and never a wait on a dead process; `cancel` removes every file the
run wrote, so a failed run leaves the folder as its last commit left it.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import queue
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from whoosh.index import clean_files
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import SegmentWriter

from cablesearch.engine.whoosh import compat
from cablesearch.engine.whoosh.runs import BatchedPostingPool
from cablesearch.engine.whoosh.seal import segment_files
from cablesearch.engine.layout import cable_documents
from cablesearch.engine.whoosh.writer import LeanSegmentWriter
from cablesearch.errors import IndexWriteError
from cablesearch.model import Cable

#: Builds reading at least this many files index in several writer processes.
PARALLEL_WRITER_FILES = 100
#: Each writer's memory for pooled postings before it spills them to sort runs.
WRITER_LIMIT_MB = 256
#: The writer of new segments, in this process and in each writer process
#: (a test swaps in Whoosh's own to compare the two).
SEGMENT_WRITER: Any = LeanSegmentWriter
#: How long handing work to the writer processes waits before checking they are all alive.
WATCH_INTERVAL_S = 0.5


def open_writer(ix: Any, *, files: int, workers: int) -> tuple[WhooshWriter, int]:
    """A writer on the Whoosh index `ix` for `files` source files, and how many parsing
    processes to use with it (`workers`: what the machine offers). Call under the WRITELOCK."""
    # Segments are written as separate files, never as one compound `.seg` file: Whoosh reads a
    # file inside a compound segment by copying it whole into memory (`BufferFile(BytesIO(...))`),
    # so every reader would hold copies of the postings and stored records, where separate
    # files are memory-mapped and read on demand.
    if workers > 1 and files >= PARALLEL_WRITER_FILES and sys.platform == "linux":
        # Whoosh's writer, not parsing, is the bottleneck (about 1,400 postings a cable):
        # index in `workers` writer processes and parse here. Their segments are kept as
        # they are (multisegment) rather than merged at the end.
        writer = _OrphanSafeMpWriter(ix, procs=workers, multisegment=True,
                                     subargs={"limitmb": WRITER_LIMIT_MB, "compound": False},
                                     **compat.unlocked(compound=False, limitmb=WRITER_LIMIT_MB))
        return WhooshWriter(writer, ix), 1
    writer = SEGMENT_WRITER(ix, **compat.unlocked(limitmb=WRITER_LIMIT_MB, compound=False))
    return WhooshWriter(writer, ix), workers


class WhooshWriter:
    """`engine.base.Writer` on one Whoosh writer of the index `ix`; nothing is visible to readers
    until `commit`, and `cancel` leaves the folder as the last commit left it."""

    def __init__(self, writer: Any, ix: Any) -> None:
        self._writer = writer
        self._index = ix
        self._deleter = _Deleter(writer)
        self._parts: list[Any] = []

    def add_cable(self, cable: Cable, key: str, src: str) -> None:
        """A cable's document and its paragraphs' documents (`layout.cable_documents`)."""
        for doc in cable_documents(cable, key, src):
            self._writer.add_document(**doc)

    def add_file(self, manifest: dict[str, Any]) -> None:
        """A source file's manifest document: `manifest` (its `src`, size, mtime, ...) as a `file`
        document keyed `file:<src>`."""
        self._writer.add_document(kind="file", key="file:" + manifest["src"], **manifest)

    def delete_source(self, src: str) -> None:
        """Every document read from `src`, deleted as of the commit."""
        self._deleter.delete(src)

    def add_part(self, part: Any) -> None:
        """A segment a `WhooshPartWriter` wrote into this index's folder since this writer was
        opened: listed in the commit's table of contents after this writer's own.
        IndexWriteError when none of its files is in the folder (a worker that joined after the
        build's check wrote it into a folder of its own at the same path): a commit listing it
        would be unreadable."""
        if part is None:
            return
        folder = self._index.storage.folder  # (FileStorage's own attribute)
        if not segment_files(Path(folder), [part.segment_id()]):
            raise IndexWriteError(f"a worker wrote its part of the index where this process cannot see it (no file "
                                  f"of segment {part.segment_id()} in {Path(folder)}): the index folder must be on "
                                  f"storage every worker shares, at the same path")
        self._parts.append(part)

    def commit(self) -> None:
        self._deleter.close()
        if self._parts:
            compat.commit_with_segments(self._writer, self._parts)
        self._writer.commit()

    def cancel(self) -> None:
        """Drop what this writer added and remove the files it wrote: new segments' files, sort
        runs, job files. Best effort (a disk may be full): never raises."""
        self._deleter.close()
        with contextlib.suppress(Exception):  # best effort: it runs while another error propagates
            self._writer.cancel()
        _remove_unfinished(self._index)


class WhooshPartWriter:
    """`engine.base.PartWriter`: one new segment of the index `ix`, written by a process other
    than the run's (a worker of a cluster build) while the run holds the WRITELOCK; it takes
    none. The segment's files sit unused in the folder until the run's writer is given the
    segment (`WhooshWriter.add_part`) and commits; `cancel` removes them, and a commit that
    does not list them removes those of a worker killed mid-part (Whoosh's `clean_files`)."""

    def __init__(self, ix: Any) -> None:
        self._writer = SEGMENT_WRITER(ix, **compat.unlocked(limitmb=WRITER_LIMIT_MB, compound=False))

    def add_cable(self, cable: Cable, key: str, src: str) -> None:
        for doc in cable_documents(cable, key, src):
            self._writer.add_document(**doc)

    def finish(self) -> Any:
        """The segment, written out (a picklable Whoosh `Segment`), or None when no cable was added."""
        return compat.finish_segment(self._writer)

    def cancel(self) -> None:
        """Stop writing: the segment's files closed and removed (best effort: never raises)."""
        with contextlib.suppress(Exception):  # it runs while another error propagates
            compat.close_segment(self._writer)
            folder = Path(self._writer.storage.folder)
            for name in segment_files(folder, [self._writer.newsegment.segment_id()]):
                (folder / name).unlink(missing_ok=True)


def _remove_unfinished(ix: Any) -> None:
    """Remove every file of `ix`'s folder that its last commit does not use. Called under the
    write lock, where only the cancelled writer can have made such files (and a cluster build's
    workers, which the build has stopped before it cancels)."""
    with contextlib.suppress(Exception):  # best effort: a folder removed under the run has nothing to clean
        toc = compat.read_toc(ix)
        clean_files(ix.storage, ix.indexname, toc.generation, toc.segments)
        shutil.rmtree(Path(ix.storage.folder) / f"{ix.indexname}.tmp", ignore_errors=True)


class _Deleter:
    """Deletes a source file's documents, reading the `src` term's postings of each segment
    straight from its term file.

    Whoosh's `delete_by_term` opens a searcher on every segment per call; with one searcher
    kept for the run it would still copy each segment's set of deleted documents into a new
    frozenset per segment per call (`SegmentReader.postings`), a set that grows with every
    deletion. A document deleted twice stays deleted, so the postings need no filter.
    Without `compat.FAST_PATHS` it is Whoosh's `delete_by_term`.
    """

    def __init__(self, writer: Any) -> None:
        self.writer = writer
        self.reader: Any = None
        self.leaves: list[tuple[Any, int]] = []
        self._fast = compat.FAST_PATHS  # decided once: one run never mixes the two

    def delete(self, src: str) -> None:
        if not self._fast:
            self.writer.delete_by_term("src", src)
            return
        if self.reader is None:
            self.reader = self.writer.reader()
            self.leaves = self.reader.leaf_readers()
        for leaf, offset in self.leaves:
            text = compat.term_bytes(leaf, "src", src)
            if ("src", text) not in leaf:
                continue
            for docnum in compat.raw_postings(leaf, "src", text).all_ids():
                self.writer.delete_document(offset + docnum)

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()
            self.reader = None
            self.leaves = []


class _WriterTask(SubWriterTask):
    """A Whoosh writer process that dies with the build, and that reports its own failure.

    Forked writer processes inherit the index's write lock; if the build is
    killed (SIGKILL) they would wait for work forever and hold the lock, so
    every later `cablesearch index` would be refused. The kernel kills them
    when their parent dies instead (Linux prctl PR_SET_PDEATHSIG). A writer
    that fails puts its one-line reason on `errors` and exits with status 1,
    printing no traceback: the parent turns the reason into the run's error.
    """

    parent_pid = 0  # set in the parent before the fork
    errors: Any = None  # the parent's queue of failure reasons, set before the fork

    def run(self) -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != self.parent_pid:  # the parent died before prctl took effect
            os._exit(1)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle: it cancels us
        try:
            compat.use_segment_writer(SEGMENT_WRITER)  # this process's copy of the module only
            super().run()
        except BaseException as exc:
            try:
                self.errors.put(_reason(exc))
            finally:
                os._exit(1)


def _reason(exc: BaseException) -> str:
    """An exception as one short line: an OSError's own words ("No space left on device")."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return f"{type(exc).__name__}: {exc}"


class _WatchedQueue:
    """A writer's job queue whose `put` never waits on dead processes: while there is no room,
    it checks every `WATCH_INTERVAL_S` that the writer processes are alive (`check` raises)."""

    def __init__(self, jobs: Any, check: Callable[[], None]) -> None:
        self._jobs = jobs
        self._check = check

    def put(self, item: Any) -> None:
        self._check()
        while True:
            try:
                self._jobs.put(item, timeout=WATCH_INTERVAL_S)
                return
            except queue.Full:
                self._check()

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._jobs.get(*args, **kwargs)


class _OrphanSafeMpWriter(MpWriter):
    """Whoosh's multi-process writer whose writer processes die with the build, whose failures
    end the run, and whose own pool (it merges small segments at commit) writes its sort runs
    in batches."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.errors = multiprocessing.SimpleQueue()
        self.jobqueue = _WatchedQueue(self.jobqueue, self.check_tasks)
        if compat.FAST_PATHS:  # the pool's run format overrides two of its private hooks
            self.pool = BatchedPostingPool(self.pool)

    def _new_task(self) -> SubWriterTask:
        # Overrides MpWriter's private hook (listed in compat): starts a `_WriterTask`.
        return compat.start_writer_task(self, _WriterTask, parent_pid=os.getpid(), errors=self.errors)

    def check_tasks(self, *, finished: bool = False) -> None:
        """IndexWriteError when a writer process has exited with a failure, or (`finished`: all
        of them should have exited by now) has not exited cleanly."""
        for task in self.tasks:
            code = task.exitcode
            if code == 0 or (code is None and not finished):
                continue
            if not self.errors.empty():
                raise IndexWriteError(f"a writer process failed: {self.errors.get()}")
            if code is None:
                raise IndexWriteError("a writer process did not finish")
            if code < 0:
                raise IndexWriteError(f"a writer process was killed ({signal.Signals(-code).name})")
            raise IndexWriteError(f"a writer process exited with status {code}")

    def _commit_toc(self, segments: Any) -> None:
        # Overrides SegmentWriter's private hook (listed in compat), which MpWriter calls with
        # the segments its writer processes returned: a process that died returned none, so
        # committing then would drop its documents without a word.
        self.check_tasks(finished=True)
        super()._commit_toc(segments)

    def cancel(self) -> None:
        # MpWriter's cancel only flags its copies of the task objects: stop the processes.
        for task in self.tasks:
            if task.is_alive():
                task.kill()
        for task in self.tasks:
            task.join(5)
        SegmentWriter.cancel(self)
