"""The seal: every file of the last commit with its size and CRC-32, so that damage can be told
from what was written.

Whoosh records no checksum, and most damage to its files reads back without an error: a
truncated column gives short values, a zeroed stretch of postings or lengths scores other
documents (benchmarks/storage_faults.py). So after every commit `write_seal` lists the
commit's files -- its table of contents and each segment's files -- in `checksums.json`
beside them, under the name of that table of contents: generations only grow, so a seal
says which commit it describes, and a seal of another commit (a run cut between its commit
and its seal; an index written before seals existed) verifies nothing.

A segment's files never change once written: a file the previous seal lists at the same
size keeps its checksum unread, so sealing reads only what the commit wrote. A file the
previous seal lists at another size keeps its old entry: damage is never sealed in.

`sealed_damage` compares the files with the seal: with `checksums`, every byte is read
(about a second per gigabyte), else only their sizes (one stat each: what every open does).
`verify.py` reads every file as a search does.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from pathlib import Path
from typing import Any

from cablesearch.engine.base import Damage

#: The seal's file in the index folder (a name no Whoosh pattern claims, so Whoosh's own
#: clean-up after a commit never deletes it).
SEAL_FILE = "checksums.json"
#: The Whoosh index's name inside the folder (its files are `_cables_*.toc`, `cables_*.trm`...).
INDEX_NAME = "cables"
TOC_RE = re.compile(rf"^_{INDEX_NAME}_(\d+)\.toc$")
#: A file of the Whoosh index's own: a table of contents or a segment's file (not the write
#: lock, which alone is no index).
ENGINE_FILE_RE = re.compile(rf"^(_{INDEX_NAME}_\d+\.toc|{INDEX_NAME}_[0-9a-z]+\..+)$")
_CHUNK = 1 << 20


def latest_toc(path: Path) -> str | None:
    """The name of the folder's latest table of contents (the last commit's), None when none."""
    try:
        names = os.listdir(path)
    except OSError:
        return None
    found = [(int(m.group(1)), name) for name in names if (m := TOC_RE.match(name))]
    return max(found)[1] if found else None


def generation(toc_file: str) -> int:
    """The commit number in a table of contents' name."""
    m = TOC_RE.match(toc_file)
    return int(m.group(1)) if m else -1


def segment_files(path: Path, segment_ids: list[str]) -> list[str]:
    """The files in `path` of the segments `segment_ids` (each segment's files are named
    `<segment id>.<ext>`), sorted."""
    prefixes = tuple(f"{segid}." for segid in segment_ids)
    return sorted(name for name in os.listdir(path) if name.startswith(prefixes)) if prefixes else []


def crc32(file: Path) -> int:
    """The CRC-32 of a file's bytes."""
    crc = 0
    with open(file, "rb") as f:
        while chunk := f.read(_CHUNK):
            crc = zlib.crc32(chunk, crc)
    return crc


def read_seal(path: Path) -> tuple[dict[str, Any] | None, str]:
    """The folder's seal (`{"toc": name, "files": {name: [size, crc32]}}`) and "", or None and
    why there is none to use (a note, not damage: the seal is only an aid to checking)."""
    try:
        seal = json.loads((path / SEAL_FILE).read_text(encoding="utf-8"))
        files = seal["files"]
        if not isinstance(seal["toc"], str) or not all(
                isinstance(v, list) and len(v) == 2 and all(isinstance(x, int) for x in v) for v in files.values()):
            raise ValueError("not a seal")
    except FileNotFoundError:
        return None, f"no {SEAL_FILE}: the files' sizes and checksums were not recorded"
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return None, f"{SEAL_FILE} is unreadable ({type(exc).__name__}), so the files' checksums are not " \
                     f"compared; the next `index` run writes it again"
    return seal, ""


def seal_of(path: Path, toc_file: str | None) -> tuple[dict[str, list[int]] | None, str]:
    """The sealed files of the commit whose table of contents is `toc_file`, and "", or None
    and a note saying why they cannot be compared."""
    seal, note = read_seal(path)
    if seal is None:
        return None, note
    if toc_file is None or generation(seal["toc"]) > generation(toc_file):
        return seal["files"], ""  # the sealed commit's table of contents is gone: its files are compared
    if seal["toc"] != toc_file:
        return None, f"{SEAL_FILE} describes an earlier commit (a run ended between its commit and its seal): " \
                     f"the files' checksums are not compared; the next `index` run writes it again"
    return seal["files"], ""


def write_seal(path: Path, toc_file: str, files: list[str]) -> None:
    """Seal `files` (the commit of `toc_file`): sizes and checksums, reusing the previous seal's
    entries of files it lists at the same size, keeping those it lists at another size.
    Written under a temporary name and renamed; one that cannot be written is left out."""
    previous, _ = read_seal(path)
    old: dict[str, list[int]] = previous["files"] if previous else {}
    sealed: dict[str, list[int]] = {}
    tmp = path / (SEAL_FILE + ".tmp")
    try:
        for name in files:
            size = (path / name).stat().st_size
            entry = old.get(name)
            sealed[name] = entry if entry is not None else [size, crc32(path / name)]
        tmp.write_text(json.dumps({"toc": toc_file, "files": sealed}, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path / SEAL_FILE)
    except OSError:
        tmp.unlink(missing_ok=True)


def file_damage(path: Path, name: str, size: int, crc: int | None) -> Damage | None:
    """What is wrong with the file `name` against its sealed `size` (and `crc`, when given:
    then every byte is read), None when nothing."""
    try:
        now = (path / name).stat().st_size
    except FileNotFoundError:
        return Damage(name, "missing")
    except OSError as exc:
        return Damage(name, f"unreadable: {exc.strerror or exc}")
    if now < size:
        return Damage(name, f"truncated: {now:,} of its {size:,} bytes left")
    if now > size:
        return Damage(name, f"{now - size:,} bytes longer than written ({now:,}, not {size:,})")
    if crc is not None:
        try:
            found = crc32(path / name)
        except OSError as exc:
            return Damage(name, f"unreadable: {exc.strerror or exc}")
        if found != crc:
            return Damage(name, f"changed since it was written (CRC-32 {found:08x}, {crc:08x} when written)")
    return None


def sealed_damage(path: Path, *, checksums: bool) -> list[Damage] | None:
    """The damaged files of the last commit as its seal tells them -- missing, resized, and with
    `checksums` also changed -- or None when there is no seal of that commit to compare with."""
    files, _ = seal_of(path, latest_toc(path))
    if files is None:
        return None
    found = (file_damage(path, name, size, crc if checksums else None) for name, (size, crc) in sorted(files.items()))
    return [d for d in found if d is not None]
