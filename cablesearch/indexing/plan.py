"""Which files a run reads: the manifest the index holds, compared with the files on disk.

A file whose size and mtime are unchanged is not read; one whose mtime alone changed is
hashed and skipped when the content is the same; every file is read again when `force`
(the people aliases changed), and so is one skipped last time for want of something that is
there now (an OCR engine installed since: `read.skip_heals`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cablesearch import manifest as manifest_cache
from cablesearch.engine.base import Engine
from cablesearch.indexing.files import Job, safe_sha1
from cablesearch.indexing.report import IndexReport
from cablesearch.model import Skip


def read_manifest(engine: Engine) -> manifest_cache.Manifest:
    """Source file -> stored size, mtime, sha1, cable count (and skip reason): the cache the
    last run left for this commit, else the `file` documents' stored fields."""
    cached = manifest_cache.load(engine.path, engine.commit_label())
    if cached is not None:
        return cached
    out: manifest_cache.Manifest = {}
    for f in engine.manifest_documents():
        out[f["src"]] = manifest_cache.entry(f)
    return out


def plan(paths: Iterable[str | os.PathLike[str]], known: dict[str, dict[str, Any]],
         report: IndexReport, force: bool = False, hidden: bool = False) -> tuple[list[Job], set[str]]:
    """The files under `paths` to read (new or changed since `known`), and every source seen
    (by real path); unreadable entries, hidden ones left out (unless `hidden`) and unchanged
    files' counts and skips go to `report`."""
    from cablesearch.read import Hidden, skip_heals, text_path, walk_files

    jobs: list[Job] = []
    seen: set[str] = set()
    for p in paths:
        root = Path(p).resolve()
        walk_root = str(root if root.is_dir() else root.parent)
        # Walked from its real path, a file's path is real unless a link led to it.
        for item in walk_files(str(root), walk_root, hidden=hidden):
            if isinstance(item, Hidden):
                report.hidden += 1
                continue
            if isinstance(item, Skip):
                report.skipped.append(item)
                continue
            src = os.path.realpath(item.path) if item.linked else item.path
            key = text_path(src)  # the source's name in the index (`src` opens it)
            if key in seen:
                continue
            seen.add(key)
            st = item.stat
            if st is None:
                try:
                    st = os.stat(src)
                except OSError as exc:
                    report.skipped.append(Skip(item.path, f"unreadable: {exc.strerror or exc}"))
                    continue
            old = known.get(key)
            if old and old.get("reason") and not old.get("ncables") and skip_heals(old["reason"]):
                report.retried += 1  # skipped for a tool or setting that is there now: read it again
            elif old and not force and old.get("size") == st.st_size and (
                    old.get("mtime") == st.st_mtime or old.get("sha1") == safe_sha1(src)):
                report.unchanged += int(old.get("ncables") or 0)
                if old.get("reason"):  # the same path form as a first run's skips
                    report.skipped.append(Skip(text_path(os.path.relpath(src, walk_root)), old["reason"]))
                continue
            jobs.append((src, walk_root, st.st_size, st.st_mtime))
    return jobs, seen


def pruned(paths: Iterable[str | os.PathLike[str]], known: dict[str, dict[str, Any]], keep: set[str]
           ) -> list[str]:
    """The sources in `known` under one of `paths` that are not in `keep` (gone from disk)."""
    roots = [str(Path(p).resolve()) for p in paths]
    return [src for src in known if src not in keep
            and any(src == r or src.startswith(r.rstrip(os.sep) + os.sep) for r in roots)]
