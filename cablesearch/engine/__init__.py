"""Search engines behind the product: the only package that imports a search library.

Everything above reaches an index through the interface in `engine/base.py`, and an
engine through the functions here, which pick its implementation. Whoosh
(`engine/whoosh/`) is the one engine today; its modules load on first use.
"""

from __future__ import annotations

from pathlib import Path

from cablesearch.engine.base import Engine

__all__ = ["Engine", "create_engine", "engine_exists", "open_engine", "schema_version"]


def engine_exists(path: Path) -> bool:
    """Whether the folder holds an engine's index (a committed one)."""
    from cablesearch.engine.whoosh.store import WhooshEngine

    return WhooshEngine.exists(path)


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
