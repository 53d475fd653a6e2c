"""One `index` run: plan under the engine's write lock, write each file's cables and
manifest, prune, commit; and `build_index`, which also rebuilds beside the old index.

Everything reaches the index through `engine.base` (Engine, Writer): nothing here knows
the search library.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from cablesearch import manifest as manifest_cache
from cablesearch.engine.base import Engine, Writer, describe
from cablesearch.errors import IndexDamagedError, IndexWriteError
from cablesearch.indexing.files import (FileResult, OnProgress, ProgressFn, end_if_starting, read_files, split_jobs,
                                        write_cables)
from cablesearch.indexing.folder import (ALIASES_FILE, PEOPLE_FILE, create_folder, folder_engine, folder_lock,
                                         folder_path, load_aliases, lock_path, open_or_create, read_meta,
                                         rebuilt_path, recover_swap, swap_in, write_meta, write_person_table)
from cablesearch.indexing.plan import plan, pruned, read_manifest
from cablesearch.indexing.report import IndexReport
from cablesearch.parse.names import PeopleAliases

#: How long a second `index` run waits for the first to finish before giving up.
LOCK_TIMEOUT_S = float(os.environ.get("CABLESEARCH_LOCK_TIMEOUT", "10"))


def update(engine: Engine, paths: Iterable[str | os.PathLike[str]], *, prune: bool = True,
           workers: int | None = None, progress: ProgressFn | None = None,
           aliases: str | os.PathLike[str] | None = None, hidden: bool = False,
           on_progress: OnProgress | None = None, cluster: Any = None) -> IndexReport:
    """Index new and changed files under `paths` into `engine`'s index; drop those
    gone from them (when `prune`).

    `cluster`: a Dask cluster to read and parse the files on (`indexing.cluster`): an address
    (`tcp://host:8786`, or `local:N` for N worker processes here) or a `distributed.Client`.
    Everything else -- the plan, the lock, the writing, the commit, the report -- is this
    process's, as without it; `workers` then counts this process's writer processes.

    `aliases`: a people aliases file (TOML) to install as the index's own
    `people.toml`. When the aliases in force change, every cable is
    re-indexed, so no cable keeps names the user has merged or suppressed.

    `on_progress` is called with a `Progress` after each file is written; `progress`, the
    first form of it, with (files done, files to read, cables so far).

    A damaged index is refused (IndexDamagedError) before anything is written: every file
    of its last commit is compared with the sizes and checksums recorded when it was
    written (`Engine.check(deep=False)`: about a second per gigabyte of index), so no damage
    is carried into new segments. Each commit is then sealed (`Engine.seal`).
    """
    end_if_starting()
    if on_progress is None and progress is not None:
        on_progress = _three_numbers(progress)
    t0 = time.perf_counter()
    path = engine.path
    report = IndexReport(index=str(path))
    if aliases is not None:
        PeopleAliases.load(aliases)  # refuse a bad file before touching the index
    # Held for the whole run, so the writer can be chosen after planning; the folder's lock
    # keeps a rebuild from swapping the folder away under it.
    with _connected(cluster) as connected, folder_lock(path, LOCK_TIMEOUT_S), engine.lock(LOCK_TIMEOUT_S):
        damage = engine.check(path, deep=False).damage
        if damage:
            raise IndexDamagedError(path, describe(damage))
        if aliases is not None:  # installed under the lock: a running build keeps the aliases it began with
            tmp = path / (ALIASES_FILE + ".tmp")
            shutil.copyfile(aliases, tmp)
            os.replace(tmp, path / ALIASES_FILE)
        people, fingerprint = load_aliases(path)
        force = fingerprint != read_meta(path).get("people_aliases", "")
        _update_locked(engine, paths, prune, workers, on_progress, report, force, people, hidden, connected)
        try:
            write_person_table(engine, people)
        except OSError:  # the cables are committed: without a table, the facet groups by spelling
            (path / PEOPLE_FILE).unlink(missing_ok=True)
        write_meta(engine, people_aliases=fingerprint)
    report.elapsed = time.perf_counter() - t0
    return report


def _update_locked(engine: Engine, paths: Iterable[str | os.PathLike[str]], prune: bool, workers: int | None,
                   progress: OnProgress | None, report: IndexReport, force: bool, people: PeopleAliases,
                   hidden: bool = False, cluster: Any = None) -> None:
    from cablesearch.read import text_path  # here: a search (which imports this module) reads no file

    paths = list(paths)
    known = read_manifest(engine)
    # When this run read the files: `versions` tells copies apart by it.
    read_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    jobs, seen = plan(paths, known, report, force, hidden)
    # On a cluster, an engine that can have parts of the commit written elsewhere has the
    # workers write the small files' cables; this process's writer takes only the big files.
    by_parts = cluster is not None and engine.writes_parts
    own = split_jobs(jobs)[1] if by_parts else jobs
    writer, parse_workers = engine.writer(files=len(own), workers=workers or os.cpu_count() or 1)
    after = dict(known)  # the manifest this run ends with
    results: Iterator[FileResult] = iter(())
    try:
        if cluster is None:
            results = read_files(jobs, parse_workers, progress)
        else:
            parts = (_cluster_module().Parts(engine.name, os.path.abspath(engine.path), people, writer.add_part)
                     if by_parts else None)
            results = _cluster_module().read_files(cluster, jobs, progress, parts)
        for result in results:
            key = text_path(result.src)  # a source's name in the index (a file name may not be UTF-8)
            if key in known:
                writer.delete_source(key)
            after[key] = _write_file(writer, result, key, replacing=key in known, report=report,
                                     read_at=read_at, people=people)
            report.files_read += 1
        if prune:
            for src in pruned(paths, known, seen):
                writer.delete_source(src)
                report.removed += int(known[src].get("ncables") or 0)
                del after[src]
        writer.commit()
    except (OSError, IndexWriteError) as exc:
        message = _write_failure(engine.path, exc)  # before cancelling, which may make a folder again
        _close(results)
        writer.cancel()
        raise IndexWriteError(message) from exc
    except BaseException:
        _close(results)
        writer.cancel()
        raise
    engine.seal()
    manifest_cache.save(engine.path, engine.commit_label(), after)


def _close(results: Iterator[FileResult]) -> None:
    """Stop reading: the parsing processes, or a cluster's workers, stop before the writer
    cancels, so that nothing is written into the folder after the cancel cleans it."""
    close = getattr(results, "close", None)
    if close is not None:
        with contextlib.suppress(Exception):  # it runs while another error propagates
            close()


def _cluster_module() -> Any:
    """`indexing.cluster`, loaded only for a build that names a cluster (it imports Dask)."""
    from cablesearch.indexing import cluster

    return cluster


def _connected(cluster: Any) -> contextlib.AbstractContextManager[Any]:
    """A connection to `cluster` for the run (`cluster.connect`), or None without one."""
    return contextlib.nullcontext() if cluster is None else _cluster_module().connect(cluster)


def _three_numbers(progress: ProgressFn) -> OnProgress:
    """An `on_progress` that calls a `progress` of the first form."""
    return lambda p: progress(p.files_done, p.files_total, p.cables)


def _write_failure(path: Path, exc: OSError | IndexWriteError) -> str:
    """The one line a failed write ends a run with: what failed, and that the index is as it was."""
    if not path.exists():
        reason = "the index folder was removed during the run"
    elif isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        if exc.errno == errno.ENOSPC:
            reason += " (free some space and run again)"
    else:
        reason = str(exc)
    return f"could not update the index at {path}: {reason}; nothing of this run was committed"


def _write_file(writer: Writer, result: FileResult, src: str, *, replacing: bool, report: IndexReport, read_at: str,
                people: PeopleAliases) -> dict[str, Any]:
    """Write one file's cables and its manifest document under its name `src` (the old ones are
    deleted already); returns its manifest entry."""
    if result.written:
        count, ocr = result.count, result.ocr_count
    else:
        count, ocr = result.count, result.ocr_count = write_cables(writer, result.cables, src, people)
    report.ocr_cables += ocr
    if replacing:
        report.updated += count
    else:
        report.added += count
    report.cables_indexed += count
    report.skipped.extend(result.skips)
    reason = result.skips[0].reason if result.skips and not count else ""
    manifest = dict(src=src, size=result.size, mtime=result.mtime, sha1=result.sha1, ncables=count,
                    read_at=read_at)
    if reason:
        manifest["reason"] = reason
    writer.add_file(manifest)
    return manifest_cache.entry(manifest)


def build_index(paths: Iterable[str | os.PathLike[str]], index_dir: str | os.PathLike[str] | None = None, *,
                rebuild: bool = False, prune: bool = True, workers: int | None = None,
                progress: ProgressFn | None = None,
                aliases: str | os.PathLike[str] | None = None, hidden: bool = False,
                on_progress: OnProgress | None = None, engine: str | None = None, cluster: Any = None
                ) -> IndexReport:
    """Create (or update) the index at `index_dir` from files and folders (hidden ones, whose
    names start with `.`, only with `hidden`). `on_progress`, `progress` and `cluster` as in
    `update`.

    `rebuild` builds a fresh index beside the old one and swaps it in only
    when complete, so an interrupted rebuild leaves the old index searchable.
    `engine` names the search engine of a new index (`engine.ENGINES`; None: the
    folder's own, else the default); an existing index keeps the engine it was created
    with unless rebuilt (UsageError when another is named without `rebuild`).
    It never
    opens the old index, so it also replaces a damaged one. Without `rebuild`, a damaged
    index is refused (IndexDamagedError, naming `paths` in the rebuild to run) and left as
    it is: never started over, never replaced.

    With a `cluster`, it is reached (or started) before the index folder is touched: an
    address it cannot use leaves no folder behind.
    """
    end_if_starting()
    with _connected(cluster) as connected:
        return _build(list(paths), folder_path(index_dir), rebuild=rebuild, prune=prune, workers=workers,
                      progress=progress, aliases=aliases, hidden=hidden, on_progress=on_progress, engine=engine,
                      cluster=connected)


def _build(paths: list[str | os.PathLike[str]], target: Path, *, rebuild: bool, prune: bool, workers: int | None,
           progress: ProgressFn | None, aliases: str | os.PathLike[str] | None, hidden: bool,
           on_progress: OnProgress | None, engine: str | None, cluster: Any) -> IndexReport:
    """`build_index` with its cluster connected."""
    recover_swap(target)
    if not rebuild:
        try:
            address = cluster.command_address() if cluster is not None else None  # a run again: the same cluster
            opened = open_or_create(target, engine, first_build=tuple(map(os.path.abspath, paths)),
                                    first_build_options=("--cluster", address) if address else ())
            try:
                return update(opened, paths, prune=prune, workers=workers, progress=progress, aliases=aliases,
                              hidden=hidden, on_progress=on_progress, cluster=cluster)
            finally:
                opened.close()
        except IndexDamagedError as exc:  # the rebuild to run names what this run was given
            raise IndexDamagedError(exc.path, exc.problem, sources=tuple(map(str, paths))) from exc
    fresh = rebuilt_path(target)
    with folder_lock(target, LOCK_TIMEOUT_S):  # the same lock a plain run takes: never both at once
        shutil.rmtree(fresh, ignore_errors=True)
        if aliases is None and (target / ALIASES_FILE).exists():
            aliases = target / ALIASES_FILE  # the rebuilt index keeps the user's aliases
        created = create_folder(fresh, engine or folder_engine(target))
        try:
            report = update(created, paths, prune=prune, workers=workers, progress=progress, aliases=aliases,
                            hidden=hidden, on_progress=on_progress, cluster=cluster)
        except BaseException:
            created.close()
            shutil.rmtree(fresh, ignore_errors=True)  # a half-built index is of no use, and takes space
            raise
        finally:  # only ever taken under the target's lock, held here: no one else waits on it
            lock_path(fresh).unlink(missing_ok=True)
        created.close()
        swap_in(target)
    report.index = str(target)
    return report
