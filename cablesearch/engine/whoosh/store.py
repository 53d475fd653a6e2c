"""An index folder opened with Whoosh: `WhooshEngine`, the `Engine` of engine.base.

The Whoosh index is the one named `INDEX_NAME` inside the folder, its files read
through memory maps (`MappedStorage`); searchers score with `SegmentLengthBM25F`.

Crash-safe: Whoosh writes new segments and then switches the table of contents
with an atomic rename, so until a writer's `commit()` returns, readers (and a
process killed at any moment) see the previous committed index. The write lock
is Whoosh's WRITELOCK, an fcntl lock, which the kernel releases when its process
dies, so a killed build never leaves a lock behind.

Damage: each commit is sealed (`seal.py`: every file's size and CRC-32); opening compares
the files' sizes with the seal, and every read runs under a `Guard`, so a damaged file
gives IndexDamagedError naming it, never a traceback from inside Whoosh. `check` (`index
--check`) verifies every file (`verify.py`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.util.filelock import try_for

from cablesearch.engine.base import StorageCheck, describe
from cablesearch.engine.whoosh import compat
from cablesearch.engine.whoosh.docwriter import WhooshPartWriter, WhooshWriter, open_writer
from cablesearch.engine.whoosh.guard import Guard
from cablesearch.engine.whoosh.reader import WhooshReader
from cablesearch.engine.whoosh.schema import SCHEMA_VERSION, build_schema
from cablesearch.engine.whoosh.scoring import SegmentLengthBM25F
from cablesearch.engine.whoosh.seal import (ENGINE_FILE_RE, INDEX_NAME, latest_toc, sealed_damage, segment_files,
                                            write_seal)
from cablesearch.engine.whoosh.storage import MappedStorage
from cablesearch.engine.whoosh.verify import check_folder
from cablesearch.errors import IndexDamagedError, IndexUnavailableError

__all__ = ["INDEX_NAME", "WhooshEngine"]


class WhooshEngine:
    """An index folder opened with Whoosh (`engine.base.Engine`)."""

    name = "whoosh"
    #: The version of the documents this engine writes and reads (`schema.SCHEMA_VERSION`).
    schema_version = SCHEMA_VERSION
    #: Other processes sharing the folder can write parts of a run's commit (`part_writer`).
    writes_parts = True

    def __init__(self, path: Path, ix: Any) -> None:
        self.path = path
        #: The Whoosh index (engine-internal: the read side and tests reach Whoosh through it).
        self.index = ix
        self._guard = Guard(path)
        self._searcher: Any = None
        self._reader: WhooshReader | None = None

    # -- the folder ------------------------------------------------------------------------
    @staticmethod
    def exists(path: Path) -> bool:
        """Whether the folder `path` holds this engine's index (a committed table of contents);
        IndexUnavailableError when one is there but cannot be read."""
        try:
            return whoosh_index.exists_in(str(path), indexname=INDEX_NAME)
        except Exception as exc:  # Whoosh unpickles the schema to answer: a damaged or foreign one
            raise Guard(path).unreadable(exc, latest_toc(path) or f"_{INDEX_NAME}_N.toc") from exc

    @staticmethod
    def present(path: Path) -> bool:
        """Whether the folder holds any file of this engine's index, whole or not."""
        try:
            return any(ENGINE_FILE_RE.match(name) for name in os.listdir(path))
        except OSError:
            return False

    @classmethod
    def open(cls, path: Path) -> WhooshEngine:
        """The index in the folder `path`. IndexDamagedError when a file of its last commit is
        missing or not at the size it was written (one stat each), or Whoosh cannot read its
        table of contents."""
        damage = sealed_damage(path, checksums=False)
        if damage:
            raise IndexDamagedError(path, describe(damage))
        try:
            ix = MappedStorage(str(path)).open_index(indexname=INDEX_NAME)
        except Exception as exc:
            raise Guard(path).unreadable(exc, latest_toc(path) or f"_{INDEX_NAME}_N.toc") from exc
        return cls(path, ix)

    @classmethod
    def create(cls, path: Path) -> WhooshEngine:
        """A new, empty index in the existing folder `path` (sealed)."""
        engine = cls(path, MappedStorage(str(path)).create_index(build_schema(), indexname=INDEX_NAME))
        engine.seal()
        return engine

    @classmethod
    def check(cls, path: Path, *, deep: bool = True) -> StorageCheck:
        """`engine.base.Engine.check`: every file of the index in `path` verified (`verify.py`)."""
        return check_folder(path, deep=deep)

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
            self._reader = None

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def lock(self, timeout: float) -> Iterator[None]:
        """Whoosh's WRITELOCK, held by this process for the block (writers opened under it take
        none of their own); IndexUnavailableError when another holds it past `timeout` seconds."""
        lock = self.index.lock("WRITELOCK")
        if not try_for(lock.acquire, timeout=timeout, delay=0.1):
            raise IndexUnavailableError(f"another `cablesearch index` is writing {self.path}; wait for it to finish "
                                        f"(it holds the lock until it exits)")
        try:
            yield
        finally:
            lock.release()

    def writer(self, *, files: int, workers: int) -> tuple[WhooshWriter, int]:
        """A writer for `files` source files and the parsing processes to use with it
        (`docwriter.open_writer`). Call under `lock()`."""
        with self._guard.reading():
            return open_writer(self.index, files=files, workers=workers)

    @staticmethod
    def part_writer(path: Path) -> WhooshPartWriter:
        """`engine.base.Engine.part_writer`: a new segment of the index in the folder `path`,
        written here while another process holds the lock and commits it."""
        return WhooshPartWriter(MappedStorage(str(path)).open_index(indexname=INDEX_NAME))

    def manifest_documents(self) -> Iterator[dict[str, Any]]:
        """The stored fields of every `file` document of the last commit."""
        with self._guard.reading(), self.index.searcher() as s:
            for docnum in s.document_numbers(kind="file"):
                yield s.stored_fields(docnum)

    def commit_label(self) -> tuple[int, tuple[str, ...]]:
        """The latest commit, as read from the folder: its generation and its segments' ids."""
        with self._guard.reading():
            toc = compat.read_toc(self.index)
        return toc.generation, tuple(sorted(seg.segment_id() for seg in toc.segments))

    def seal(self) -> None:
        """`engine.base.Engine.seal`: the last commit's table of contents and its segments' files,
        each with its size and CRC-32, in `seal.SEAL_FILE`."""
        toc_file = latest_toc(self.path)
        if toc_file is None:
            return
        with self._guard.reading():
            toc = compat.read_toc(self.index)
        write_seal(self.path, toc_file, [toc_file] + segment_files(self.path, [s.segment_id() for s in toc.segments]))

    # -- reading ---------------------------------------------------------------------------
    def searcher(self) -> Any:
        """One reused Whoosh searcher, refreshed when a writer has committed since
        (whoosh-notes.md): what the read side builds its `Reader` on."""
        with self._guard.reading():
            if self._searcher is None:
                self._searcher = self.index.searcher(weighting=SegmentLengthBM25F())
            elif not self._searcher.up_to_date():
                self._searcher = self._searcher.refresh()
        return self._searcher

    def reader(self) -> WhooshReader:
        """engine.base's `Reader` of the last commit: the same object (and its caches) until a
        writer commits, then a new one on the refreshed searcher."""
        s = self.searcher()
        if self._reader is None or self._reader.searcher is not s:
            self._reader = WhooshReader(s, self._guard)
        return self._reader
