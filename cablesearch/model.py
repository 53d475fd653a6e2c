"""The cable record: frozen dataclasses whose ``to_dict()`` is the JSON contract.

Field names are fixed by ``shared/design/fields.md``: the same word is the
dataclass attribute, the JSON key, the index field and the query prefix.
Records are immutable (tuples, frozen) because one parsed cable travels through
worker processes, the index and the API, and nobody downstream should be able
to change what the parser read.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class Source:
    """Where a cable was read: path relative to the indexed root, detected format; for a
    PDF also the pages it came from (``"1-3"``) and how its text was got (``extraction``:
    ``"text layer"``, ``"ocr:tesseract"``, ``"text layer + ocr:tesseract"``), else None;
    for a row of a cables.csv dump its ``row`` (1, 2, … as the dump's skip lines count
    rows), else None; and ``abspath``, the file's absolute path, which opens from anywhere
    (None in a record indexed before it existed and read without its index).

    ``place`` (``#29``, ``#p3-5``) tells apart copies read from one file, and ``label``
    (``cables-csv/cables.csv#29``) is the path with it: what every listing of copies shows,
    and what ``diff --from``/``--to`` accept."""

    path: str | None = None
    format: str | None = None
    collection: str | None = None
    encoding: str | None = None
    pages: str | None = None
    extraction: str | None = None
    row: int | None = None
    abspath: str | None = None

    @property
    def place(self) -> str:
        """Where in its file the cable was: ``#29`` (row 29 of a CSV dump), ``#p3-5`` (pages
        3-5 of a PDF), or ``""`` (a file read whole)."""
        if self.row is not None:
            return f"#{self.row}"
        if self.pages:
            return f"#p{self.pages}"
        return ""

    @property
    def label(self) -> str:
        """The path with the cable's place in the file: ``cables-csv/cables.csv#29``."""
        return f"{self.path or ''}{self.place}"

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "format": self.format, "collection": self.collection,
                "encoding": self.encoding, "pages": self.pages, "extraction": self.extraction,
                "row": self.row, "abspath": self.abspath}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "Source":
        d = d or {}
        return cls(d.get("path"), d.get("format"), d.get("collection"), d.get("encoding"),
                   d.get("pages"), d.get("extraction"), d.get("row"), d.get("abspath"))


@dataclass(frozen=True, slots=True)
class RawCable:
    """One cable's text as a reader found it, before parsing.

    ``metadata`` holds what the container said about the cable (the WikiLeaks
    ``<table class='cable'>``, a PlusD synopsis, a cables.csv row): real
    information the parser may use, but the text must parse without it.
    Keys used: ``id``, ``created`` (``YYYY-MM-DD HH:MM``), ``classification``,
    ``origin``, ``tags`` (list), ``references`` (list), ``aliases`` (list),
    ``notes`` (list: damage the reader found, such as a page cut short; they
    open the parsed cable's ``warnings``) and ``header_only`` (the text is the
    transmission header alone).
    """

    text: str
    source: Source
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Skip:
    """A file (or part of one) that yielded no cable, with one readable reason."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Recipient:
    name: str
    route: str | None = None
    precedence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "route": self.route, "precedence": self.precedence}


@dataclass(frozen=True, slots=True)
class Declassification:
    order: str | None = None
    date: str | None = None
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"order": self.order, "date": self.date, "text": self.text}


@dataclass(frozen=True, slots=True)
class ClassifiedBy:
    name: str | None = None
    title: str | None = None
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "reasons": list(self.reasons)}


@dataclass(frozen=True, slots=True)
class Foia:
    """FOIA release stamps: status, exemption codes, case id, review dates, and from the
    page stamp of newer releases the document number (``doc_id``, ``C17980027``) and the
    release date (``released``, ISO)."""

    status: str | None = None
    exemptions: tuple[str, ...] = ()
    case_id: str | None = None
    reviewed: tuple[str, ...] = ()
    doc_id: str | None = None
    released: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "exemptions": list(self.exemptions),
                "case_id": self.case_id, "reviewed": list(self.reviewed),
                "doc_id": self.doc_id, "released": self.released}


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One body paragraph. ``heading`` is the section title printed above it
    ("Interior Secretary, Staff Discuss New Intel Center"): kept with the
    paragraph it introduces rather than counted as a paragraph of its own."""

    number: str | None
    marking: str | None
    withheld: tuple[str, ...]
    text: str
    heading: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "marking": self.marking,
                "withheld": list(self.withheld), "text": self.text, "heading": self.heading}


