"""What an index knows of its cables beyond a search: copies, citations, TAGS counts, statistics.

Functions over a `Searcher` (and through it the engine's `Reader`), so every engine answers
them alike; `CableIndex` (api.py) is their façade.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cablesearch.citations import CableRef, RefNode, walk
from cablesearch.errors import NotFoundError, UsageError
from cablesearch.model import Cable
from cablesearch.parse.tag_dictionary import all_tags, describe, tag_matches
from cablesearch.results import TagCount
from cablesearch.searching.run import Searcher
from cablesearch.versions import Version

#: The facets `stats` reports.
STATS_FACETS = ("classification", "station", "tags", "year")


def versions(searcher: Searcher, cable_id: str) -> list[Cable]:
    """Every indexed copy of a cable (by id or alias), in index order."""
    return [Cable.from_dict(searcher.record(d)) for d in searcher.cable_docnums(cable_id)]


def copies(searcher: Searcher, cable_id: str, where: Path) -> list[Version]:
    """Every indexed copy of a cable with where and when it was read; NotFoundError if none."""
    reader = searcher.reader
    out = []
    for n, d in enumerate(searcher.cable_docnums(cable_id), 1):
        stored = reader.stored(d)
        files = reader.docs_with("key", "file:" + stored.get("src", ""))
        f = reader.stored(files[0]) if files else {}
        out.append(Version(n, stored.get("key", ""), Cable.from_dict(searcher.record(d)), f.get("read_at"),
                           f.get("mtime"), f.get("size"), f.get("sha1")))
    if not out:
        raise NotFoundError(f"no cable {cable_id!r} in the index at {where}")
    return out


def refs(searcher: Searcher, cable_id: str, depth: int, where: Path) -> RefNode:
    """What a cable cites and what cites it, `depth` steps each way."""
    if depth < 0:
        raise UsageError("--depth must be 0 or more")

    def lookup(cid: str) -> CableRef:
        docs = searcher.cable_docnums(cid)
        if not docs:
            return CableRef(cid)
        rec = searcher.record(docs[0])
        return CableRef(rec.get("id") or cid, rec.get("date"), rec.get("subject"), True,
                        tuple(rec.get("references") or ()))

    root = lookup(cable_id)
    if not root.in_index and not searcher.cited_by(root.id):
        raise NotFoundError(f"no cable {cable_id!r} in the index at {where}, and no indexed cable cites it")
    return walk(root.id, lookup, searcher.cited_by, depth)


def tag_counts(searcher: Searcher, pattern: str | None = None, *, everything: bool = False) -> list[TagCount]:
    """TAGS codes with kind, meaning and the number of cables carrying them, most used first
    (distinct cables: copies of one id count once, as in `stats` and search facets).

    Without a pattern: the codes used in the index (and with `everything`, the whole
    dictionary). A pattern keeps codes whose code or meaning contains it (`narc`, `human
    rights`), or that match it as a glob (`K*`), dictionary entries no cable carries included.
    """
    facet = searcher.search("", facets=("tags",), facet_size=1 << 30, limit=0).facets["tags"]
    counts = {v.value: v.count for v in facet.values}
    codes = set(counts)
    if pattern or everything:
        codes |= {t.code for t in all_tags()}
    infos = [(c, describe(c)) for c in codes]
    rows = [TagCount(i.code, i.kind, i.meaning, i.country, i.source, counts.get(c, 0), i.history)
            for c, i in infos if not pattern or tag_matches(i, pattern)]
    return sorted(rows, key=lambda t: (-t.count, t.code))


def stats(searcher: Searcher, where: Path, schema_version: int) -> dict[str, Any]:
    """Counts, date range, top facet values and size on disk (`stats --json`). Documents by kind
    and the columns are read in bulk, never one stored document at a time. `cables` counts every
    copy; the facets count distinct cables (copies of one id once), as `tags` and searches do."""
    reader = searcher.reader
    cables = sorted(reader.kind_docs("cable"))
    days = [v for v in reader.column("day").bulk(cables) if v]
    ids = reader.column("id").bulk(cables)
    # One counting rule for `stats`, `tags` and every facet: distinct cables, the copies of one
    # cable (same id) counted once, as search totals are -- so the counts come from a search.
    facets = searcher.search("", facets=STATS_FACETS, facet_size=10, limit=0).facets
    size = sum(f.stat().st_size for f in where.iterdir() if f.is_file())
    return {
        "index": str(where), "cables": len(cables), "distinct_ids": len(set(ids)),
        "paragraphs": len(reader.kind_docs("para")), "files": len(reader.kind_docs("file")),
        "date_from": _day(min(days)) if days else None, "date_to": _day(max(days)) if days else None,
        "size_bytes": size, "schema_version": schema_version,
        "facets": {k: v.to_dict() for k, v in facets.items()},
    }


def _day(n: int) -> str:
    return f"{n // 10000:04d}-{n // 100 % 100:02d}-{n % 100:02d}"
