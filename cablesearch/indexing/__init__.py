"""Build and update an index: incremental, parallel, crash-safe; the engine only through `engine.base`.

* Incremental: each source file has a manifest document (path, size, mtime,
  SHA-1). A file whose size and mtime are unchanged is not read; one whose
  mtime alone changed is hashed and skipped when the content is the same; a
  changed file has all its documents replaced; a file gone from a re-indexed
  root has its documents removed (prune). (`plan`)
* Parallel: reading and parsing run in worker processes (`files`); the engine's
  writer lives in this process, or in writer processes of its own for big builds.
* Crash-safe: nothing a run writes is visible before the engine's commit, and
  the engine's write lock dies with its process (`engine.whoosh.store`).
"""

from cablesearch.indexing.files import OnProgress, Progress, ProgressFn
from cablesearch.indexing.folder import default_index_dir
from cablesearch.indexing.report import IndexReport
from cablesearch.indexing.write import build_index, update

__all__ = ["IndexReport", "OnProgress", "Progress", "ProgressFn", "build_index", "default_index_dir", "update"]
