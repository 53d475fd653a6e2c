"""An open index: `CableIndex`, the façade the API gives for searching and building.

Opening and building go through `indexing/` and the engine (`engine.whoosh.store`);
the read methods through `searching/`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from cablesearch import manifest as manifest_cache
from cablesearch.citations import CableRef, RefNode, walk
from cablesearch.engine.whoosh.schema import SCHEMA_VERSION, numeric_value
from cablesearch.engine.whoosh.store import WhooshEngine
from cablesearch.errors import NotFoundError, UsageError
from cablesearch.indexing import IndexReport, ProgressFn, build_index, default_index_dir, update
from cablesearch.indexing.folder import create_folder, folder_path, open_folder, open_or_create
from cablesearch.indexing.plan import read_manifest
from cablesearch.model import Cable
from cablesearch.parse.tag_dictionary import all_tags, describe, tag_matches
from cablesearch.results import TagCount
from cablesearch.versions import CableDiff, Version, diff_cables, pick_version

__all__ = ["CableIndex", "IndexReport", "build_index", "default_index_dir"]


class CableIndex:
    """An open cablesearch index directory."""

    def __init__(self, path: Path, engine: WhooshEngine) -> None:
        self.path = path
        #: The engine the index is opened with (`engine.base.Engine`).
        self.engine = engine

    # -- opening -------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> "CableIndex":
        p = folder_path(path)
        return cls(p, open_folder(p))

    @classmethod
    def create(cls, path: str | os.PathLike[str] | None = None) -> "CableIndex":
        p = folder_path(path)
        return cls(p, create_folder(p))

    @classmethod
    def open_or_create(cls, path: str | os.PathLike[str] | None = None) -> "CableIndex":
        p = folder_path(path)
        return cls(p, open_or_create(p))

    def close(self) -> None:
        self.engine.close()

    def __enter__(self) -> "CableIndex":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def searcher(self) -> Any:
        """The engine's reused Whoosh searcher (`WhooshEngine.searcher`). Engine-internal: kept
        for the read side until it reads through `engine.base.Reader`."""
        return self.engine.searcher()

    # -- reading -------------------------------------------------------------
    def _search_state(self) -> Any:
        from cablesearch.searching.run import Searcher

        s = self.searcher()
        if getattr(self, "_state", None) is None or self._state.s is not s:
            self._state = Searcher(s)
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
            stored = state.s.stored_fields(d)
            files = list(state.s.documents(key="file:" + stored.get("src", "")))
            f = files[0] if files else {}
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
        days = [v for v in map(numeric_value, state.columns.column_reader("day").bulk(cables)) if v]
        ids = state.columns.column_reader("fc_id").bulk(cables)
        facets = count_facets(state.columns, cables, ("classification", "station", "tags", "year"), 10)
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
        return read_manifest(self.engine)

    def update(self, paths: Iterable[str | os.PathLike[str]], *, prune: bool = True,
               workers: int | None = None, progress: ProgressFn | None = None,
               aliases: str | os.PathLike[str] | None = None) -> IndexReport:
        """Index new and changed files under `paths`; drop those gone from them (when `prune`).

        `aliases`: a people aliases file (TOML) to install as the index's own
        `people.toml`. When the aliases in force change, every cable is
        re-indexed, so no cable keeps names the user has merged or suppressed.
        """
        return update(self.engine, paths, prune=prune, workers=workers, progress=progress, aliases=aliases)
