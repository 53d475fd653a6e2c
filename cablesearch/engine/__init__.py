"""Search engines behind the product: the only package that imports a search library.

Everything above reaches an index through the interface in `engine/base.py`, and an
engine through the functions here, which pick its implementation. Whoosh
(`engine/whoosh/`) is the one engine today; its modules load on first use.
"""

from __future__ import annotations

from pathlib import Path

from cablesearch.engine.base import Damage, Engine, StorageCheck, describe

__all__ = ["Damage", "Engine", "StorageCheck", "check_engine", "create_engine", "describe", "engine_exists",
           "engine_present", "open_engine", "schema_version"]


def engine_exists(path: Path) -> bool:
    """Whether the folder holds an engine's index (a committed one)."""
    from cablesearch.engine.whoosh.store import WhooshEngine

    return WhooshEngine.exists(path)


def engine_present(path: Path) -> bool:
    """Whether the folder holds any file of an engine's index, whole or not (so a folder whose
    meta file is gone is not mistaken for an empty one)."""
    from cablesearch.engine.whoosh.store import WhooshEngine

    return WhooshEngine.present(path)


def check_engine(path: Path, *, deep: bool = True) -> StorageCheck:
    """The engine's verification of its own files in the folder `path` (`Engine.check`)."""
    from cablesearch.engine.whoosh.store import WhooshEngine

    return WhooshEngine.check(path, deep=deep)


def open_engine(path: Path) -> Engine:
    """The index in the folder `path`; IndexUnavailableError when it cannot be opened."""
    from cablesearch.engine.whoosh.store import WhooshEngine

    return WhooshEngine.open(path)


def create_engine(path: Path) -> Engine:
    """A new, empty index in the existing folder `path`."""
    from cablesearch.engine.whoosh.store import WhooshEngine

    return WhooshEngine.create(path)


def schema_version() -> int:
    """The version of the index format the engine writes and reads (kept in the folder's
    metadata; an index of another version is refused with a --rebuild hint)."""
    from cablesearch.engine.whoosh.store import WhooshEngine

    return WhooshEngine.schema_version
