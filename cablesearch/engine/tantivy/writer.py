"""The Tantivy `Writer` (engine.base): cables and manifests added, a source file's documents deleted.

One Tantivy IndexWriter, opened by the engine's `lock()` (Tantivy's own writer lock is
the index's write lock) and handed to this writer. Tantivy indexes in threads of its own
while this process parses, so the build's parsing processes are all the machine offers.

Each document gets the next `seq` (the docnum readers speak in), counting on from the
highest in the index. Deletes are by the `src` term; Tantivy applies a delete to the
documents added before it, so a changed file's old documents go and its new ones stay.

Nothing is visible before `commit`: Tantivy writes new segments, then switches its
`meta.json` atomically, so a process killed at any moment leaves the last commit. A
failure while writing ends the run with IndexWriteError; `cancel` rolls back and removes
the files the run wrote.
"""

from __future__ import annotations

import contextlib
from typing import Any

from cablesearch.engine.tantivy.documents import cable_fields, file_fields, to_document
from cablesearch.errors import IndexWriteError
from cablesearch.model import Cable


class TantivyWriter:
    """`engine.base.Writer` on one Tantivy IndexWriter; `first_seq` is the next document's number."""

    def __init__(self, tantivy: Any, writer: Any, first_seq: int, release: Any) -> None:
        self.tv = tantivy
        self._writer = writer
        self._seq = first_seq
        self._release = release  # gives the IndexWriter (and Tantivy's lock) back to the engine

    def _add(self, values: dict[str, Any]) -> None:
        doc = to_document(self.tv, values, self._seq)
        self._seq += 1
        try:
            self._writer.add_document(doc)
        except (OSError, ValueError, RuntimeError) as exc:
            raise IndexWriteError(f"the index writer failed: {exc}") from exc

    def add_cable(self, cable: Cable, key: str, src: str) -> None:
        """A cable's document and its paragraphs' documents (`documents.cable_fields`)."""
        for values in cable_fields(cable, key, src):
            self._add(values)

    def add_file(self, manifest: dict[str, Any]) -> None:
        """A source file's manifest document, keyed `file:<src>`."""
        self._add(file_fields(manifest))

    def delete_source(self, src: str) -> None:
        """Every document read from `src` (added before this call), deleted as of the commit."""
        try:
            self._writer.delete_documents_by_term("src", src)
        except (OSError, ValueError, RuntimeError) as exc:
            raise IndexWriteError(f"the index writer failed: {exc}") from exc

    def commit(self) -> None:
        """Publish everything added and deleted, then wait for Tantivy's merges to finish (a run
        leaves merged segments, and no thread behind it)."""
        try:
            self._writer.commit()
            self._writer.wait_merging_threads()
        except (OSError, ValueError, RuntimeError) as exc:
            raise IndexWriteError(f"the index writer failed: {exc}") from exc
        finally:
            self._release()

    def cancel(self) -> None:
        """Drop what this writer added and the files it wrote. Best effort: never raises."""
        with contextlib.suppress(Exception):
            self._writer.rollback()
        with contextlib.suppress(Exception):
            self._writer.garbage_collect_files()
        with contextlib.suppress(Exception):
            self._writer.wait_merging_threads()
        self._release()
