"""`index --check`: every file of an index folder verified, each damaged one named with what is wrong.

The folder's own files are checked here -- the meta file (it parses, and names the schema
version this cablesearch reads), the manifest cache, the people aliases -- and the engine's
through `Engine.check` (for Whoosh: the table of contents parses, every file of the last
commit is there with the size and checksum recorded when it was written, and every term's
postings, stored document and column reads end to end: `engine/whoosh/verify.py`).

A check only reads: it changes nothing in the folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cablesearch import manifest as manifest_cache
from cablesearch.engine import DEFAULT_ENGINE, Damage, check_engine, describe, engine_present, schema_version
from cablesearch.errors import IndexDamagedError, IndexUnavailableError, IndexUnfinishedError, UsageError
from cablesearch.indexing.folder import ALIASES_FILE, META_FILE, first_build_command, read_meta
from cablesearch.parse.names import PeopleAliases


@dataclass(frozen=True, slots=True)
class IndexCheck:
    """What `check_index` found: every file checked (names in the index folder), the damaged
    ones, and notes on what could not be verified (no damage in themselves). `to_dict()` is
    the `index --check --json` report."""

    index: str
    files: tuple[str, ...]
    damage: tuple[Damage, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """No file is damaged."""
        return not self.damage

    def summary(self) -> str:
        """One line: how many files were checked and whether any is damaged."""
        found = "no damage" if self.ok else f"{len(self.damage)} damaged"
        return f"index at {self.index}: {len(self.files)} files checked, {found}"

    def error(self) -> IndexDamagedError | None:
        """The error a damaged index gives (naming its first damaged files and the rebuild to
        run), None when none is damaged."""
        if self.ok:
            return None
        return IndexDamagedError(self.index, describe(self.damage), checked=True)

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "ok": self.ok, "files_checked": len(self.files), "files": list(self.files),
                "damage": [d.to_dict() for d in self.damage], "notes": list(self.notes)}


def check_index(path: Path, *, deep: bool = True) -> IndexCheck:
    """Verify every file of the index in the folder `path` (see the module's docstring); `deep`
    reads every file of the engine's end to end (else their sizes and checksums only).
    Raises IndexUnavailableError only when the folder holds no index at all; damage is
    reported, never raised."""
    if not (path / META_FILE).exists() and not engine_present(path):
        raise IndexUnavailableError(f"no index at {path}: run `cablesearch index PATH --index {path}` first")
    files: list[str] = [META_FILE]
    damage: list[Damage] = []
    notes: list[str] = []
    meta_damage = _meta_damage(path)
    if meta_damage is not None:
        damage.append(meta_damage)
    if meta_damage is not None and meta_damage.problem.startswith("written by"):
        notes.append("the engine's files were not read: this cablesearch reads another schema version")
    else:
        engine = check_engine(path, read_meta(path).get("engine") or DEFAULT_ENGINE, deep=deep)
        files.extend(engine.files)
        damage.extend(engine.damage)
        notes.extend(engine.notes)
    if (path / manifest_cache.CACHE_FILE).exists():
        files.append(manifest_cache.CACHE_FILE)
        problem = manifest_cache.problem(path)
        if problem:
            notes.append(f"{manifest_cache.CACHE_FILE} is {problem}: it is only a cache, which the next `index` "
                         f"run rebuilds from the index")
    if (path / ALIASES_FILE).exists():
        files.append(ALIASES_FILE)
        try:
            PeopleAliases.load(path / ALIASES_FILE)
        except UsageError as exc:
            damage.append(Damage(ALIASES_FILE, f"unreadable ({exc}); give a good one with "
                                               f"`cablesearch index PATH --aliases FILE --index {path}`"))
    meta = read_meta(path)
    if meta.get("first_build") is not None:
        sources, options = first_build_command(meta)
        notes.append(str(IndexUnfinishedError(path, sources, options=options)))
    return IndexCheck(str(path), tuple(dict.fromkeys(files)), tuple(damage), tuple(notes))


def _meta_damage(path: Path) -> Damage | None:
    """What is wrong with the meta file, None when nothing."""
    try:
        meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
        version, name = meta["schema_version"], meta.get("engine") or DEFAULT_ENGINE
    except FileNotFoundError:
        return Damage(META_FILE, "missing")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return Damage(META_FILE, f"unreadable ({type(exc).__name__})")
    if version != schema_version(name):
        return Damage(META_FILE, f"written by schema version {version}; this cablesearch reads {schema_version(name)}")
    return None
