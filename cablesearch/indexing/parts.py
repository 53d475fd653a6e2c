"""A cluster build's cables written into the index by the workers themselves (engines whose
`writes_parts`: Whoosh), for `indexing.cluster`.

The small files are cut into a few long runs of consecutive files, "parts" (`part_jobs`). Each
part is one Dask task: a worker reads and parses the part's files and writes their cables
with the engine's `PartWriter` into the index folder, which every worker shares with the
coordinator; it returns the part's handle (a Whoosh segment) and each file's summary
(`FileResult.written`, no cables). The coordinator, which holds the index's lock, hands each
part to its writer (`Writer.add_part`) and writes the files' manifest documents itself; its
commit makes every part visible at once, as Whoosh's multi-process writer commits the
segments of its writer processes. The coordinator's writer never touches a posting of these
cables: the build's whole Python cost per posting runs on the workers.

Why few, long parts: each part is a segment, and a Whoosh search visits every segment; a
part is also the work a worker killed mid-part loses (Dask runs it again elsewhere; the
killed attempt's files are removed by the commit, which does not list them).

Progress: a worker tells, about every `TELL_EVERY_S`, which of its part's files it has
written (a Dask event on the build's own topic); the coordinator turns that into the same
one-call-per-file `Progress` as a local build, each file counted once even when its part
runs again.
"""

from __future__ import annotations

import contextlib
import math
import os
import pickle
import queue
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cablesearch.errors import IndexWriteError
from cablesearch.indexing.files import FileResult, Job, OnProgress, Tally, ocr_mode, read_batch, write_cables

#: The fewest parts each worker thread gets (where there are files enough), so that the
#: threads share the files evenly.
PARTS_PER_THREAD = 2
#: The fewest files in a part: a small run writes one small segment, not a segment per file.
PART_MIN_FILES = 64
#: The most files in a part, whatever the cluster's size when the build starts (a batch
#: system may add workers later): what a worker killed near a part's end loses.
PART_MAX_FILES = 25_000
#: How often a worker tells the coordinator how far it is, and the coordinator listens.
TELL_EVERY_S = 0.5
#: zlib level of the returned summaries.
COMPRESSION = 1


@dataclass(frozen=True)
class Parts:
    """Where and how a build's workers write their parts: the engine's name, the index folder's
    absolute path (on storage every worker shares), the index's `PeopleAliases`, and the run
    writer's `add_part`, which takes each part as it comes back."""

    engine: str
    folder: str
    people: Any
    add: Callable[[Any], None]


def part_jobs(jobs: list[Job], threads: int) -> list[list[Job]]:
    """`jobs` cut into consecutive parts: `PARTS_PER_THREAD` per worker thread, each of
    `PART_MIN_FILES` to `PART_MAX_FILES` files (fewer parts for few files, more for many)."""
    if not jobs:
        return []
    count = min(threads * PARTS_PER_THREAD, math.ceil(len(jobs) / PART_MIN_FILES))
    count = max(1, count, math.ceil(len(jobs) / PART_MAX_FILES))
    size = math.ceil(len(jobs) / count)
    return [jobs[i:i + size] for i in range(0, len(jobs), size)]


