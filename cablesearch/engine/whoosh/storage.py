"""Index files read through memory maps, without copies.

Whoosh's `FileStorage` reads a segment file with a seek and a read per
access, and a compound segment by copying each of its files whole into memory
(`BufferFile(BytesIO(...))`): at Cablegate size that held gigabytes per
process. Here every index file is memory-mapped once and read by slicing the
map, which costs no copy and leaves the caching to the operating system's
page cache (measurements: benchmarks/RESULTS.md).

A `MappedFile` stands in for Whoosh's `BufferFile` by setting its private buffer
(`compat.init_buffer_file`); without `compat.FAST_PATHS` files open as Whoosh's own.
"""

from __future__ import annotations

import mmap
import os
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile

from cablesearch.engine.whoosh import compat


class MappedFile(BufferFile):
    """A read-only index file: random reads slice the map, sequential reads use the file."""

    def __init__(self, path: str, name: str) -> None:
        # BufferFile.__init__ is skipped on purpose: it copies the buffer into a BytesIO.
        self._fh = open(path, "rb")  # noqa: SIM115 - closed in close()
        self._map = mmap.mmap(self._fh.fileno(), 0, access=mmap.ACCESS_READ)
        self._view = memoryview(self._map)
        compat.init_buffer_file(self, self._view, name)
        self.file = self._fh
        self.onclose = None
        self.is_real = False
        self.is_closed = False

    def close(self) -> None:
        if self.is_closed:
            return
        self.is_closed = True
        try:
            self._view.release()
            self._map.close()
        except BufferError:  # a slice still alive: the map goes with the last reference
            pass
        self._fh.close()

    @property
    def memory_map(self) -> mmap.mmap:
        """The whole file, mapped read-only: columns slice their values from it."""
        return self._map


class MappedStorage(FileStorage):
    """`FileStorage` whose files open as `MappedFile` (empty files cannot be mapped; without
    `compat.FAST_PATHS`, none is)."""

    def open_file(self, name: str, **kwargs: Any) -> Any:
        if not compat.FAST_PATHS:
            return super().open_file(name, **kwargs)
        path = compat.file_path(self, name)
        if kwargs or os.path.getsize(path) == 0:
            return super().open_file(name, **kwargs)
        return MappedFile(path, name)
