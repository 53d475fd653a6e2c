"""The Python API: the same operations as the CLI, without click.

Scripts call these; the CLI is a thin face over them, so nothing a command can
do is out of reach from Python. `CableIndex` is a façade: building goes to
`indexing/`, searching to `searching/`, and both reach the index only through
the engine's interface (`engine/base.py`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cablesearch import manifest as manifest_cache
from cablesearch.budget import DEFAULT_WEB_TIMEOUT_S
from cablesearch.citations import RefNode
from cablesearch.engine import ENGINES, Engine
from cablesearch.errors import NotFoundError, ParseError
from cablesearch.indexing import IndexReport, OnProgress, Progress, ProgressFn, build_index, default_index_dir, update
from cablesearch.indexing.check import IndexCheck
from cablesearch.indexing.check import check_index as _check_folder
from cablesearch.indexing.folder import create_folder, folder_path, open_folder, open_or_create, read_person_table
from cablesearch.indexing.plan import read_manifest
from cablesearch.model import Cable, Skip, Source
from cablesearch.parse.tag_dictionary import TagInfo, describe
from cablesearch.results import TagCount
from cablesearch.searching import collection
from cablesearch.searching.refine import Refiner, filter_text
from cablesearch.searching.run import Searcher
from cablesearch.versions import CableDiff, Version, diff_cables, pick_version

__all__ = ["DEFAULT_WEB_TIMEOUT_S", "CableIndex", "IndexCheck", "IndexReport", "ParseReport", "Refiner", "build_index",
           "check_index", "default_index_dir", "describe_tag", "filter_text",
           "iter_parse", "open_index", "parse_cable", "parse_path", "search"]


class CableIndex:
    """An open cablesearch index directory."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        #: The engine the index is opened with (`engine.base.Engine`).
        self.engine = engine
        self._state: Searcher | None = None

    # -- opening -------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> "CableIndex":
        p = folder_path(path)
        return cls(p, open_folder(p))

    @classmethod
    def create(cls, path: str | os.PathLike[str] | None = None, *, engine: str | None = None) -> "CableIndex":
        """A new, empty index; `engine` names its search engine (None: the default, whoosh)."""
        p = folder_path(path)
        return cls(p, create_folder(p, engine))

    @classmethod
    def open_or_create(cls, path: str | os.PathLike[str] | None = None, *,
                       engine: str | None = None) -> "CableIndex":
        p = folder_path(path)
        return cls(p, open_or_create(p, engine))

    def close(self) -> None:
        self.engine.close()

    def __enter__(self) -> "CableIndex":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------
    def _search_state(self) -> Searcher:
        """One Searcher per engine reader: the same (with its caches) until a writer commits."""
        reader = self.engine.reader()
        if self._state is None or self._state.reader is not reader:
            self._state = Searcher(reader, lambda: read_person_table(self.path, len(reader.kind_docs("cable"))))
        return self._state

    def search(self, query: str, *, facets: Iterable[str] = (), facet_size: int = 10, limit: int | None = 10,
               offset: int = 0, sort: str | None = None, paragraphs: bool = False, from_: str | None = None,
               to: str | None = None, all_versions: bool = False, timeout: float | None = None,
               timeline: bool = False, facet_sort: str | None = None) -> Any:
        """Search cables (or paragraphs); returns `results.Results`. See README for the query syntax.

        `timeout`: the most seconds the search may take (None or 0: no limit; a web page would
        give `DEFAULT_WEB_TIMEOUT_S`), hits and facets included; past it the search stops
        within a step of its work and raises QueryTimeoutError (a QueryError: exit code 2).
        `timeline`: also count the matches by year (by month when they span two years at most),
        as `Results.timeline`. `facet_sort`: list facet values by `count` (most first) or by
        `value`; None: by value for year and month (time order), by count for the others."""
        return self._search_state().search(query, facets=tuple(facets), facet_size=facet_size, limit=limit,
                                           offset=offset, sort=sort, paragraphs=paragraphs, from_=from_, to=to,
                                           all_versions=all_versions, timeout=timeout, timeline=timeline,
                                           facet_sort=facet_sort)

    def stream(self, query: str, **kwargs: Any) -> tuple[Any, Iterator[Any]]:
        """`(Results without hits, iterator over every hit)`: one run of the query, hits built as
        they are taken, so a script (or `search --all`) can walk 250,000 hits in constant memory.
        Keyword arguments as `search`, less `limit`; `timeout` bounds the run before this returns
        (matches, sorting, facets), not the walk of the hits, which costs one record each."""
        return self._search_state().stream(query, **kwargs)

    def iter_hits(self, query: str, **kwargs: Any) -> Iterator[Any]:
        """Every hit of a query, streamed (no result cap)."""
        return self.stream(query, **kwargs)[1]

    def versions(self, cable_id: str) -> list[Cable]:
        """Every indexed copy of a cable (by id or alias), in index order."""
        return collection.versions(self._search_state(), cable_id)

    def get(self, cable_id: str) -> Cable:
        """The cable with this id (its first indexed copy), rebuilt from the index alone."""
        copies = self.versions(cable_id)
        if not copies:
            raise NotFoundError(f"no cable {cable_id!r} in the index at {self.path}")
        return copies[0]

    def copies(self, cable_id: str) -> list[Version]:
        """Every indexed copy of a cable with where and when it was read (`versions`)."""
        return collection.copies(self._search_state(), cable_id, self.path)

    def diff(self, cable_id: str, from_: str | None = None, to: str | None = None) -> CableDiff:
        """Compare two copies of a cable (default: the first two in index order);
        `from_`/`to` pick copies as `pick_version` reads them."""
        copies = self.copies(cable_id)
        if len(copies) < 2 and not (from_ and to):
            raise NotFoundError(f"only one copy of {copies[0].cable.id} in the index ({copies[0].label}): "
                                "nothing to compare")
        a = pick_version(copies, from_) if from_ else copies[0]
        if to:
            b = pick_version(copies, to)
        else:
            b = next(v for v in copies if v is not a)
        return diff_cables(a.cable, b.cable, a.to_dict(), b.to_dict())

    def refs(self, cable_id: str, depth: int = 1) -> RefNode:
        """What a cable cites and what cites it, `depth` steps each way (`refs`)."""
        return collection.refs(self._search_state(), cable_id, depth, self.path)

    def tags(self, pattern: str | None = None, *, everything: bool = False) -> list[TagCount]:
        """TAGS codes with kind, meaning and the number of cables carrying them (`tags`):
        see `searching.collection.tag_counts`."""
        return collection.tag_counts(self._search_state(), pattern, everything=everything)

    def stats(self) -> dict[str, Any]:
        """Counts, date range, top facet values and size on disk."""
        return collection.stats(self._search_state(), self.path, self.engine.schema_version)

    def check(self, *, deep: bool = True) -> IndexCheck:
        """Verify every file of this index (`check_index`)."""
        return check_index(self.path, deep=deep)

    # -- building ------------------------------------------------------------
    def manifest(self) -> manifest_cache.Manifest:
        """Source file -> stored size, mtime, sha1, cable count (and skip reason)."""
        return read_manifest(self.engine)

    def update(self, paths: Iterable[str | os.PathLike[str]], *, prune: bool = True,
               workers: int | None = None, progress: ProgressFn | None = None,
               aliases: str | os.PathLike[str] | None = None, hidden: bool = False,
               on_progress: OnProgress | None = None, cluster: Any = None) -> IndexReport:
        """Index new and changed files under `paths`; drop those gone from them (when `prune`).
        Hidden files and folders (names starting with `.`) are left out and counted, unless
        `hidden`.

        `aliases`: a people aliases file (TOML) to install as the index's own
        `people.toml`. When the aliases in force change, every cable is
        re-indexed, so no cable keeps names the user has merged or suppressed.

        `cluster`: the Dask cluster to read and parse the files on (`build_index`'s).
        """
        return update(self.engine, paths, prune=prune, workers=workers, progress=progress, aliases=aliases,
                      hidden=hidden, on_progress=on_progress, cluster=cluster)