def write_part(jobs: list[Job], ocr: str | None, engine: str, folder: str, people: Any, topic: str,
               number: int, stop: str) -> bytes | str:
    """Worker: `jobs`' files read, parsed and their cables written into a new part of the index
    in `folder` (`files.write_cables`, the index's `people` aliases applied); returns the part's
    handle and each file's `FileResult` (`written`, no cables), pickled and zlib-compressed.
    Tells the build's `topic` how far it is: (`number`, index of a first file, [(cables, bytes,
    OCR cables) of each file from it]). `ocr`: the build's `$CABLESEARCH_OCR`.

    Never raises: a failure is returned as its one-line reason (a str), and so is a part the
    build stopped (the Dask Event named `stop` set, looked at as it starts and each time it
    tells), its files removed, so that no worker writes into the folder after the build has
    ended."""
    from cablesearch.engine import engine_class
    from cablesearch.read import text_path

    if _stopped(stop):  # started after the build ended
        return STOPPED
    try:
        writer = engine_class(engine).part_writer(Path(folder))
    except Exception as exc:  # noqa: BLE001 - the reason goes back as the part's answer
        return f"a worker could not open the index in {folder}: {_why(exc)}"
    done: list[FileResult] = []
    told, last = 0, time.monotonic()
    try:
        with ocr_mode(ocr):
            for job in jobs:
                (result,) = read_batch([job])
                count, ocr_cables = write_cables(writer, result.cables, text_path(result.src), people)
                done.append(FileResult(result.src, result.size, result.mtime, result.sha1, [], result.skips,
                                       count, ocr_cables, written=True))
                if time.monotonic() - last >= TELL_EVERY_S:
                    if _stopped(stop):
                        writer.cancel()
                        return STOPPED
                    _tell(topic, (number, told, [(r.count, r.size, r.ocr_count) for r in done[told:]]))
                    told, last = len(done), time.monotonic()
        part = writer.finish()
    except Exception as exc:  # noqa: BLE001 - as above
        writer.cancel()
        return f"a worker could not write its part of the index in {folder}: {_why(exc)}"
    except BaseException:
        writer.cancel()
        raise
    return zlib.compress(pickle.dumps((done, part), protocol=pickle.HIGHEST_PROTOCOL), COMPRESSION)


#: What a part the build stopped answers.
STOPPED = "stopped"


def _why(exc: BaseException) -> str:
    """An exception in a few words, on one line: an OSError's own words ("No space left on
    device"), else its type and message."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {text}" if text and not isinstance(exc, OSError) else text or type(exc).__name__
    return text if len(text) < 200 else text[:197] + "..."


def _stopped(name: str) -> bool:
    """Worker: whether the build has set its stop Event (False when the scheduler cannot say)."""
    from distributed import Event

    try:
        return bool(Event(name).is_set())
    except Exception:  # noqa: BLE001 - a part is never failed by the question
        return False


def _tell(topic: str, message: Any) -> None:
    """Worker: `message` sent to the coordinator's `topic` (never fails a part)."""
    from distributed import get_worker

    with contextlib.suppress(Exception):
        get_worker().log_event(topic, message)


class PartsTally(Tally):
    """A build's progress (`files.Tally`) with files its workers have written into parts,
    counted as the workers tell, then as each part comes back, before the files the
    coordinator streams itself (`took`). A file is counted once, even when its part is run
    again after a worker died."""

    def __init__(self, jobs: list[Job], progress: OnProgress | None) -> None:
        super().__init__(jobs, progress)
        self.counted: dict[int, int] = {}  # part number -> its files counted

    def heard(self, number: int, first: int, files: list[tuple[int, int, int]]) -> None:
        """A worker told that the files of part `number` from its `first` on are written."""
        seen = self.counted.get(number, 0)
        if first > seen:  # an earlier message is late: the part's summary will count them
            return
        for cables, size, ocr in files[seen - first:]:
            self.one(cables, size, ocr)
        self.counted[number] = max(seen, first + len(files))

    def finished(self, number: int, results: list[FileResult]) -> None:
        """Part `number` came back: its files not counted yet are."""
        for r in results[self.counted.get(number, 0):]:
            self.one(r.count, r.size, r.ocr_count)
        self.counted[number] = len(results)


