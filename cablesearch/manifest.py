"""The manifest: what the index knows of each source file, read at the start of every
`index` run to decide which files must be read again.

Its truth is the stored fields of the `file` documents (schema.py). Reading all of them
back is a tenth of a no-op re-run at Cablegate scale, so every run that commits also
leaves the manifest it ends with in one JSON file beside the index, labelled with the
commit it describes (the engine's `commit_label`: for Whoosh, the generation and its
segments' random ids). JSON, not pickle: an index folder may come from someone else, and
reading it must never run code. A label that
does not match the index's latest commit -- another program wrote the index, or a run died
between its commit and writing this file -- makes the file worthless, and the stored
fields are read instead. The file is written under a temporary name and renamed, so it is
whole or absent.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

CACHE_FILE = "manifest.json"
#: The cache's name before it was JSON: never read, removed when a new cache is written.
OLD_CACHE_FILE = "manifest.pickle"
#: What the indexer needs of a file's manifest document.
FIELDS = ("size", "mtime", "sha1", "ncables", "reason")

Manifest = dict[str, dict[str, Any]]


def entry(stored: dict[str, Any]) -> dict[str, Any]:
    """The manifest entry of a `file` document's stored fields (or of the fields written)."""
    return {k: stored[k] for k in FIELDS if stored.get(k) is not None}


def load(folder: Path, label: Any) -> Manifest | None:
    """The cached manifest if it was written for commit `label`, else None."""
    try:
        with open(folder / CACHE_FILE, encoding="utf-8") as f:
            saved = json.load(f)
        saved_label, manifest = saved["label"], saved["files"]
    except (OSError, ValueError, KeyError, TypeError):  # any unreadable cache is only a cache miss
        return None
    if saved_label != _plain(label) or not isinstance(manifest, dict):
        return None
    return manifest


def problem(folder: Path) -> str:
    """What is wrong with the cache file, "" when it is readable or absent (for `index --check`:
    never damage, since an unreadable cache is only a cache miss)."""
    try:
        with open(folder / CACHE_FILE, encoding="utf-8") as f:
            saved = json.load(f)
        if not isinstance(saved["files"], dict):
            raise TypeError("its files are not a mapping")
        saved["label"]
    except FileNotFoundError:
        return ""
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"unreadable ({type(exc).__name__})"
    return ""


def _plain(label: Any) -> Any:
    """A label as JSON gives it back (tuples become lists)."""
    return json.loads(json.dumps(label))


def save(folder: Path, label: Any, manifest: Manifest) -> None:
    """Cache `manifest` as the one of commit `label`; a cache that cannot be written (a full
    disk) is dropped, never an error: the next run reads the stored fields."""
    tmp = folder / (CACHE_FILE + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"label": label, "files": manifest}, f, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, folder / CACHE_FILE)
        (folder / OLD_CACHE_FILE).unlink(missing_ok=True)
    except (OSError, TypeError, ValueError):
        for stale in (tmp, folder / CACHE_FILE):
            try:
                stale.unlink()
            except OSError:
                pass
