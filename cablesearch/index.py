"""Build and update the index: incremental, parallel, crash-safe.

* Incremental: each source file has a manifest document (path, size, mtime,
  SHA-1). A file whose size and mtime are unchanged is not read; one whose
  mtime alone changed is hashed and skipped when the content is the same; a
  changed file has all its documents replaced; a file gone from a re-indexed
  root has its documents removed (prune).
* Parallel: reading and parsing run in worker processes; the single Whoosh
  writer lives in this process.
* Crash-safe: Whoosh writes new segments and then switches the table of
  contents with an atomic rename, so until `commit()` returns, readers (and a
  process killed at any moment) see the previous committed index. The writer
  lock is an fcntl lock, which the kernel releases when its process dies, so a
  killed build never leaves a lock behind.
"""

from __future__ import annotations

import collections
import ctypes
import dataclasses
import hashlib
import itertools
import json
import multiprocessing
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import multiproc
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util.filelock import try_for

from cablesearch import manifest as manifest_cache
from cablesearch.citations import CableRef, RefNode, walk
from cablesearch.errors import IndexUnavailableError, IndexVersionError, NotFoundError, ParseError, UsageError
from cablesearch.model import Cable, Skip
from cablesearch.parse.names import PeopleAliases
from cablesearch.parse.tag_dictionary import all_tags, describe, tag_matches
from cablesearch.results import TagCount
from cablesearch.engine.whoosh.scoring import SegmentLengthBM25F
from cablesearch.engine.whoosh.schema import SCHEMA_VERSION, build_schema, cable_documents, numeric_value
from cablesearch.engine.whoosh.writer import BatchedPostingPool, LeanSegmentWriter
from cablesearch.engine.whoosh.storage import MappedStorage
from cablesearch.versions import CableDiff, Version, diff_cables, pick_version

INDEX_NAME = "cables"
META_FILE = "cablesearch.json"
#: The user's people aliases, kept with the index they apply to (README "People aliases").
ALIASES_FILE = "people.toml"
#: How long a second `index` run waits for the first to finish before giving up.
#: Builds reading at least this many files index in several writer processes.
PARALLEL_WRITER_FILES = 100
WRITER_LIMIT_MB = 256
# Segments are written as separate files, never as one compound `.seg` file: Whoosh reads a
# file inside a compound segment by copying it whole into memory (`BufferFile(BytesIO(...))`),
# so every reader held copies of the postings and stored records -- a no-op re-run over
# 10,000 synthetic cables peaked at 543 MB, 12 GB at 251,287 -- where separate files are
# memory-mapped and read on demand.
LOCK_TIMEOUT_S = float(os.environ.get("CABLESEARCH_LOCK_TIMEOUT", "10"))


def default_index_dir() -> Path:
    """`$CABLESEARCH_INDEX`, else `$XDG_DATA_HOME/cablesearch/index` (~/.local/share/cablesearch/index)."""
    env = os.environ.get("CABLESEARCH_INDEX")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "cablesearch" / "index"


