"""The Whoosh schema, and Cable -> index documents.

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

Flat documents instead of Whoosh's nested groups: nested groups build slower and
larger (whoosh-notes.md), `MpWriter` cannot parallelise them, and updating a
parent orphans its children.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from whoosh import columns, fields
from whoosh.analysis import Filter, RegexTokenizer, Token, Tokenizer

from cablesearch import fields as fields_registry
from cablesearch.model import Cable, Paragraph
from cablesearch.text import WORD_PATTERN, fold

#: Bump when the schema or the stored record changes incompatibly; an index
#: written with another version is refused with a one-line "--rebuild" hint.
SCHEMA_VERSION = 6


class FoldingTokenizer(Tokenizer):
    """Words (`text.WORD_PATTERN`), each folded by `text.fold`, in one pass.

    The same tokens as `RegexTokenizer(WORD_PATTERN) | LowercaseFilter() |
    CharsetFilter(accent_map)` (a test compares them over every sample cable),
    without two generator layers and two method calls per token (analysis runs
    once per word of every cable indexed). ASCII text -- nearly all of it -- is
    lower-cased once, whole; the fold changes no lower-case ASCII letter.
    Defined here, importable, because Whoosh pickles analyzers into the index.
    """

    def __init__(self, expression: str = WORD_PATTERN) -> None:
        self.expression = re.compile(expression)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.expression.pattern == self.expression.pattern

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs: Any) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = value
            t.text = fold(value)
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        ascii_text = value.isascii()
        source = value.lower() if ascii_text else value  # ASCII lower-casing keeps every offset
        for pos, match in enumerate(self.expression.finditer(source)):
            word = match.group(0)
            t.text = word if ascii_text else fold(word)
            t.boost = 1.0
            if keeporiginal:
                t.original = value[match.start():match.end()]
            t.stopped = False
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar, t.endchar = start_char + match.start(), start_char + match.end()
            yield t


class FoldFilter(Filter):
    """Each token's text folded by `text.fold`: Whoosh's `LowercaseFilter() |
    CharsetFilter(accent_map)` in one step (the same text: tests/test_text.py)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = fold(t.text)
            yield t


#: Words: letters/digits runs, keeping inner apostrophes, dots and hyphens of
#: ids like `1.4(b)` out; accents folded so `Calderón` finds `Calderon`.
TEXT_ANALYZER = FoldingTokenizer()
#: Multi-valued keywords are joined with `;` (person tags contain commas).
LIST_ANALYZER = RegexTokenizer(r"[^;\s][^;]*[^;\s]|[^;\s]") | FoldFilter()

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


def numeric_column(reader: Any, name: str) -> Any:
    """A numeric column as `docnum -> int | None`.

    Whoosh fills a sortable NUMERIC column with the type's largest value for
    documents that have none (an undated cable would otherwise sort last and
    be counted in year 2147483647).
    """
    col = reader.column_reader(name)

    def value(docnum: int) -> int | None:
        return numeric_value(col[docnum])

    return value


def numeric_value(v: int | None) -> int | None:
    """A raw numeric column value, None for Whoosh's "missing" fill (see `numeric_column`)."""
    return None if v is None or v >= (1 << 31) - 1 or v == 0 else v


def _keyword() -> fields.FieldType:
    return fields.TEXT(analyzer=LIST_ANALYZER, phrase=False, field_boost=1.0)


#: A word in the subject line weighs twice a word of the body.
SUBJECT_BOOST = 2.0


def build_schema() -> fields.Schema:
    text = dict(analyzer=TEXT_ANALYZER, phrase=True)
    schema = fields.Schema(
        kind=fields.ID(stored=True),
        key=fields.ID(stored=True, unique=True),
        cable_key=fields.ID(stored=True),
        src=fields.ID(stored=True),
        # dates as coarse numbers: DATETIME ranges expand to huge term sets (whoosh-notes.md)
        # shift_step: Whoosh indexes a number once per 4-bit tier by default (8 terms
        # for 32 bits); years and months are few, so one term each; days get 4.
        year=fields.NUMERIC(int, bits=32, stored=False, sortable=True, shift_step=0),
        month=fields.NUMERIC(int, bits=32, sortable=True, shift_step=0),
        day=fields.NUMERIC(int, bits=32, sortable=True, shift_step=8),
        # sorting only: a column, not indexed; minutes since 1900 (0 = undated)
        ts=fields.COLUMN(columns.NumericColumn("I", default=0)),
        number=fields.ID(stored=True),
        pidx=fields.STORED(),
        record=fields.STORED(),
        size=fields.STORED(),
        mtime=fields.STORED(),
        sha1=fields.STORED(),
        ncables=fields.STORED(),
        reason=fields.STORED(),
        read_at=fields.STORED(),
    )
    # Words, with positions for phrases; `people` too: `people:negroponte` finds `John Negroponte`.
    for name in fields_registry.TEXT_FIELDS:
        schema.add(name, fields.TEXT(field_boost=SUBJECT_BOOST if name == "subject" else 1.0, **text))
    for name in KEYWORD_FIELDS:
        schema.add(name, _keyword())
    for name in FACET_FIELDS:
        schema.add(column_name(name), fields.COLUMN(columns.VarBytesColumn()))
    return schema


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
