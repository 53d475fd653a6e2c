"""An index folder opened with Tantivy: `TantivyEngine`, the `Engine` of engine.base.

The Tantivy index lives in the folder itself (`meta.json` and its segments' files), beside
the project's own meta file. Installed as an extra: `tantivy` is imported when an engine
is opened or created, never when this module loads (`engine.engine_class` says what to
install when it is missing).

Crash-safe: Tantivy writes new segment files, then replaces `meta.json` atomically, so
readers and a process killed at any moment see the last commit. The write lock is
Tantivy's own writer lock (a lock file the kernel releases when its process dies): the
engine's `lock()` takes it by opening the run's IndexWriter, so a second writer, in this
process or another, waits for it and then fails in one line.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cablesearch.engine.base import Damage, StorageCheck
from cablesearch.engine.tantivy.reader import TantivyReader
from cablesearch.engine.tantivy.schema import SCHEMA_VERSION, build_schema, register_analyzers
from cablesearch.engine.tantivy.writer import TantivyWriter
from cablesearch.errors import IndexUnavailableError

#: Tantivy's own file naming its commit.
META_JSON = "meta.json"
#: The files of a Tantivy segment, by their endings.
SEGMENT_SUFFIXES = (".fast", ".fieldnorm", ".idx", ".pos", ".store", ".term", ".del")
#: The writer's memory for documents before it writes a segment (Tantivy splits it by thread).
WRITER_HEAP_BYTES = 256_000_000
#: Tantivy's indexing threads: one keeps pace with the parsers (Tantivy indexes ~30x faster).
WRITER_THREADS = 1
#: How often a writer waiting for the lock tries again.
LOCK_RETRY_S = 0.1

LOCKED = "another `cablesearch index` is writing {path}; wait for it to finish (it holds the lock until it exits)"


def _tantivy() -> Any:
    return importlib.import_module("tantivy")


class TantivyEngine:
    """An index folder opened with Tantivy (`engine.base.Engine`)."""

    name = "tantivy"
    #: The version of the documents this engine writes and reads (`schema.SCHEMA_VERSION`).
    schema_version = SCHEMA_VERSION
    #: Parts of a commit are never written by other processes: workers hand records to the run's writer.
    writes_parts = False

    def __init__(self, path: Path, index: Any) -> None:
        self.path = path
        #: The Tantivy index (engine-internal: tests reach Tantivy through it).
        self.index = index
        self.tv = _tantivy()
        self.schema = index.schema
        self._reader: TantivyReader | None = None
        self._held: Any = None  # the IndexWriter `lock()` opened, until a writer commits or cancels

    # -- the folder ------------------------------------------------------------------------
    @staticmethod
    def exists(path: Path) -> bool:
        """Whether the folder `path` holds a Tantivy index (its `meta.json`)."""
        try:
            return (path / META_JSON).is_file() and bool(_tantivy().Index.exists(str(path)))
        except (OSError, ValueError) as exc:
            raise IndexUnavailableError(f"index at {path} cannot be opened ({exc}); rebuild it with --rebuild") from exc

    @staticmethod
    def present(path: Path) -> bool:
        """Whether the folder holds any file of a Tantivy index, whole or not (`meta.json` or a
        segment's file)."""
        try:
            return any(name == META_JSON or name.endswith(SEGMENT_SUFFIXES) for name in os.listdir(path))
        except OSError:
            return False

    @classmethod
    def check(cls, path: Path, *, deep: bool = True) -> StorageCheck:
        """`engine.base.Engine.check`: Tantivy's files verified by opening the index and, when
        `deep`, reading every document it holds (Tantivy checks each block it reads). Tantivy
        keeps no checksum file of cablesearch's: `seal` records nothing, so a change that still
        reads as valid data is not found here."""
        try:
            files = tuple(sorted(n for n in os.listdir(path) if n == META_JSON or n.endswith(SEGMENT_SUFFIXES)))
        except OSError as exc:
            return StorageCheck((), (Damage(".", f"unreadable: {exc.strerror or exc}"),))
        if META_JSON not in files:
            return StorageCheck(files, (Damage(META_JSON, "missing"),))
        try:
            engine = cls.open(path)
            try:
                if deep:
                    reader = engine.reader()
                    for docnum in range(reader.doc_count()):
                        reader.stored(docnum)
            finally:
                engine.close()
        except Exception as exc:  # what Tantivy raises for a damaged file is the damage to report
            return StorageCheck(files, (Damage(META_JSON, f"unreadable: {type(exc).__name__}: "
                                                          f"{' '.join(str(exc).split())[:120]}"),))
        return StorageCheck(files, (), ("Tantivy: verified by reading, without recorded checksums",))

    def seal(self) -> None:
        """`engine.base.Engine.seal`: nothing to record; `check` verifies by reading."""

    @classmethod
    def open(cls, path: Path) -> TantivyEngine:
        """The index in the folder `path`; IndexUnavailableError (with the --rebuild hint) when
        Tantivy cannot open it."""
        tv = _tantivy()
        try:
            index = tv.Index.open(str(path))
        except Exception as exc:  # Tantivy raises ValueError/OSError for a damaged or foreign index
            raise IndexUnavailableError(f"index at {path} cannot be opened ({type(exc).__name__}: {exc}); "
                                        f"rebuild it with --rebuild") from exc
        return cls._ready(path, index)

    @classmethod
    def create(cls, path: Path) -> TantivyEngine:
        """A new, empty index in the existing folder `path`."""
        tv = _tantivy()
        return cls._ready(path, tv.Index(build_schema(tv), path=str(path), reuse=False))

    @classmethod
    def _ready(cls, path: Path, index: Any) -> TantivyEngine:
        register_analyzers(_tantivy(), index)
        index.config_reader(reload_policy="manual")  # reloaded when `reader()` sees a new commit
        return cls(path, index)

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        self._release()

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def lock(self, timeout: float) -> Iterator[None]:
        """Tantivy's writer lock, held for the block by the IndexWriter the run will write with;
        IndexUnavailableError when another writer holds it past `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while self._held is None:
            try:
                self._held = self.index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=WRITER_THREADS)
            except ValueError as exc:
                if "lock" not in str(exc).lower():
                    raise IndexUnavailableError(f"cannot write the index at {self.path}: {exc}") from exc
                if time.monotonic() >= deadline:
                    raise IndexUnavailableError(LOCKED.format(path=self.path)) from None
                time.sleep(LOCK_RETRY_S)
        try:
            yield
        finally:
            self._release()

    def _release(self) -> None:
        """Give the held IndexWriter up (its lock with it), waiting for its merges."""
        held, self._held = self._held, None
        if held is not None:
            try:
                held.wait_merging_threads()
            except Exception:  # already consumed by a commit, or failed: nothing is held either way
                pass

    def writer(self, *, files: int, workers: int) -> tuple[TantivyWriter, int]:
        """The run's writer (on the IndexWriter `lock()` holds), and the parsing processes to use:
        every one the machine offers, as Tantivy indexes in a thread of its own."""
        if self._held is None:
            raise IndexUnavailableError(f"the index at {self.path} is written only under its lock")
        first = self.reader().doc_count()
        return TantivyWriter(self.tv, self._held, first, self._forget_writer), workers

    def _forget_writer(self) -> None:
        """Called by the writer once its IndexWriter is consumed (committed or cancelled)."""
        self._held = None

    def manifest_documents(self) -> Iterator[dict[str, Any]]:
        """The stored fields of every `file` document of the last commit."""
        reader = self.reader()
        for docnum in sorted(reader.kind_docs("file")):
            yield reader.stored(docnum)

    def commit_label(self) -> str:
        """The latest commit, as read from the folder: a digest of Tantivy's `meta.json`."""
        try:
            return hashlib.sha1((self.path / META_JSON).read_bytes()).hexdigest()
        except OSError:
            return ""

    # -- reading ---------------------------------------------------------------------------
    def reader(self) -> TantivyReader:
        """engine.base's `Reader` of the last commit: the same object (and its caches) until a
        writer commits, then a new one on a reloaded searcher."""
        label = self.commit_label()
        if self._reader is None or self._reader.label != label:
            try:
                self.index.reload()
                searcher = self.index.searcher()
            except Exception as exc:
                raise IndexUnavailableError(f"index at {self.path} cannot be read ({type(exc).__name__}: {exc}); "
                                            f"rebuild it with --rebuild") from exc
            self._reader = TantivyReader(self.tv, self.schema, searcher, label, self.commit_label)
        return self._reader