@dataclass
class IndexReport:
    """What one `index` run did; `to_dict()` is the `--json` summary."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[Skip] = field(default_factory=list)
    files_read: int = 0
    cables_indexed: int = 0
    elapsed: float = 0.0
    index: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["skipped"] = [{"path": s.path, "reason": s.reason} for s in self.skipped]
        d["elapsed"] = round(self.elapsed, 3)
        return d


@dataclass
class _FileResult:
    src: str
    size: int
    mtime: float
    sha1: str
    cables: Iterable[Cable]  # a list from a worker; a generator for a streamed dump
    skips: list[Skip]
    count: int = 0  # cables written, set by the writer


ProgressFn = Callable[[int, int, int], None]  # (files done, files to read, cables so far)

#: Files bigger than this (a whole cables.csv: 1.7 GB) are read in the writing
#: process and written as they are parsed, so no list of all their cables is
#: ever held; smaller files go to the worker pool.
STREAM_BYTES = 32 * 1024 * 1024
#: Parsed files waiting for the writer, per worker: enough to keep the workers
#: busy, few enough that a slow writer cannot pile up the whole corpus in memory.
PENDING_PER_WORKER = 8


def _sha1(path: str) -> str:
    h = hashlib.sha1()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _iter_cables(path: str, root: str, skips: list[Skip]) -> Iterator[Cable]:
    """Read and parse one file; every failure becomes a Skip appended to `skips`."""
    # Imported here, not with the module: a search never reads or parses a file, and the
    # parser's and readers' modules were a third of a CLI search's start-up (about 0.1 s).
    from cablesearch.parse import parse_raw
    from cablesearch.read import read_file

    try:
        for item in read_file(path, root):
            if isinstance(item, Skip):
                skips.append(item)
                continue
            try:
                yield parse_raw(item)
            except ParseError as exc:
                skips.append(Skip(item.source.path or path, str(exc)))
    except Exception as exc:  # a reader bug must cost one file, not the whole build
        skips.append(Skip(path, f"could not read: {type(exc).__name__}: {exc}"))


def _open_file(job: tuple[str, str, int, float], *, stream: bool) -> _FileResult:
    path, root, size, mtime = job
    try:
        digest = _sha1(path)
    except OSError as exc:
        return _FileResult(path, size, mtime, "", [], [Skip(path, f"unreadable: {exc.strerror or exc}")])
    skips: list[Skip] = []
    cables = _iter_cables(path, root, skips)
    return _FileResult(path, size, mtime, digest, cables if stream else list(cables), skips)


def _process_file(job: tuple[str, str, int, float]) -> _FileResult:
    """Worker: read and parse one file. Never raises."""
    return _open_file(job, stream=False)


class CableIndex:
    """An open cablesearch index directory."""

    def __init__(self, path: Path, ix: Any) -> None:
        self.path = path
        self._ix = ix
        self._searcher: Any = None
        self._aliases = PeopleAliases()
        self._read_at: str | None = None

    # -- opening -------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> "CableIndex":
        p = Path(path) if path else default_index_dir()
        meta = p / META_FILE
        if not meta.exists() or not whoosh_index.exists_in(str(p), indexname=INDEX_NAME):
            raise IndexUnavailableError(f"no index at {p}: run `cablesearch index PATH --index {p}` first")
        try:
            version = json.loads(meta.read_text(encoding="utf-8")).get("schema_version")
        except (OSError, ValueError) as exc:
            raise IndexUnavailableError(f"index metadata at {meta} is unreadable ({exc}); rebuild with --rebuild") from exc
        if version != SCHEMA_VERSION:
            raise IndexVersionError(
                f"index at {p} was written by schema version {version}, this cablesearch reads version "
                f"{SCHEMA_VERSION}: rebuild it with `cablesearch index PATH --rebuild --index {p}`")
        try:
            ix = MappedStorage(str(p)).open_index(indexname=INDEX_NAME)
        except Exception as exc:
            raise IndexUnavailableError(f"index at {p} cannot be opened ({type(exc).__name__}: {exc}); "
                              f"rebuild it with --rebuild") from exc
        return cls(p, ix)

    @classmethod
    def create(cls, path: str | os.PathLike[str] | None = None) -> "CableIndex":
        p = Path(path) if path else default_index_dir()
        p.mkdir(parents=True, exist_ok=True)
        ix = MappedStorage(str(p)).create_index(build_schema(), indexname=INDEX_NAME)
        _write_meta(p)
        return cls(p, ix)

    @classmethod
    def open_or_create(cls, path: str | os.PathLike[str] | None = None) -> "CableIndex":
        p = Path(path) if path else default_index_dir()
        if (p / META_FILE).exists():
            return cls.open(p)
        return cls.create(p)

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def __enter__(self) -> "CableIndex":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def whoosh(self) -> Any:
        """The underlying Whoosh index (internal: for the query layer)."""
        return self._ix

    def searcher(self) -> Any:
        """One reused searcher, refreshed when a writer has committed since (whoosh-notes.md)."""
        if self._searcher is None:
            self._searcher = self._ix.searcher(weighting=SegmentLengthBM25F())
        elif not self._searcher.up_to_date():
            self._searcher = self._searcher.refresh()
        return self._searcher

    # -- reading -------------------------------------------------------------
    def _search_state(self) -> Any:
        from cablesearch.engine.whoosh.reader import WhooshReader
        from cablesearch.searching.run import Searcher

        s = self.searcher()
        if getattr(self, "_state", None) is None or self._state.reader.searcher is not s:
            self._state = Searcher(WhooshReader(s))
        return self._state

    def search(self, query: str, *, facets: Iterable[str] = (), facet_size: int = 10, limit: int | None = 10,
               offset: int = 0, sort: str = "relevance", paragraphs: bool = False, from_: str | None = None,
               to: str | None = None, all_versions: bool = False) -> Any:
        """Search cables (or paragraphs); returns `results.Results`. See README for the query syntax."""
        return self._search_state().search(query, facets=tuple(facets), facet_size=facet_size, limit=limit,
                                           offset=offset, sort=sort, paragraphs=paragraphs, from_=from_, to=to,
                                           all_versions=all_versions)

    def stream(self, query: str, **kwargs: Any) -> tuple[Any, Iterator[Any]]:
        """`(Results without hits, iterator over every hit)`: one run of the query, hits built as
        they are taken, so a script (or `search --all`) can walk 250,000 hits in constant memory."""
        return self._search_state().stream(query, **kwargs)

    def iter_hits(self, query: str, **kwargs: Any) -> Iterator[Any]:
        """Every hit of a query, streamed (no result cap)."""
        return self.stream(query, **kwargs)[1]

    def versions(self, cable_id: str) -> list[Cable]:
        """Every indexed copy of a cable (by id or alias), in index order."""
        state = self._search_state()
        return [Cable.from_dict(state.record(d)) for d in state.cable_docnums(cable_id)]

    def get(self, cable_id: str) -> Cable:
        """The cable with this id (its first indexed copy), rebuilt from the index alone."""
        copies = self.versions(cable_id)
        if not copies:
            raise NotFoundError(f"no cable {cable_id!r} in the index at {self.path}")
        return copies[0]

    def copies(self, cable_id: str) -> list[Version]:
        """Every indexed copy of a cable with where and when it was read (`versions`)."""
        state = self._search_state()
        out = []
        for n, d in enumerate(state.cable_docnums(cable_id), 1):
            stored = state.reader.stored(d)
            files = state.reader.docs_with("key", "file:" + stored.get("src", ""))
            f = state.reader.stored(files[0]) if files else {}
            out.append(Version(n, stored.get("key", ""), Cable.from_dict(state.record(d)), f.get("read_at"),
                               f.get("mtime"), f.get("size"), f.get("sha1")))
        if not out:
            raise NotFoundError(f"no cable {cable_id!r} in the index at {self.path}")
        return out

    def diff(self, cable_id: str, from_: str | None = None, to: str | None = None) -> CableDiff:
        """Compare two copies of a cable (default: the first two in index order);
        `from_`/`to` pick copies as `pick_version` reads them."""
        copies = self.copies(cable_id)
        if len(copies) < 2 and not (from_ and to):
            raise NotFoundError(f"only one copy of {copies[0].cable.id} in the index ({copies[0].source['path']}): "
                                "nothing to compare")
        a = pick_version(copies, from_) if from_ else copies[0]
        if to:
            b = pick_version(copies, to)
        else:
            b = next(v for v in copies if v is not a)
        return diff_cables(a.cable, b.cable, a.to_dict(), b.to_dict())

    def refs(self, cable_id: str, depth: int = 1) -> RefNode:
        """What a cable cites and what cites it, `depth` steps each way (`refs`)."""
        if depth < 0:
            raise UsageError("--depth must be 0 or more")
        state = self._search_state()

        def lookup(cid: str) -> CableRef:
            docs = state.cable_docnums(cid)
            if not docs:
                return CableRef(cid)
            rec = state.record(docs[0])
            return CableRef(rec.get("id") or cid, rec.get("date"), rec.get("subject"), True,
                            tuple(rec.get("references") or ()))

        root = lookup(cable_id)
        if not root.in_index and not state.cited_by(root.id):
            raise NotFoundError(f"no cable {cable_id!r} in the index at {self.path}, and no indexed cable cites it")
        return walk(root.id, lookup, state.cited_by, depth)

    def tags(self, pattern: str | None = None, *, everything: bool = False) -> list[TagCount]:
        """TAGS codes with kind, meaning and the number of cables carrying them (`tags`).

        Without a pattern: the codes used in the index (and with `everything`, the
        whole dictionary). A pattern keeps codes whose code or meaning contains it
        (`narc`, `human rights`), or that match it as a glob (`K*`), dictionary
        entries no cable carries included.
        """
        facet = self.search("", facets=("tags",), facet_size=1 << 30, limit=0).facets["tags"]
        counts = {v.value: v.count for v in facet.values}
        codes = set(counts)
        if pattern or everything:
            codes |= {t.code for t in all_tags()}
        infos = [(c, describe(c)) for c in codes]
        rows = [TagCount(i.code, i.kind, i.meaning, i.country, i.source, counts.get(c, 0))
                for c, i in infos if not pattern or tag_matches(i, pattern)]
        return sorted(rows, key=lambda t: (-t.count, t.code))

    def stats(self) -> dict[str, Any]:
        """Counts, date range, top facet values and size on disk."""
        from cablesearch.searching.facets import count_facets

        # Documents by kind read a postings block at a time, columns in bulk: Whoosh's
        # document_numbers and a column read per document took seconds at Cablegate scale.
        state = self._search_state()
        cables = sorted(state.kind_docs("cable"))
        paras = len(state.kind_docs("para"))
        files = len(state.kind_docs("file"))
        days = [v for v in state.reader.column("day").bulk(cables) if v]
        ids = state.reader.column("id").bulk(cables)
        facets = count_facets(state.reader, cables, ("classification", "station", "tags", "year"), 10)
        size = sum(f.stat().st_size for f in self.path.iterdir() if f.is_file())
        fmt = lambda n: f"{n // 10000:04d}-{n // 100 % 100:02d}-{n % 100:02d}" if n else None  # noqa: E731
        return {
            "index": str(self.path), "cables": len(cables), "distinct_ids": len(set(ids)),
            "paragraphs": paras, "files": files,
            "date_from": fmt(min(days)) if days else None, "date_to": fmt(max(days)) if days else None,
            "size_bytes": size, "schema_version": SCHEMA_VERSION,
            "facets": {k: v.to_dict() for k, v in facets.items()},
        }

    # -- building ------------------------------------------------------------
    def manifest(self) -> manifest_cache.Manifest:
        """Source file -> stored size, mtime, sha1, cable count (and skip reason)."""
        cached = manifest_cache.load(self.path, manifest_cache.commit_label(self._ix))
        if cached is not None:
            return cached
        out: manifest_cache.Manifest = {}
        with self._ix.searcher() as s:
            for docnum in s.document_numbers(kind="file"):
                f = s.stored_fields(docnum)
                out[f["src"]] = manifest_cache.entry(f)
        return out

    def update(self, paths: Iterable[str | os.PathLike[str]], *, prune: bool = True,
               workers: int | None = None, progress: ProgressFn | None = None,
               aliases: str | os.PathLike[str] | None = None) -> IndexReport:
        """Index new and changed files under `paths`; drop those gone from them (when `prune`).

        `aliases`: a people aliases file (TOML) to install as the index's own
        `people.toml`. When the aliases in force change, every cable is
        re-indexed, so no cable keeps names the user has merged or suppressed.
        """
        t0 = time.perf_counter()
        report = IndexReport(index=str(self.path))
        if aliases is not None:
            PeopleAliases.load(aliases)  # refuse a bad file before touching the index
        # Our own hold on Whoosh's write lock, so the writer can be chosen after planning
        # (an OS file lock: a killed run leaves nothing behind that blocks the next one).
        lock = self._ix.lock("WRITELOCK")
        if not try_for(lock.acquire, timeout=LOCK_TIMEOUT_S, delay=0.1):
            raise IndexUnavailableError(f"another `cablesearch index` is writing {self.path}; wait for it to finish "
                              f"(it holds the lock until it exits)")
        try:
            if aliases is not None:  # installed under the lock: a running build keeps the aliases it began with
                tmp = self.path / (ALIASES_FILE + ".tmp")
                shutil.copyfile(aliases, tmp)
                os.replace(tmp, self.path / ALIASES_FILE)
            self._aliases, fingerprint = _load_aliases(self.path)
            force = fingerprint != _read_meta(self.path).get("people_aliases", "")
            self._update_locked(paths, prune, workers, progress, report, force)
            _write_meta(self.path, people_aliases=fingerprint)
        finally:
            lock.release()
        report.elapsed = time.perf_counter() - t0
        return report

    def _update_locked(self, paths: Iterable[str | os.PathLike[str]], prune: bool, workers: int | None,
                       progress: ProgressFn | None, report: IndexReport, force: bool) -> None:
        paths = list(paths)
        known = self.manifest()
        # When this run read the files: `versions` tells copies apart by it.
        self._read_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        jobs, seen = self._plan(paths, known, report, force)
        n = workers or os.cpu_count() or 1
        if n > 1 and len(jobs) >= PARALLEL_WRITER_FILES and sys.platform == "linux":
            # Whoosh's writer, not parsing, is the bottleneck (about 1,400 postings a cable):
            # index in `n` writer processes and parse here (1,000 synthetic cables, 2 cores:
            # 8.6 s against 15.2 s with parser workers and one writer). Their segments are
            # kept as they are (multisegment) rather than merged at the end.
            writer = _OrphanSafeMpWriter(self._ix, procs=n, multisegment=True, _lk=False, compound=False,
                                         limitmb=WRITER_LIMIT_MB,
                                         subargs={"limitmb": WRITER_LIMIT_MB, "compound": False})
            parse_workers = 1
        else:
            writer = SEGMENT_WRITER(self._ix, _lk=False, limitmb=WRITER_LIMIT_MB, compound=False)
            parse_workers = n
        after = dict(known)  # the manifest this run ends with
        deleter = _Deleter(writer)
        try:
            new_srcs = {job[0] for job in jobs}
            for result in self._run(jobs, parse_workers, progress):
                if result.src in known:
                    deleter.delete(result.src)
                after[result.src] = self._write_file(writer, result, replacing=result.src in known, report=report)
                report.files_read += 1
            if prune:
                roots = [str(Path(p).resolve()) for p in paths]
                for src, stored in known.items():
                    if src in seen or src in new_srcs:
                        continue
                    if any(src == r or src.startswith(r.rstrip(os.sep) + os.sep) for r in roots):
                        deleter.delete(src)
                        report.removed += int(stored.get("ncables") or 0)
                        del after[src]
            deleter.close()
            writer.commit()
        except BaseException:
            deleter.close()
            writer.cancel()
            raise
        manifest_cache.save(self.path, manifest_cache.commit_label(self._ix), after)

    def _plan(self, paths: Iterable[str | os.PathLike[str]], known: dict[str, dict[str, Any]],
              report: IndexReport, force: bool = False) -> tuple[list[tuple[str, str, int, float]], set[str]]:
        from cablesearch.read import walk_files

        jobs: list[tuple[str, str, int, float]] = []
        seen: set[str] = set()
        for p in paths:
            root = Path(p).resolve()
            walk_root = str(root if root.is_dir() else root.parent)
            # Walked from its real path, a file's path is real unless a link led to it.
            for item in walk_files(str(root), walk_root):
                if isinstance(item, Skip):
                    report.skipped.append(item)
                    continue
                src = os.path.realpath(item.path) if item.linked else item.path
                if src in seen:
                    continue
                seen.add(src)
                st = item.stat
                if st is None:
                    try:
                        st = os.stat(src)
                    except OSError as exc:
                        report.skipped.append(Skip(item.path, f"unreadable: {exc.strerror or exc}"))
                        continue
                old = known.get(src)
                if old and not force and old.get("size") == st.st_size and (
                        old.get("mtime") == st.st_mtime or old.get("sha1") == _safe_sha1(src)):
                    report.unchanged += int(old.get("ncables") or 0)
                    if old.get("reason"):  # the same path form as a first run's skips
                        report.skipped.append(Skip(os.path.relpath(src, walk_root), old["reason"]))
                    continue
                jobs.append((src, walk_root, st.st_size, st.st_mtime))
        return jobs, seen

    def _run(self, jobs: list[tuple[str, str, int, float]], workers: int | None,
             progress: ProgressFn | None) -> Iterator[_FileResult]:
        n = workers or os.cpu_count() or 1
        done = cables = 0
        small = [j for j in jobs if j[2] <= STREAM_BYTES]
        big = [j for j in jobs if j[2] > STREAM_BYTES]
        pool = None
        if n <= 1 or len(small) < 8:
            results: Iterator[_FileResult] = map(_process_file, small)
        else:
            ctx = multiprocessing.get_context("forkserver" if hasattr(os, "fork") else "spawn")
            pool = ctx.Pool(n)
            results = _windowed(pool, small, n * PENDING_PER_WORKER)
        streamed = (_open_file(job, stream=True) for job in big)
        try:
            for result in itertools.chain(results, streamed):
                done += 1
                yield result
                cables += result.count
                if progress:
                    progress(done, len(jobs), cables)
        finally:
            if pool is not None:
                pool.terminate()
                pool.join()

    def _write_file(self, writer: Any, result: _FileResult, *, replacing: bool, report: IndexReport
                    ) -> dict[str, Any]:
        """Write one file's cables and its manifest document (the old ones are deleted already);
        returns its manifest entry."""
        count = 0
        for cable in result.cables:
            if self._aliases and cable.people:
                cable = dataclasses.replace(cable, people=self._aliases.apply(cable.people))
            for doc in cable_documents(cable, f"{result.src}#{count}", result.src):
                writer.add_document(**doc)
            count += 1
        result.count = count
        if replacing:
            report.updated += count
        else:
            report.added += count
        report.cables_indexed += count
        report.skipped.extend(result.skips)
        reason = result.skips[0].reason if result.skips and not count else ""
        manifest = dict(kind="file", key="file:" + result.src, src=result.src, size=result.size,
                        mtime=result.mtime, sha1=result.sha1, ncables=count,
                        read_at=self._read_at)
        if reason:
            manifest["reason"] = reason
        writer.add_document(**manifest)
        return manifest_cache.entry(manifest)


#: The writer of new segments, in this process and in each writer process
#: (a test swaps in Whoosh's own to compare the two).
SEGMENT_WRITER: Any = LeanSegmentWriter

class _WriterTask(SubWriterTask):
    """A Whoosh writer process that dies with the build.

    Forked writer processes inherit the index's write lock; if the build is
    killed (SIGKILL) they would wait for work forever and hold the lock, so
    every later `cablesearch index` would be refused. The kernel kills them
    when their parent dies instead (Linux prctl PR_SET_PDEATHSIG).
    """

    parent_pid = 0  # set in the parent before the fork

    def run(self) -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != self.parent_pid:  # the parent died before prctl took effect
            os._exit(1)
        multiproc.SegmentWriter = SEGMENT_WRITER  # this process's copy of the module only
        super().run()


class _Deleter:
    """Deletes a source file's documents, reading the `src` term's postings of each segment
    straight from its term file.

    Whoosh's `delete_by_term` opens a searcher on every segment per call (10.3 s of 2,512
    deletions in a re-run at 251,287 cables); with one searcher kept for the run it still
    copied each segment's set of deleted documents into a new frozenset per segment per
    call (`SegmentReader.postings`), a set that grows with every deletion: 10.7 s again in a
    second re-run. A document deleted twice stays deleted, so the postings need no filter.
    """

    def __init__(self, writer: Any) -> None:
        self.writer = writer
        self.reader: Any = None
        self.leaves: list[tuple[Any, int]] = []

    def delete(self, src: str) -> None:
        if self.reader is None:
            self.reader = self.writer.reader()
            self.leaves = self.reader.leaf_readers()
        for leaf, offset in self.leaves:
            text = leaf._text_to_bytes("src", src)
            if ("src", text) not in leaf:
                continue
            postings = leaf._terms.matcher("src", text, leaf.schema["src"].format, scorer=None)
            for docnum in postings.all_ids():
                self.writer.delete_document(offset + docnum)

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()
            self.reader = None
            self.leaves = []


class _OrphanSafeMpWriter(MpWriter):
    """Whoosh's multi-process writer whose writer processes die with the build, and whose own
    pool (it merges small segments at commit) writes its sort runs in batches."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.pool = BatchedPostingPool(self.pool)

    def _new_task(self) -> SubWriterTask:
        task = _WriterTask(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs,
                           self.multisegment)
        task.parent_pid = os.getpid()
        self.tasks.append(task)
        task.start()
        return task