def parse_cable(text: str, *, source: Source | None = None, metadata: dict[str, Any] | None = None) -> Cable:
    """Parse one cable's text. Raises ParseError only when the text is not a cable at all.
    (The parser's modules load on first use, so a search does not load them.)"""
    from cablesearch.parse import parse_cable as parse

    return parse(text, source=source, metadata=metadata)


def describe_tag(code: str) -> TagInfo:
    """What a TAGS code is (`kind`, `meaning`, `country`, `source`), from the TAGS dictionary or,
    for a code it lacks, from the code's shape: a row of `cablesearch tags` without its count."""
    return describe(code)


def open_index(path: str | os.PathLike[str] | None = None) -> CableIndex:
    """Open an existing index (default: $CABLESEARCH_INDEX or the per-user folder)."""
    return CableIndex.open(path)


def check_index(path: str | os.PathLike[str] | None = None, *, deep: bool = True) -> IndexCheck:
    """Verify every file of the index at `path` without opening it (`index --check`): the
    meta file, the manifest cache, and each of the engine's files -- there, at the size and
    checksum it was written with, and (`deep`) readable end to end. Damage is reported in the
    returned `IndexCheck` (`.ok`, `.damage`, `.error()`), never raised; IndexUnavailableError
    only when the folder holds no index at all."""
    return _check_folder(folder_path(path), deep=deep)


def search(index_path: str | os.PathLike[str] | None, query: str, **kwargs):
    """One call: open the index, search, close. Keyword arguments as `CableIndex.search`
    (`timeout=` counts from the search, after the index is opened)."""
    with CableIndex.open(index_path) as ix:
        return ix.search(query, **kwargs)


@dataclass
class ParseReport:
    """Cables parsed from a path, and every file or record that yielded none."""

    cables: list[Cable] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)


def iter_parse(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> Iterator[Cable | Skip]:
    """Stream parsed cables (and Skips) from a file or folder; never raises for bad input."""
    from cablesearch.parse import parse_raw
    from cablesearch.read import read_path

    for item in read_path(path, root):
        if isinstance(item, Skip):
            yield item
            continue
        try:
            yield parse_raw(item)
        except ParseError as exc:
            yield Skip(item.source.path or str(path), str(exc))


def parse_path(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> ParseReport:
    """Parse every cable under a path (file or folder) into a ParseReport."""
    report = ParseReport()
    for item in iter_parse(path, root):
        (report.skipped if isinstance(item, Skip) else report.cables).append(item)
    return report
