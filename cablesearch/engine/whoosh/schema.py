"""The Whoosh schema: fields, analyzers and columns for the documents of `engine/layout.py`
(a cable, its paragraphs, a source file's manifest)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh import columns, fields
from whoosh.analysis import Filter, RegexTokenizer, Token, Tokenizer

from cablesearch import fields as fields_registry
from cablesearch.engine.layout import FACET_FIELDS, KEYWORD_FIELDS, column_name
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