def _windowed(pool: Any, jobs: list[tuple[str, str, int, float]], window: int) -> Iterator[_FileResult]:
    """Results of `jobs` in order, with at most `window` parsed files waiting for the writer."""
    pending: collections.deque[Any] = collections.deque()
    todo = iter(jobs)
    for job in itertools.islice(todo, window):
        pending.append(pool.apply_async(_process_file, (job,)))
    while pending:
        result = pending.popleft().get()
        job = next(todo, None)
        if job is not None:
            pending.append(pool.apply_async(_process_file, (job,)))
        yield result


def _safe_sha1(path: str) -> str | None:
    try:
        return _sha1(path)
    except OSError:
        return None


def _write_meta(path: Path, **extra: Any) -> None:
    """Record the schema version (and what else the index depends on) atomically: write, then rename."""
    tmp = path / (META_FILE + ".tmp")
    tmp.write_text(json.dumps({"schema_version": SCHEMA_VERSION, **extra}), encoding="utf-8")
    os.replace(tmp, path / META_FILE)


def _read_meta(path: Path) -> dict[str, Any]:
    try:
        return json.loads((path / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _load_aliases(path: Path) -> tuple[PeopleAliases, str]:
    """The index's people aliases and a fingerprint of them ("" when there are none)."""
    file = path / ALIASES_FILE
    if not file.exists():
        return PeopleAliases(), ""
    aliases = PeopleAliases.load(file)
    return aliases, hashlib.sha1(file.read_bytes()).hexdigest()


def build_index(paths: Iterable[str | os.PathLike[str]], index_dir: str | os.PathLike[str] | None = None, *,
                rebuild: bool = False, prune: bool = True, workers: int | None = None,
                progress: ProgressFn | None = None,
                aliases: str | os.PathLike[str] | None = None) -> IndexReport:
    """Create (or update) the index at `index_dir` from files and folders.

    `rebuild` builds a fresh index beside the old one and swaps it in only
    when complete, so an interrupted rebuild leaves the old index searchable.
    """
    paths = list(paths)
    target = Path(index_dir) if index_dir else default_index_dir()
    if not rebuild:
        with CableIndex.open_or_create(target) as ix:
            return ix.update(paths, prune=prune, workers=workers, progress=progress, aliases=aliases)
    fresh = target.with_name(target.name + ".rebuild")
    shutil.rmtree(fresh, ignore_errors=True)
    if aliases is None and (target / ALIASES_FILE).exists():
        aliases = target / ALIASES_FILE  # the rebuilt index keeps the user's aliases
    with CableIndex.create(fresh) as ix:
        report = ix.update(paths, prune=prune, workers=workers, progress=progress, aliases=aliases)
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(fresh, target)
    shutil.rmtree(old, ignore_errors=True)
    report.index = str(target)
    return report
