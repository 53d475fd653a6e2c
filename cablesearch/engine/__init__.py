"""Search engines behind the product: the only package that imports a search library.

Everything above reaches an index through the interface in `engine/base.py`, and an
engine through the functions here, which pick its implementation by name. Whoosh
(`engine/whoosh/`) is the default and always installed; Tantivy (`engine/tantivy/`) is
an opt-in extra (`pip install 'cablesearch[tantivy]'`). An engine's modules load on
first use, so naming one never imports the other.

The engine an index was created with is recorded in the index folder's meta file
(`indexing/folder.py`); every later command opens the folder with that one.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

from cablesearch.engine.base import Damage, Engine, StorageCheck, describe
from cablesearch.errors import UsageError

__all__ = ["DEFAULT_ENGINE", "ENGINES", "Damage", "Engine", "StorageCheck", "check_engine", "create_engine",
           "describe", "engine_class", "engine_exists", "engine_present", "new_index_engine", "open_engine",
           "schema_version"]

#: The engine of an index whose meta file names none (every index made before there was a choice).
DEFAULT_ENGINE = "whoosh"
#: The environment variable naming the engine of indexes created without naming one.
ENGINE_ENV = "CABLESEARCH_ENGINE"

#: name -> (module, class, the package it needs, what to install for it)
_IMPLEMENTATIONS: dict[str, tuple[str, str, str, str]] = {
    "whoosh": ("cablesearch.engine.whoosh.store", "WhooshEngine", "whoosh", "pip install cablesearch"),
    "tantivy": ("cablesearch.engine.tantivy.store", "TantivyEngine", "tantivy",
                "pip install 'cablesearch[tantivy]'"),
}

#: The engines an index can be created with, the default first.
ENGINES: tuple[str, ...] = tuple(_IMPLEMENTATIONS)


def new_index_engine(name: str | None = None) -> str:
    """The engine a new index is created with: `name`, else `$CABLESEARCH_ENGINE`, else the default."""
    return name or os.environ.get(ENGINE_ENV) or DEFAULT_ENGINE


def engine_class(name: str | None = None) -> Any:
    """The class implementing the engine `name` (None: the default). UsageError, in one line,
    for an unknown name, or when the engine's package is not installed (what to install)."""
    name = name or DEFAULT_ENGINE
    if name not in _IMPLEMENTATIONS:
        raise UsageError(f"unknown engine {name!r}; engines: {', '.join(ENGINES)}")
    module, cls, package, install = _IMPLEMENTATIONS[name]
    try:
        importlib.import_module(package)
    except ImportError:
        raise UsageError(f"the {name} engine needs the {package} package: {install}") from None
    return getattr(importlib.import_module(module), cls)


def engine_present(path: Path, name: str | None = None) -> bool:
    """Whether the folder holds any file of the engine `name`'s index, whole or not (so a
    folder whose meta file is gone is not mistaken for an empty one). With no name, of any
    installed engine."""
    if name is not None:
        return bool(engine_class(name).present(path))
    for candidate in ENGINES:
        try:
            if engine_class(candidate).present(path):
                return True
        except UsageError:  # an engine whose package is not installed has no files here
            continue
    return False


def check_engine(path: Path, name: str | None = None, *, deep: bool = True) -> StorageCheck:
    """The engine `name`'s verification of its own files in the folder `path` (`Engine.check`)."""
    return engine_class(name).check(path, deep=deep)


def engine_exists(path: Path, name: str | None = None) -> bool:
    """Whether the folder holds an index of the engine `name` (a committed one)."""
    return bool(engine_class(name).exists(path))


def open_engine(path: Path, name: str | None = None) -> Engine:
    """The index in the folder `path`, opened with the engine `name`; IndexUnavailableError when it
    cannot be opened."""
    return engine_class(name).open(path)


def create_engine(path: Path, name: str | None = None) -> Engine:
    """A new, empty index of the engine `name` (None: `new_index_engine`) in the existing folder `path`."""
    return engine_class(new_index_engine(name)).create(path)


def schema_version(name: str | None = None) -> int:
    """The version of the index format the engine `name` writes and reads (kept in the folder's
    metadata; an index of another version is refused with a --rebuild hint)."""
    return int(engine_class(name).schema_version)
