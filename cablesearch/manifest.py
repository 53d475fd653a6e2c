"""The manifest: what the index knows of each source file, read at the start of every
`index` run to decide which files must be read again.

Its truth is the stored fields of the `file` documents (schema.py). Reading all of them
back is a tenth of a no-op re-run at Cablegate scale, so every run that commits also leaves the manifest it ends with in one pickle beside the index, labelled
with the commit it describes (the engine's `commit_label`: for Whoosh, the generation and
its segments' random ids). A label that
does not match the index's latest commit -- another program wrote the index, or a run died
between its commit and writing this file -- makes the file worthless, and the stored
fields are read instead. The file is written under a temporary name and renamed, so it is
whole or absent.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

CACHE_FILE = "manifest.pickle"
#: What the indexer needs of a file's manifest document.
FIELDS = ("size", "mtime", "sha1", "ncables", "reason")

Manifest = dict[str, dict[str, Any]]


def entry(stored: dict[str, Any]) -> dict[str, Any]:
    """The manifest entry of a `file` document's stored fields (or of the fields written)."""
    return {k: stored[k] for k in FIELDS if stored.get(k) is not None}


def load(folder: Path, label: Any) -> Manifest | None:
    """The cached manifest if it was written for commit `label`, else None."""
    try:
        with open(folder / CACHE_FILE, "rb") as f:
            saved_label, manifest = pickle.load(f)
    except Exception:  # noqa: BLE001 -- any unreadable cache is only a cache miss
        return None
    return manifest if saved_label == label else None


def save(folder: Path, label: Any, manifest: Manifest) -> None:
    """Cache `manifest` as the one of commit `label`; a cache that cannot be written (a full
    disk) is dropped, never an error: the next run reads the stored fields."""
    tmp = folder / (CACHE_FILE + ".tmp")
    try:
        with open(tmp, "wb") as f:
            pickle.dump((label, manifest), f, pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / CACHE_FILE)
    except OSError:
        for stale in (tmp, folder / CACHE_FILE):
            try:
                stale.unlink()
            except OSError:
                pass
