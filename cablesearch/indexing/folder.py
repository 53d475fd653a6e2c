"""An index folder: the engine's index, the meta file that says which engine and schema wrote
it, and the user's people aliases kept with the index they apply to.

Opening refuses, each with one line that says what to run: a folder with no index, an
unreadable meta file, an index written by another schema version, (exit 2) an index of an
engine whose package is not installed, and a damaged one (IndexDamagedError: a meta file
missing or unreadable beside the engine's files, the engine's files missing beside the
meta file, or a file of the engine's that its seal or a read finds damaged), and (for
reading) an index whose first build never committed (IndexUnfinishedError: the meta file
keeps `first_build`, the paths that build was given, until its run ends). A meta file
that names no engine is Whoosh's (every index made before there was a choice). A damaged
index is never taken for an empty folder: nothing here creates an index over one.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from cablesearch.engine import (DEFAULT_ENGINE, Engine, check_engine, create_engine, engine_exists, engine_present,
                                open_engine, schema_version)
from cablesearch.errors import (IndexDamagedError, IndexUnavailableError, IndexUnfinishedError, IndexVersionError,
                                UsageError)
from cablesearch.parse.names import PeopleAliases
from cablesearch.parse.person_table import PersonTable

META_FILE = "cablesearch.json"
#: The user's people aliases, kept with the index they apply to (README "People aliases").
ALIASES_FILE = "people.toml"
#: The person table of the index's last commit (`parse/person_table.py`), JSON.
PEOPLE_FILE = "people.json"


def default_index_dir() -> Path:
    """`$CABLESEARCH_INDEX`, else `$XDG_DATA_HOME/cablesearch/index` (~/.local/share/cablesearch/index)."""
    env = os.environ.get("CABLESEARCH_INDEX")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "cablesearch" / "index"


def folder_path(path: str | os.PathLike[str] | None) -> Path:
    """`path`, or the default index folder when none is given."""
    return Path(path) if path else default_index_dir()


def rebuilt_path(path: Path) -> Path:
    """Where `--rebuild` builds the new index before it takes `path`'s place."""
    return path.with_name(path.name + ".rebuild")


def replaced_path(path: Path) -> Path:
    """Where the index a rebuild replaces waits while the new one takes its place."""
    return path.with_name(path.name + ".old")


def lock_path(path: Path) -> Path:
    """The file whose lock `folder_lock` takes: beside the folder, so a swap cannot move it."""
    return path.with_name(path.name + ".lock")


