"""Cables and manifests -> Tantivy documents, field by field as `schema.py` describes.

The documents' content is the project's one document layout, `cable_documents` (a cable's
document, then one per paragraph, with the same joined values, dates and stored record),
so both engines index the same values; this module only puts each value into Tantivy's
form: words joined for the whitespace analyzer, keyword values folded, facet values as a
term and its hash, stored fields as one JSON `meta` blob (types kept: `pidx` an int,
`mtime` a float) and the record as written by `pack_record`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from cablesearch.engine.tantivy.schema import (COLUMN_FIELDS, DATE_FIELDS, EMPTY_HASH, ID_FIELDS, KEYWORD_FIELDS,
                                               SORT_FIELDS, TEXT_FIELDS, column_hash, column_term, joined_words,
                                               keyword_values, value_hash, words)
from cablesearch.engine.layout import cable_documents
from cablesearch.model import Cable

#: Stored values of a cable or paragraph document (besides its record), by name.
DOCUMENT_STORED = ("kind", "key", "cable_key", "src", "number", "pidx")
#: Stored values of a `file` (manifest) document.
FILE_STORED = ("kind", "key", "src", "size", "mtime", "sha1", "ncables", "reason", "read_at")


def cable_fields(cable: Cable, key: str, src: str) -> Iterator[dict[str, Any]]:
    """The layout's documents of a cable: the cable's, then each paragraph's (engine-neutral dicts)."""
    yield from cable_documents(cable, key, src)


def to_document(tantivy: Any, values: dict[str, Any], seq: int) -> Any:
    """One layout document as a Tantivy Document numbered `seq`."""
    doc = tantivy.Document()
    doc.add_unsigned("seq", seq)
    for name in ID_FIELDS:
        value = values.get(name)
        if value:
            doc.add_text(name, value)
    for name in DATE_FIELDS + SORT_FIELDS:
        value = values.get(name)
        if value:
            doc.add_unsigned(name, value)
    for name in TEXT_FIELDS:
        value = values.get(name)
        if value:
            found = words(value)
            if found:
                doc.add_text(name, joined_words(found))
    for name in KEYWORD_FIELDS:
        value = values.get(name)
        if value:
            for term in keyword_values(value):
                doc.add_text(name, term)
    for name in COLUMN_FIELDS:
        raw = values.get(column_term(name))
        if raw:
            doc.add_text(column_term(name), raw.decode("utf-8"))
            doc.add_unsigned(column_hash(name), value_hash(raw))
        elif values.get("kind") != "file":
            doc.add_unsigned(column_hash(name), EMPTY_HASH)
    stored = {k: values[k] for k in (FILE_STORED if values.get("kind") == "file" else DOCUMENT_STORED)
              if values.get(k) not in (None, "")}
    doc.add_bytes("meta", json.dumps(stored, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    if "record" in values:
        doc.add_bytes("record", values["record"])
    return doc


def file_fields(manifest: dict[str, Any]) -> dict[str, Any]:
    """A source file's manifest as a layout document (`file`, keyed `file:<src>`)."""
    return dict(manifest, kind="file", key="file:" + manifest["src"])


def stored_fields(meta: bytes) -> dict[str, Any]:
    """A document's stored values, as `to_document` kept them."""
    return json.loads(meta.decode("utf-8"))
