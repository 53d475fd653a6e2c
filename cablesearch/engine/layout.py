"""The documents an engine indexes for a cable: engine-neutral dicts, the one layout both
engines write (`engine/whoosh/`, `engine/tantivy/`), defined once here.

One index holds three kinds of flat documents, told apart by `kind`:

* ``cable`` — one per copy of a cable: every fields.md field searchable, the
  whole record stored once as compressed JSON (`record`) so `show` needs no
  source file;
* ``para`` — one per paragraph, carrying its own text, number and marking plus
  copies of the cable's filter fields (tags, classification, dates…), so a
  paragraph query never has to join back to its cable;
* ``file`` — one per source file: path, size, mtime and content hash, the
  manifest that makes re-indexing incremental. Keeping it inside the index
  means one commit updates cables and manifest together, so a crash can never
  leave them disagreeing.

Flat documents instead of nested groups: Whoosh's nested groups build slower and larger
(whoosh-notes.md), its `MpWriter` cannot parallelise them, and updating a parent orphans
its children.
"""

from __future__ import annotations

import json
import zlib
from datetime import datetime
from typing import Any

from cablesearch import fields as fields_registry
from cablesearch.model import Cable, Paragraph

#: Keyword fields (values kept lower-cased in the index, shown in their original case from
#: the `fc_` columns): the registry's, the citation graph's REF list, and the sending post
#: as one value (`origin` itself is words).
KEYWORD_FIELDS = fields_registry.KEYWORD_FIELDS + ("references", "origin_exact")


#: Facetable fields: each also gets a column `fc_<name>` holding the values in
#: their display case, `;`-joined, so facet counts read one column per hit
#: instead of walking posting lists or loading stored records.
FACET_FIELDS = tuple(f.name for f in fields_registry.FIELDS if f.facet and f.kind != "number")


def column_name(facet: str) -> str:
    return "fc_" + facet


def pack_record(cable: Cable) -> bytes:
    return zlib.compress(json.dumps(cable.to_dict(), ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def unpack_record(blob: bytes) -> dict[str, Any]:
    return json.loads(zlib.decompress(blob).decode("utf-8"))


def _join(values: Any) -> str:
    return ";".join(v for v in values if v)


EPOCH_1900 = datetime(1900, 1, 1)


def _dates(cable: Cable) -> dict[str, int]:
    if not cable.date:
        return {}
    when = datetime.strptime(cable.date, "%Y-%m-%dT%H:%M:%SZ")
    return {"year": when.year, "month": when.year * 100 + when.month,
            "day": (when.year * 100 + when.month) * 100 + when.day, "ts": int((when - EPOCH_1900).total_seconds()) // 60}


def _filters(cable: Cable) -> dict[str, Any]:
    """Fields shared by a cable's own document and its paragraph documents."""
    doc: dict[str, Any] = {
        "id": cable.id or "",
        "aliases": _join(cable.aliases),
        "precedence": cable.precedence or "",
        # `origin:` finds the post by its canonical name and by the cable's own words
        # (`origin:"la paz"`, `origin:amembassy`); the facet shows the canonical name.
        "origin": "\n".join(dict.fromkeys(o for o in (cable.origin, cable.origin_text) if o)),
        "origin_exact": cable.origin or "",
        "station": cable.station or "",
        "classification": cable.classification or "",
        "caveats": _join(cable.caveats),
        "tags": _join(cable.tags),
        "country": _join(cable.country),
        "references": _join(cable.references),
        "people": _join(cable.people),
        "signed_by": _join(cable.signed_by),
        "foia_status": cable.foia.status if cable.foia and cable.foia.status else "",
        "format": cable.source.format or "",
        "collection": cable.source.collection or "",
    }
    doc.update(_dates(cable))
    doc = {k: v for k, v in doc.items() if v != ""}
    for name in FACET_FIELDS:
        value = doc.get("origin_exact" if name == "origin" else name)
        if value and name not in ("marking", "withheld"):
            doc[column_name(name)] = value.encode("utf-8")
    return doc


def _para_text(p: Paragraph) -> str:
    """A paragraph's searchable text: its section heading, if any, and its own text."""
    return f"{p.heading}\n{p.text}" if p.heading else p.text


def cable_documents(cable: Cable, key: str, src: str) -> list[dict[str, Any]]:
    """The cable document followed by one document per paragraph."""
    shared = _filters(cable)
    markings = [p.marking for p in cable.paragraphs if p.marking]
    withheld = [c for p in cable.paragraphs for c in p.withheld]
    if cable.foia:
        withheld += list(cable.foia.exemptions)
    doc = dict(shared, kind="cable", key=key, cable_key=key, src=src,
               subject=cable.subject or "",
               body="\n".join(_para_text(p) for p in cable.paragraphs),
               recipients="\n".join(r.name for r in cable.recipients),
               info="\n".join(r.name for r in cable.info),
               summary=cable.summary or "",
               declassification=cable.declassification.text or "" if cable.declassification else "",
               classified_by=cable.classified_by.name or "" if cable.classified_by else "",
               marking=_join(dict.fromkeys(markings)),
               withheld=_join(dict.fromkeys(withheld)),
               record=pack_record(cable))
    doc = {k: v for k, v in doc.items() if v != ""}
    for name in ("marking", "withheld"):
        if doc.get(name):
            doc[column_name(name)] = doc[name].encode("utf-8")
    docs = [doc]
    for i, p in enumerate(cable.paragraphs):
        para = dict(shared, kind="para", key=f"{key}/{i}", cable_key=key, src=src, text=_para_text(p), pidx=i,
                    number=p.number or "", marking=p.marking or "", withheld=_join(p.withheld))
        para = {k: v for k, v in para.items() if v != ""}
        for name in ("marking", "withheld"):
            if para.get(name):
                para[column_name(name)] = para[name].encode("utf-8")
        docs.append(para)
    return docs