@contextmanager
def folder_lock(path: Path, timeout: float) -> Iterator[None]:
    """The index folder's own write lock, a file beside it (`<folder>.lock`), held by every run
    that writes the folder or swaps a rebuilt one in: a rebuild and an update never overlap.
    An fcntl lock, which the kernel releases when its process dies."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexUnavailableError(f"another `cablesearch index` is writing {path}; wait for it to "
                                                f"finish (it holds the lock until it exits)") from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)


def lock_held(path: Path) -> bool:
    """Whether a run holds `path`'s folder lock now (a build is writing it)."""
    try:
        fd = os.open(lock_path(path), os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def swap_in(path: Path) -> None:
    """The rebuilt index in `path`'s place: the old one moved aside, the new one renamed in, the
    old one removed. A crash between the two renames is finished by `recover_swap`."""
    old, fresh = replaced_path(path), rebuilt_path(path)
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        os.replace(path, old)
    os.replace(fresh, path)
    shutil.rmtree(old, ignore_errors=True)


def recover_swap(path: Path) -> None:
    """Finish a swap a crash interrupted: with `path` gone and the old index set aside, the
    rebuilt one (complete: the old one is moved only after it is) takes its place. Only when
    no run holds the folder's lock: a rebuild in the middle of its swap finishes it itself."""
    old, fresh = replaced_path(path), rebuilt_path(path)
    if path.exists() or not old.exists():
        return
    try:
        with folder_lock(path, 0):
            if not path.exists() and old.exists():
                os.replace(fresh if (fresh / META_FILE).exists() else old, path)
                shutil.rmtree(old, ignore_errors=True)
    except IndexUnavailableError:
        return


def open_folder(path: Path, *, unfinished_ok: bool = False) -> Engine:
    """The index in `path`, checked against the schema version this cablesearch reads.
    IndexUnavailableError when the folder holds no index; IndexDamagedError when it holds
    part of one; IndexUnfinishedError when its first build never committed, unless
    `unfinished_ok` (a run that writes, which finishes it)."""
    recover_swap(path)
    meta = path / META_FILE
    if not meta.exists():
        if engine_present(path):
            raise IndexDamagedError(path, f"{META_FILE}: missing")
        raise IndexUnavailableError(f"no index at {path}: run `cablesearch index PATH --index {path}` first")
    version = read_version(path)
    name = read_meta(path).get("engine") or DEFAULT_ENGINE
    # The version first: another version's engine files may not even be readable by this one.
    # (Asking the engine's version loads it: an engine not installed says what to install.)
    if version != schema_version(name):
        raise IndexVersionError(
            f"index at {path} was written by schema version {version}, this cablesearch reads version "
            f"{schema_version(name)}: rebuild it with `cablesearch index PATH --rebuild --index {path}`")
    if not engine_exists(path, name):  # the meta file is written after the engine's first commit
        damage = check_engine(path, name, deep=False).damage or ("the index's own files are missing",)
        raise IndexDamagedError(path, str(damage[0]))
    meta = read_meta(path)
    if meta.get("first_build") is not None and not unfinished_ok:
        sources, options = first_build_command(meta)
        raise IndexUnfinishedError(path, sources, options=options, running=lock_held(path))
    return open_engine(path, name)


def read_version(path: Path) -> Any:
    """The schema version the meta file records; IndexDamagedError when it cannot be read."""
    try:
        meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
        return meta["schema_version"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        what = exc.strerror if isinstance(exc, OSError) else f"{type(exc).__name__}: {exc}"
        raise IndexDamagedError(path, f"{META_FILE}: unreadable: {' '.join(str(what).split())[:120]}") from exc


def create_folder(path: Path, engine: str | None = None, *, first_build: tuple[str, ...] | None = None,
                  first_build_options: tuple[str, ...] = ()) -> Engine:
    """A new, empty index of the engine named `engine` (None: the default) in `path` (made if
    missing), with its meta file. `first_build`: the paths of the build creating it, and
    `first_build_options` the options a run again needs (`--cluster ADDRESS`), recorded until
    that build ends (`write_meta` drops them), so that an index whose first build never
    committed is not read as an index of nothing."""
    path.mkdir(parents=True, exist_ok=True)
    created = create_engine(path, engine)
    extra: dict[str, Any] = {}
    if first_build is not None:
        extra["first_build"] = list(first_build)
        if first_build_options:
            extra["first_build_options"] = list(first_build_options)
    write_meta(created, **extra)
    return created


def first_build_command(meta: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The paths and options of an unfinished first build, as its meta file records them."""
    paths, options = meta.get("first_build"), meta.get("first_build_options")
    return (tuple(map(str, paths)) if isinstance(paths, list) else (),
            tuple(map(str, options)) if isinstance(options, list) else ())


def folder_engine(path: Path) -> str | None:
    """The engine the index in `path` was created with (None when the folder has no meta file)."""
    if not (path / META_FILE).exists():
        return None
    return read_meta(path).get("engine") or DEFAULT_ENGINE


def open_or_create(path: Path, engine: str | None = None, *, first_build: tuple[str, ...] | None = None,
                   first_build_options: tuple[str, ...] = ()) -> Engine:
    """The index in `path` to write to, or a new one of the engine `engine` when the folder
    holds none: neither the meta file nor any engine's file (a damaged index is refused by
    `open_folder`, never replaced; one whose first build never committed is opened, to be
    finished). `first_build` and its options as in `create_folder`. UsageError when `engine` is given and
    the index was created with another (the engine is chosen once, at creation: --rebuild
    changes it)."""
    have = folder_engine(path)
    if have is None:
        if engine_present(path):
            return open_folder(path)  # refuses: the meta file is missing beside an engine's files
        return create_folder(path, engine, first_build=first_build, first_build_options=first_build_options)
    if engine is not None and engine != have:
        raise UsageError(f"the index at {path} uses the {have} engine, not {engine}: to change engines, rebuild it "
                         f"with `cablesearch index PATH --rebuild --engine {engine} --index {path}`")
    return open_folder(path, unfinished_ok=True)


def write_meta(engine: Engine, **extra: Any) -> None:
    """Record the engine, the schema version and `extra` (what else the index depends on),
    replacing everything the meta file held, atomically: write, then rename."""
    tmp = engine.path / (META_FILE + ".tmp")
    tmp.write_text(json.dumps({"schema_version": engine.schema_version, "engine": engine.name, **extra}),
                   encoding="utf-8")
    os.replace(tmp, engine.path / META_FILE)


def read_meta(path: Path) -> dict[str, Any]:
    """The meta file's content; {} when it is missing or unreadable."""
    try:
        return json.loads((path / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def load_aliases(path: Path) -> tuple[PeopleAliases, str]:
    """The index's people aliases and a fingerprint of them ("" when there are none)."""
    file = path / ALIASES_FILE
    if not file.exists():
        return PeopleAliases(), ""
    aliases = PeopleAliases.load(file)
    return aliases, hashlib.sha1(file.read_bytes()).hexdigest()


def write_person_table(engine: Engine, aliases: PeopleAliases | None = None) -> PersonTable:
    """Compute the person table from the committed index's own `people` values (each cable
    document's names, read through the engine's people column) and keep it in the folder as
    `people.json`, atomically. Called at the end of every build, so an incremental build's
    table is that of the whole index. The table records how many cable documents it was
    computed from: a reader of another commit does not use it (`read_person_table`)."""
    reader = engine.reader()
    docs = sorted(reader.kind_docs("cable"))
    raw = reader.column("people").counts(docs)
    table = PersonTable.build(((v.decode("utf-8").split(";") if v else (), n) for v, n in raw.items()), aliases)
    data = {**table.to_json(), "documents": len(docs)}
    tmp = engine.path / (PEOPLE_FILE + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, engine.path / PEOPLE_FILE)
    return table


def read_person_table(path: Path, documents: int | None = None) -> PersonTable:
    """The person table kept in the folder `path`; an empty one (no grouping beyond
    `person_key`) when there is none, it cannot be read, or it was computed from another
    number of cable documents than `documents` (when given): a table of another commit."""
    try:
        stat = (path / PEOPLE_FILE).stat()
    except OSError:
        return PersonTable()
    data = _read_table(str(path / PEOPLE_FILE), stat.st_mtime_ns, stat.st_size)
    if documents is not None and data[1] != documents:
        return PersonTable()
    return data[0]


@lru_cache(maxsize=4)
def _read_table(file: str, mtime_ns: int, size: int) -> tuple[PersonTable, int | None]:
    """A table file's content, kept while the file is unchanged (by time and size)."""
    try:
        data = json.loads(Path(file).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return PersonTable(), None
    documents = data.get("documents") if isinstance(data, dict) else None
    return PersonTable.from_json(data), documents if isinstance(documents, int) else None
