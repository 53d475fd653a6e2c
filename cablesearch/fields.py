"""The one field registry: every searchable or facetable field, once.

Each field of `design/fields.md` that a user can name — as a query prefix
(`tags:PGOV`), a `--facet`, a JSON key — is declared here with its aliases,
its kind, the documents it lives on and whether it is a facet. The index
schema, the query parser, the facet names, the CLI's help and README's field
list are derived from this table, so a field cannot be known to one of them
and unknown to another (a test checks the table against fields.md).

Kinds:

* ``text``: analysed words with positions (phrases, wildcards, fuzzy);
* ``keyword``: whole values, case- and accent-insensitive (`tags:pgov`);
* ``date``: a day, month or year, or a range of them (`date:2007..2008`);
* ``number``: an indexed number with ranges (`year:2007..2009`, `month:2007-12`);
* ``graph``: the citation graph (`cited_by:`, `references:`), resolved
  through the index before the query runs.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from cablesearch.errors import QueryError, UsageError

CABLE = "cable"
PARAGRAPH = "para"
BOTH = frozenset({CABLE, PARAGRAPH})


@dataclass(frozen=True)
class Field:
    """One user-visible field.

    `scope`: the documents that carry it (a cable's own document, its paragraphs' or both);
    `facet`: counted by `--facet NAME`; `record`: a key of the Cable/Paragraph JSON record
    (fields.md), as opposed to a derived query field; `help`: one line for the CLI."""

    name: str
    kind: str
    scope: frozenset[str] = BOTH
    aliases: tuple[str, ...] = ()
    facet: bool = False
    record: bool = True
    help: str = ""


def _f(name: str, kind: str, help: str, *, scope: frozenset[str] = BOTH, aliases: tuple[str, ...] = (),
       facet: bool = False, record: bool = True) -> Field:
    return Field(name, kind, scope, aliases, facet, record, help)


CABLE_ONLY = frozenset({CABLE})
PARAGRAPH_ONLY = frozenset({PARAGRAPH})

#: The registry, in the order help texts list them.
FIELDS: tuple[Field, ...] = (
    _f("tags", "keyword", "TAGS codes, by code or by meaning (tags:narcotics)", aliases=("tag",), facet=True),
    _f("country", "keyword", "countries: geographic TAGS or the post's host country", aliases=("countries",),
       facet=True, record=False),
    _f("station", "keyword", "the post's short name (MEXICO, STATE)", facet=True),
    _f("classification", "keyword", "UNCLASSIFIED … TOP SECRET", aliases=("class",), facet=True),
    _f("caveats", "keyword", "NOFORN, SIPDIS, EXDIS, …", aliases=("caveat",), facet=True),
    _f("origin", "text", "sending post, one form per post (Embassy Mexico)", aliases=("from",), facet=True),
    _f("people", "text", "people named in the cable (any part of a name)", aliases=("person",), facet=True),
    _f("marking", "keyword", "paragraph marking (C, S/NF); at paragraph scope that paragraph's",
       aliases=("mark",), facet=True),
    _f("withheld", "keyword", "FOIA exemption codes standing for withheld text (B1, B7(A))", facet=True),
    _f("precedence", "keyword", "FLASH, IMMEDIATE, PRIORITY, ROUTINE", facet=True),
    _f("signed_by", "keyword", "signer surname(s)", aliases=("signer",), facet=True),
    _f("foia_status", "keyword", "FOIA release stamp (released in part)", aliases=("foia",), facet=True,
       record=False),
    _f("format", "keyword", "detected source format (cablegate-html, foia-ocr, …)", facet=True, record=False),
    _f("collection", "keyword", "source collection", facet=True, record=False),
    _f("id", "keyword", "canonical cable id (07MEXICO6043)", facet=True),
    _f("references", "graph", "the cables this one cites (its REF list)", aliases=("ref", "refs"), facet=True),
    _f("year", "number", "year of the date (year:2007, year:2007..2009)", facet=True, record=False),
    _f("month", "number", "month of the date (month:2007-12, month:2007-12..2008-03)", facet=True, record=False),
    _f("aliases", "keyword", "other ids seen for the same cable"),
    _f("date", "date", "day, month or year of the date-time group; ranges a..b, [a TO b], >=a",
       record=True),
    _f("subject", "text", "the SUBJECT line", scope=CABLE_ONLY),
    _f("body", "text", "all paragraphs' text (text: at paragraph scope)", scope=CABLE_ONLY, record=False),
    _f("text", "text", "one paragraph's text (body: at cable scope)", scope=PARAGRAPH_ONLY,
       aliases=("paragraph",)),
    _f("summary", "text", "the summary paragraph(s)", scope=CABLE_ONLY),
    _f("recipients", "text", "TO addressees", scope=CABLE_ONLY),
    _f("info", "text", "INFO addressees", scope=CABLE_ONLY),
    _f("declassification", "text", "the E.O. declassification line", scope=CABLE_ONLY),
    _f("classified_by", "text", "the classifying officer", scope=CABLE_ONLY),
    _f("cited_by", "graph", "cables whose REF lines cite this id", aliases=("cites",), record=False),
)

#: Record keys of fields.md that are not searched by a prefix of their own.
RECORD_ONLY = ("paragraphs", "foia", "source", "number")

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
ALIASES: dict[str, str] = {a: f.name for f in FIELDS for a in f.aliases}
NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)

#: Fields of each kind, in registry order.
TEXT_FIELDS = tuple(f.name for f in FIELDS if f.kind == "text")
KEYWORD_FIELDS = tuple(f.name for f in FIELDS if f.kind == "keyword")
#: Fields whose documents are only cables, or only paragraphs.
CABLE_ONLY_FIELDS = tuple(f.name for f in FIELDS if f.scope == CABLE_ONLY)
PARAGRAPH_ONLY_FIELDS = tuple(f.name for f in FIELDS if f.scope == PARAGRAPH_ONLY)
#: `--facet` names.
FACETS = tuple(f.name for f in FIELDS if f.facet)

#: Fields a word with no prefix searches, at cable and at paragraph scope.
CABLE_DEFAULT_FIELDS = ("subject", "body", "tags", "id", "people")
PARAGRAPH_DEFAULT_FIELDS = ("text",)


def _canonical(name: str) -> str:
    """A name lower-cased, an alias replaced by the field it stands for."""
    low = name.lower()
    return ALIASES.get(low, low)


def is_field(name: str) -> bool:
    """Whether a query prefix names a field (or an alias of one), case-insensitive."""
    return _canonical(name) in BY_NAME


def query_field(name: str, *, paragraphs: bool = False) -> Field:
    """The field a query prefix names (aliases resolved, case-insensitive). `body:` and `text:`
    name the same words at either scope (`body:` at paragraph scope searches the paragraph).
    Raises QueryError, with the nearest valid name, for an unknown field."""
    low = _canonical(name)
    if low not in BY_NAME:
        near = difflib.get_close_matches(low, NAMES, n=1, cutoff=0.6)
        hint = f" (did you mean {near[0]}:?)" if near else f" (fields: {', '.join(sorted(NAMES))})"
        raise QueryError(f"unknown field {name}:{hint}")
    if low in ("body", "text"):
        low = "text" if paragraphs else "body"
    return BY_NAME[low]


def facet_name(name: str) -> str:
    """The facet a `--facet` value names (aliases resolved); UsageError when it is none."""
    low = _canonical(name)
    if low not in FACETS:
        near = difflib.get_close_matches(low, FACETS, n=1)
        hint = f" (did you mean {near[0]}?)" if near else ""
        raise UsageError(f"unknown facet {name!r}{hint}; facets: {', '.join(FACETS)}")
    return low
