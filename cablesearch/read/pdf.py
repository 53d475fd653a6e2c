"""PDF pages -> text: the text layer through PDFium, OCR where a page has none worth reading.

PDFs come two ways: PlusD pages rendered by wkhtmltopdf (``plusd-pdf/``, a clean text
layer) and FOIA reading-room releases, page images of the printed telegram with an OCR
text layer of uneven quality, or none. PDFium (the ``pypdfium2`` wheel, a core
dependency: no system tool is needed) reads the text layer and renders the pages that
must be OCR'd; ``benchmarks/pdf_bench.py`` measured it against pypdf, pdfminer.six and
poppler's ``pdftotext`` (figures in ``benchmarks/RESULTS.md``).

Contract:

    read_pdf_pages(path, ocr="auto") -> PdfFile
        The PDF's creator (its metadata's Creator and Producer) and every page, in order: its text and how it was got ("text" for the text
        layer, "ocr:<engine>"), or empty text and a ``missing`` reason when the page has
        no usable text layer and OCR was not possible (no engine installed, ``ocr="never"``).
        ``ocr``: "auto" OCRs the pages whose text layer is missing or garbage (quality
        below ``MIN_QUALITY``); "always" OCRs every page; "never" none. ReadError for a
        file PDFium cannot open (damaged, encrypted), with a one-line reason.
    layout_text(textpage) -> str
        A page's text layer as lines, with a blank line where the page leaves a gap (the
        parser splits paragraphs there) and leading spaces for indented lines.
    text_quality(text) -> float
        0.0-1.0: the share of the page's characters that sit in word-like tokens; a
        page with fewer than ``MIN_CHARS`` such characters scores 0.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ..errors import ReadError
from . import ocr as ocr_engines

OCR_MODES = ("auto", "always", "never")
#: A page's text layer is used when at least this share of its characters form words.
MIN_QUALITY = 0.6
#: Fewer word characters than this and a page counts as having no text layer.
MIN_CHARS = 20
#: Pages are rendered for OCR at this resolution (Tesseract reads typewriting best near 300).
OCR_DPI = 300

NO_TEXT_LAYER = "PDF page without a text layer"


@dataclass(frozen=True, slots=True)
class PdfPage:
    """One page: its number (1-based), its text, how the text was got ("text",
    "ocr:tesseract", "ocr:rapidocr"), the text layer's quality, and why it has no text
    (``missing``: a one-line reason naming what to install or which option to change)."""

    number: int
    text: str
    method: str
    quality: float
    missing: str | None = None


@dataclass(frozen=True, slots=True)
class PdfFile:
    """A PDF read: who made it (``creator``: its Creator and Producer metadata) and its pages."""

    creator: str
    pages: list[PdfPage]


def ocr_mode(value: str | None = None) -> str:
    """The OCR mode to use: ``value``, else ``$CABLESEARCH_OCR``, else "auto"; UsageError-free:
    an unknown value raises ReadError naming the valid ones."""
    mode = (value or os.environ.get("CABLESEARCH_OCR") or "auto").strip().lower()
    if mode not in OCR_MODES:
        raise ReadError(f"unknown OCR mode {mode!r}: use auto, always or never")
    return mode


def read_pdf_pages(path: str, ocr: str | None = None) -> PdfFile:
    """Every page's text (see the module docstring); ReadError when the file cannot be opened."""
    import pypdfium2 as pdfium

    mode = ocr_mode(ocr)
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        raise ReadError(f"PDF file: cannot open it ({_pdfium_reason(error)})") from None
    pages: list[PdfPage] = []
    try:
        info = document.get_metadata_dict(skip_empty=True)
        creator = " ".join(info.get(key, "") for key in ("Creator", "Producer")).strip()
        for index in range(len(document)):
            page = document[index]
            try:
                pages.append(_read_page(page, index + 1, mode))
            finally:
                page.close()
    finally:
        document.close()
    return PdfFile(creator, pages)


def _read_page(page, number: int, mode: str) -> PdfPage:  # noqa: ANN001 - a pypdfium2 PdfPage
    textpage = page.get_textpage()
    try:
        text = layout_text(textpage)
    finally:
        textpage.close()
    quality = text_quality(text)
    if mode == "never" or (mode == "auto" and quality >= MIN_QUALITY):
        if quality > 0:
            return PdfPage(number, text, "text", quality)
        return PdfPage(number, "", "", quality, f"{NO_TEXT_LAYER}: OCR is off (--ocr never)")
    engine = ocr_engines.best_engine()
    if engine is None:
        if quality >= MIN_QUALITY:  # "always" without an engine: the text layer will do
            return PdfPage(number, text, "text", quality)
        return PdfPage(number, "", "", quality, f"{NO_TEXT_LAYER}: {ocr_engines.NO_ENGINE}")
    image = ocr_engines.render_page(page, OCR_DPI)
    return PdfPage(number, engine.recognise(image), "ocr:" + engine.name, quality)


def _pdfium_reason(error: Exception) -> str:
    text = str(error)
    if "password" in text.lower():
        return "encrypted: a password is needed"
    return " ".join(text.split())[:120] or "damaged"


# --- the text layer ---------------------------------------------------------------

def layout_text(textpage) -> str:  # noqa: ANN001 - a pypdfium2 PdfTextPage
    """The page's text as lines, blank lines at vertical gaps, indentation as spaces.

    PDFium gives the characters in reading order with generated ``\\r\\n`` between lines
    but no blank lines (the parser needs them between paragraphs) and joins a word broken
    at a line end into one, marking the break ``\\ufffe``; the character boxes say where
    each line sits, so both come back (``ocr.place_lines``, as for OCR'd words).
    """
    text = textpage.get_text_range()
    spans: list[tuple[str, int]] = []  # (line text, index of its first character)
    start = i = 0
    while i < len(text):
        ch = text[i]
        if ch in "\r\n":
            spans.append((text[start:i], start))
            i += 2 if text[i:i + 2] == "\r\n" else 1
            start = i
        elif ch == "\ufffe":  # a hyphenated line end: keep the hyphen and the break
            spans.append((text[start:i] + "-", start))
            i += 1
            start = i
        else:
            i += 1
    spans.append((text[start:], start))
    words: list[ocr_engines.Word] = []
    for number, (line, first) in enumerate(spans):
        if not line.strip():
            continue
        offset = len(line) - len(line.lstrip())
        left, bottom, _, top = textpage.get_charbox(first + offset)
        # PDF space grows upwards: negate it to the image space place_lines works in.
        words.append(ocr_engines.Word(line.strip(), left, -max(top, bottom + 0.1), -bottom, (number,)))
    return ocr_engines.place_lines(words)


# A word-like token: letters, digits and the punctuation cables use inside words.
_WORDISH = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,;:()'\"/&%$#¶§-]*")
_LETTERS = re.compile(r"[A-Za-z]{2,}")


def text_quality(text: str) -> float:
    """Share of non-space characters in word-like tokens that hold a letter pair or digits."""
    tokens = text.split()
    total = sum(len(t) for t in tokens)
    good = sum(len(t) for t in tokens
               if _WORDISH.fullmatch(t) and (_LETTERS.search(t) or t.strip(".,;:()").isdigit()))
    if good < MIN_CHARS or total == 0:
        return 0.0
    return good / total
