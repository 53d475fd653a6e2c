"""A PDF's pages -> its cables: one per document it holds, each with the pages it came from.

A PlusD render is one cable whose page title (``2000HANOI00686 - CONFIDENTIAL``) repeats
on every page; a FOIA reading-room release is one cable, or several in one file, each
page stamped with its case and document number (``U.S. Department of State Case No.
F-2017-01234 Doc No. C06543210 Date: 07/31/2017``). A page whose document number differs
from the page before starts a new cable, as does a page whose PlusD id differs. The
stamps stay in the text: the parser lifts them into ``Cable.foia`` and removes them
(``parse/foia.py``, ``parse/clean.py``).

Contract:

    read_pdf(path, rel, ocr=None) -> list[RawCable | Skip]
        The PDF's cables, each with ``Source.format`` "plusd-pdf" (a PlusD page title, or
        made by wkhtmltopdf as the PlusD renders are), else "foia-pdf" (text
        layer) or "foia-pdf-ocr" (any page OCR'd), ``Source.pages`` ("1-3") and
        ``Source.extraction`` ("text layer", "ocr:tesseract", "text layer + ocr:tesseract");
        pages that gave no text are named in the cable's ``metadata["notes"]``. A PDF with
        no page of text is one Skip whose reason says what to install or change. Never raises.
    skip_heals(reason) -> bool
        Whether a file skipped with ``reason`` on an earlier run would be read now: the
        reason named a missing OCR engine that is installed now, OCR turned off that is on
        now, or poppler's pdftotext (no longer needed). The indexer reads such a file again
        although it has not changed.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import ReadError
from ..model import RawCable, Skip, Source
from . import ocr as ocr_engines
from .pdf import PdfPage, ocr_mode, read_pdf_pages

# The page title wkhtmltopdf repeats: "2000HANOI00686 - CONFIDENTIAL".
_PLUSD_TITLE = re.compile(r"^[ \t\f]*(\d{4}[A-Z]+\d{5}(?:_[a-z])?) - ([A-Z][A-Z /]+?)[ \t]*$", re.MULTILINE)
# The document number of the FOIA page stamp, OCR'd with or without its dot.
_DOC_NO = re.compile(r"\bDoc[ \t]+No\.?[ \t]*([A-Z]?\d{5,10})\b", re.IGNORECASE)


def read_pdf(path: str, rel: str, ocr: str | None = None) -> list[RawCable | Skip]:
    """The PDF's cables, or one Skip (see the module docstring)."""
    try:
        pdf = read_pdf_pages(path, ocr)
    except ReadError as error:
        return [Skip(rel, str(error))]
    pages = pdf.pages
    with_text = [p for p in pages if p.text.strip()]
    if not with_text:
        missing = next((p.missing for p in pages if p.missing), None)
        return [Skip(rel, missing or "PDF file without pages")]
    plusd = "wkhtmltopdf" in pdf.creator.lower()  # PlusD pages saved from the browser
    return [document_cable(group, rel, plusd) for group in split_documents(pages)]


def page_key(page: PdfPage) -> str | None:
    """What names the document a page belongs to: its PlusD id or FOIA document number."""
    title = _PLUSD_TITLE.search(page.text)
    if title:
        return "plusd:" + title.group(1)
    number = _DOC_NO.search(page.text)
    return "doc:" + number.group(1).upper() if number else None


def split_documents(pages: list[PdfPage]) -> list[list[PdfPage]]:
    """Pages grouped into documents: a page whose key differs from the last key seen starts
    a new one; a page without a key (a stamp OCR could not read) stays with the one before."""
    groups: list[list[PdfPage]] = []
    current: str | None = None
    for page in pages:
        key = page_key(page) if page.text.strip() else None
        if groups and (key is None or current is None or key == current):
            groups[-1].append(page)  # a first key met also names the pages before it
        else:
            groups.append([page])
        current = key or current
    return groups


def document_cable(group: list[PdfPage], rel: str, plusd: bool = False) -> RawCable:
    """One document's pages as a RawCable (``plusd``: the file is a PlusD render)."""
    metadata: dict[str, Any] = {}
    texts: list[str] = []
    for page in group:
        text = page.text
        title = _PLUSD_TITLE.search(text)
        if title:
            metadata.setdefault("plusd_id", title.group(1))
            metadata.setdefault("aliases", [title.group(1)])
            metadata.setdefault("classification", title.group(2).strip())
            text = _PLUSD_TITLE.sub("", text)
        if text.strip():
            texts.append(text.strip("\n"))
    notes = [f"page {p.number}: {p.missing}" for p in group if p.missing]
    if notes:
        metadata["notes"] = notes
    methods = list(dict.fromkeys(p.method for p in group if p.method))
    ocred = any(m.startswith("ocr:") for m in methods)
    extraction = " + ".join(sorted(methods, key=lambda m: (m != "text", m))).replace("text", "text layer", 1) \
        if "text" in methods else " + ".join(methods)
    if "plusd_id" in metadata or plusd:
        fmt, collection = "plusd-pdf", "plusd"
    else:
        fmt, collection = ("foia-pdf-ocr" if ocred else "foia-pdf"), "foia"
    first, last = group[0].number, group[-1].number
    pages = str(first) if first == last else f"{first}-{last}"
    body = re.sub(r"\n{4,}", "\n\n\n", "\n\n".join(texts)).strip("\n") + "\n"
    return RawCable(body, Source(rel, fmt, collection, "utf-8", pages, extraction or None), metadata)


#: The reason older versions gave every PDF when poppler's pdftotext was missing.
LEGACY_NO_PDFTOTEXT = "install poppler-utils (pdftotext)"


def skip_heals(reason: str) -> bool:
    """Whether a file skipped for ``reason`` would be read now (see the module docstring)."""
    if LEGACY_NO_PDFTOTEXT in reason:
        return True
    if ocr_engines.NO_ENGINE in reason:
        return bool(ocr_engines.engine_names())
    if "OCR is off" in reason:
        try:
            return ocr_mode() != "never"
        except ReadError:
            return False
    return False