@dataclass(frozen=True, slots=True)
class Cable:
    """One parsed cable. See fields.md for the meaning of each field.

    ``warnings`` lists what the parser could not find or had to guess, so a
    user checking a parse sees why a field is empty; damage the reader found
    (a page cut short: ``RawCable.metadata["notes"]``) comes first. ``raw`` keeps the text as
    read (before clean-up and repairs); it is left out of ``to_dict()`` unless
    asked for, because it doubles the size of every record.
    """

    id: str | None
    aliases: tuple[str, ...] = ()
    date: str | None = None
    precedence: str | None = None
    origin: str | None = None
    origin_text: str | None = None
    station: str | None = None
    recipients: tuple[Recipient, ...] = ()
    info: tuple[Recipient, ...] = ()
    classification: str | None = None
    caveats: tuple[str, ...] = ()
    declassification: Declassification | None = None
    classified_by: ClassifiedBy | None = None
    tags: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    subject: str | None = None
    references: tuple[str, ...] = ()
    summary: str | None = None
    people: tuple[str, ...] = ()
    signed_by: tuple[str, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    foia: Foia | None = None
    source: Source = field(default_factory=Source)
    warnings: tuple[str, ...] = ()
    raw: str | None = None

    def to_dict(self, *, raw: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "raw" and not raw:
                continue
            out[f.name] = _jsonable(getattr(self, f.name))
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Cable":
        """Rebuild a Cable from ``to_dict()`` output (the index stores that)."""

        def recips(items: Any) -> tuple[Recipient, ...]:
            return tuple(Recipient(r["name"], r.get("route"), r.get("precedence")) for r in items or ())

        decl = d.get("declassification")
        cby = d.get("classified_by")
        foia = d.get("foia")
        return cls(
            id=d.get("id"),
            aliases=tuple(d.get("aliases") or ()),
            date=d.get("date"),
            precedence=d.get("precedence"),
            origin=d.get("origin"),
            origin_text=d.get("origin_text"),
            station=d.get("station"),
            recipients=recips(d.get("recipients")),
            info=recips(d.get("info")),
            classification=d.get("classification"),
            caveats=tuple(d.get("caveats") or ()),
            declassification=Declassification(decl.get("order"), decl.get("date"), decl.get("text")) if decl else None,
            classified_by=ClassifiedBy(cby.get("name"), cby.get("title"), tuple(cby.get("reasons") or ())) if cby else None,
            tags=tuple(d.get("tags") or ()),
            country=tuple(d.get("country") or ()),
            subject=d.get("subject"),
            references=tuple(d.get("references") or ()),
            summary=d.get("summary"),
            people=tuple(d.get("people") or ()),
            signed_by=tuple(d.get("signed_by") or ()),
            paragraphs=tuple(Paragraph(p.get("number"), p.get("marking"), tuple(p.get("withheld") or ()), p.get("text", ""),
                                        p.get("heading"))
                             for p in d.get("paragraphs") or ()),
            foia=Foia(foia.get("status"), tuple(foia.get("exemptions") or ()), foia.get("case_id"),
                      tuple(foia.get("reviewed") or ()), foia.get("doc_id"), foia.get("released")) if foia else None,
            source=Source.from_dict(d.get("source")),
            warnings=tuple(d.get("warnings") or ()),
            raw=d.get("raw"),
        )


def _jsonable(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (tuple, list)):
        return [_jsonable(v) for v in value]
    return value
