"""The Tantivy schema: which field is what, and how values are put into its words.

Analysis is the project's, in Python, never Tantivy's: Tantivy's analyzers cannot fold
as `text.fold` does (accents, `ß`, `ł`…) nor split as `text.WORD_PATTERN` does (inner
apostrophes), so every value reaches Tantivy already in index words:

* text fields (words with positions): the value's words (`WORD_RE`), each folded,
  joined by single spaces and split again by Tantivy's whitespace tokenizer
  (`WORDS_TOKENIZER`) -- a word never holds a space, so its position is its place
  among the value's words, as in the Whoosh index (phrases and slops agree);
* keyword fields (whole values, case- and accent-insensitive): each `;`-separated
  value, trimmed and folded, one raw token each (`keyword_values`);
* ids (`kind`, `key`, `cable_key`, `src`): raw tokens, exactly as given;
* numbers (`year`, `month`, `day`, `ts`, `seq`): unsigned integers, fast fields.

Invariant: every document has a unique `seq`, given in the order documents are added
(across runs), and `seq` is the docnum the engine's `Reader` speaks in: index order is
insertion order, as in Whoosh, whatever segments Tantivy merges.

Facet columns: for each facet field the document's `;`-joined display values are one
raw term of `fc_<name>` and their hash a fast number `fh_<name>`; a reader maps hashes
back through the field's terms (`columns.py`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

from cablesearch import fields as registry
from cablesearch.text import WORD_RE, fold

#: Bump when the schema or the stored documents change incompatibly (the meta file records it).
SCHEMA_VERSION = 1

#: The analyzer text fields are indexed with: whitespace only (the words come folded).
WORDS_TOKENIZER = "cablesearch_words"

#: Fields of words with positions.
TEXT_FIELDS: tuple[str, ...] = registry.TEXT_FIELDS
#: Keyword fields: the registry's, the citation graph's REF list and the sending post as one value.
KEYWORD_FIELDS: tuple[str, ...] = registry.KEYWORD_FIELDS + ("references", "origin_exact")
#: Exact, case-sensitive ids.
ID_FIELDS = ("kind", "key", "cable_key", "src")
#: Indexed date numbers (ranges and terms), each also a fast field.
DATE_FIELDS = ("year", "month", "day")
#: Fast-only numbers: minutes since 1900 for sorting by date.
SORT_FIELDS = ("ts",)
#: Facet columns (`fc_<name>` terms, `fh_<name>` hashes): every facet but the numeric ones.
COLUMN_FIELDS: tuple[str, ...] = tuple(f.name for f in registry.FIELDS if f.facet and f.kind != "number")
#: The stored fields: `meta` (JSON of a document's stored values) and `record` (a cable's).
STORED_FIELDS = ("meta", "record")

#: A word in the subject line weighs twice a word of the body (as in the Whoosh index).
FIELD_BOOSTS = {"subject": 2.0}

#: A keyword value: a run between `;`, trimmed (the Whoosh index's LIST_ANALYZER).
_KEYWORD_RE = re.compile(r"[^;\s][^;]*[^;\s]|[^;\s]")


def words(value: str) -> list[str]:
    """The index words of a text value, in order (`text.WORD_PATTERN`, each folded)."""
    if value.isascii():
        return WORD_RE.findall(value.lower())
    return [fold(w) for w in WORD_RE.findall(value)]


def keyword_values(value: str) -> list[str]:
    """The index terms of a keyword value (`;`-separated values, trimmed and folded)."""
    return [fold(v) for v in _KEYWORD_RE.findall(value)]


def analyse(field: str, value: str) -> list[str]:
    """A value of `field` as the terms the index holds for it (a query's words go through the
    same function as the indexed text)."""
    if field in TEXT_FIELDS:
        return words(value)
    if field in KEYWORD_FIELDS:
        return keyword_values(value)
    return [value]


def value_hash(value: bytes) -> int:
    """A column value's 64-bit hash (stable across processes and runs: blake2b, not `hash`)."""
    return int.from_bytes(hashlib.blake2b(value, digest_size=8).digest(), "little")


#: The hash of a document without a value in a column.
EMPTY_HASH = value_hash(b"")


def column_term(name: str) -> str:
    return "fc_" + name


def column_hash(name: str) -> str:
    return "fh_" + name


def build_schema(tantivy: Any) -> Any:
    """The Tantivy schema (`tantivy` is the imported module: nothing imports it at load)."""
    sb = tantivy.SchemaBuilder()
    for name in ID_FIELDS:
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    sb.add_unsigned_field("seq", indexed=True, fast=True)
    for name in DATE_FIELDS:
        sb.add_unsigned_field(name, indexed=True, fast=True)
    for name in SORT_FIELDS:
        sb.add_unsigned_field(name, fast=True)
    for name in TEXT_FIELDS:
        sb.add_text_field(name, tokenizer_name=WORDS_TOKENIZER, index_option="position")
    for name in KEYWORD_FIELDS:
        sb.add_text_field(name, tokenizer_name="raw", index_option="freq")
    for name in COLUMN_FIELDS:
        sb.add_text_field(column_term(name), tokenizer_name="raw", index_option="basic")
        sb.add_unsigned_field(column_hash(name), fast=True)
    for name in STORED_FIELDS:
        sb.add_bytes_field(name, stored=True)
    return sb.build()


def register_analyzers(tantivy: Any, index: Any) -> None:
    """Register the analyzer the schema names on an opened index (Tantivy keeps analyzers in the
    process, not in the index)."""
    analyzer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
    index.register_tokenizer(WORDS_TOKENIZER, analyzer)


def joined_words(values: Iterable[str]) -> str:
    """Index words as the text the whitespace analyzer splits back into them."""
    return " ".join(values)