def written(cluster: Any, jobs: list[Job], parts: Parts, tally: PartsTally, threads: int) -> Iterator[FileResult]:
    """Every job's file written into a part by the cluster's workers, its `FileResult`
    (`written`) yielded once its part is back and given to `parts.add`, parts in the order
    they finish. When the caller stops early (or this fails), the parts still running are
    stopped and waited for (at most `STOP_WAIT_S`), so none writes into the folder after the
    build has ended. IndexWriteError when a part cannot be written (its workers kept dying; the
    folder could not be written) or the scheduler is lost."""
    from distributed import Event

    client = cluster.client
    ocr = os.environ.get("CABLESEARCH_OCR")
    topic = f"cablesearch-{uuid.uuid4().hex}"
    stop = Event(f"{topic}-stop", client=client)
    heard: queue.SimpleQueue[Any] = queue.SimpleQueue()  # workers' messages, from Dask's thread
    ended: queue.SimpleQueue[Any] = queue.SimpleQueue()  # futures done, from Dask's thread
    client.subscribe_topic(topic, lambda event: heard.put(event[1]))
    futures: dict[Any, tuple[int, list[Job]]] = {}
    for number, chunk in enumerate(part_jobs(jobs, threads)):
        future = client.submit(write_part, chunk, ocr, parts.engine, parts.folder, parts.people, topic, number,
                               stop.name, pure=False)
        futures[future] = (number, chunk)
        future.add_done_callback(ended.put)
    pending = set(futures)
    try:
        while pending:
            try:
                future = ended.get(timeout=TELL_EVERY_S)
            except queue.Empty:
                future = None
            while not heard.empty():
                tally.heard(*heard.get())
            if future is None:
                continue
            pending.discard(future)
            number, chunk = futures[future]
            blob = answer(future, "writing", chunk, cluster.address)
            if isinstance(blob, str):  # the part's one-line failure
                raise IndexWriteError(blob)
            results, part = pickle.loads(zlib.decompress(blob))
            parts.add(part)
            tally.finished(number, results)
            yield from results
    finally:
        if pending:
            _stop(client, stop, pending)
        with contextlib.suppress(Exception):
            client.unsubscribe_topic(topic)


def answer(future: Any, doing: str, jobs: list[Job], address: str) -> Any:
    """A batch's or part's result (`doing` its files: "parsing", "writing"), its future released.
    IndexWriteError, in one line, when the workers running it kept dying or the scheduler at
    `address` is lost."""
    from distributed import KilledWorker

    try:
        result = future.result()
    except KilledWorker:
        raise IndexWriteError(f"the workers {doing} {len(jobs)} files from {jobs[0][0]} on died each time (out of "
                              f"memory, or killed)") from None
    except (OSError, TimeoutError) as exc:
        raise IndexWriteError(f"lost the Dask scheduler at {address}: {_why(exc)}") from None
    future.release()
    return result


#: How long a build that ends early waits for its running parts to stop writing.
STOP_WAIT_S = 30.0


def _stop(client: Any, stop: Any, pending: set[Any]) -> None:
    """Stop the parts `pending`: with `stop` set, a part not started yet ends as it starts, and
    one running ends within `TELL_EVERY_S` of a file, removing what it wrote; they are waited
    for here at most `STOP_WAIT_S`, then cancelled (a worker that dies meanwhile writes nothing
    more)."""
    with contextlib.suppress(Exception):
        stop.set()
    deadline = time.monotonic() + STOP_WAIT_S
    for future in pending:
        with contextlib.suppress(Exception):  # a part that failed or was lost has stopped too
            future.result(timeout=max(0.0, deadline - time.monotonic()))
    with contextlib.suppress(Exception):
        client.cancel(list(pending))


#: Why the index folder must be shared, in the one-line error when it is not.
SHARED = ("with the Whoosh engine, workers write the index there, so it must be on storage every worker shares, "
          "at the same path")


def folder_problem(folder: str, token: str, content: str) -> str:
    """Worker: what is wrong with writing the index folder here ('' when nothing): the file
    `token` the coordinator wrote there must read `content`, and a new file must be writable."""
    try:
        with open(os.path.join(folder, token), encoding="utf-8") as f:
            seen = f.read()
    except OSError as exc:
        return f"cannot see the index folder {folder} ({exc.strerror or exc}): {SHARED}"
    if seen != content:
        return f"sees another {folder} than the index folder: {SHARED}"
    probe = os.path.join(folder, f"{token}.{uuid.uuid4().hex}")  # workers in containers share pids
    try:
        with open(probe, "w", encoding="utf-8"):
            pass
        os.unlink(probe)
    except OSError as exc:
        return f"cannot write the index folder {folder} ({exc.strerror or exc}): {SHARED}"
    return ""
