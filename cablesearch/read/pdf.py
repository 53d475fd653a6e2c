"""PDF renders of PlusD pages (``plusd-pdf/``, made by wkhtmltopdf).

No PDF library is a runtime dependency: when poppler's ``pdftotext`` is on
PATH it extracts the text layer (``-layout`` keeps the blank lines between
paragraphs and the telegram's columns); without it the file is skipped with a
reason that says what to install. The render repeats the PlusD id and
classification as a page title (``2000HANOI00686 - CONFIDENTIAL``); that
line becomes metadata, not text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any

from ..errors import ReadError

PDFTOTEXT_TIMEOUT_S = 60
NO_PDFTOTEXT = "PDF file: install poppler-utils (pdftotext) to read PDFs"


def pdftotext_available() -> bool:
    """Whether ``pdftotext`` can be run (checked per call: PATH may change in tests)."""
    return shutil.which("pdftotext") is not None


def extract_pdf_text(path: str) -> str:
    """The PDF's text layer via ``pdftotext -layout``; ReadError with a reason on any failure."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise ReadError(NO_PDFTOTEXT)
    try:
        done = subprocess.run([exe, "-layout", "-enc", "UTF-8", "-q", path, "-"],
                              capture_output=True, timeout=PDFTOTEXT_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise ReadError(f"PDF file: pdftotext took longer than {PDFTOTEXT_TIMEOUT_S} s") from None
    except OSError as error:
        raise ReadError(f"PDF file: cannot run pdftotext ({error.strerror})") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"exit status {done.returncode}"
        raise ReadError(f"PDF file: pdftotext failed ({detail})")
    return done.stdout.decode("utf-8", "replace")


# The page title wkhtmltopdf repeats: "2000HANOI00686 - CONFIDENTIAL".
_PLUSD_TITLE = re.compile(r"^[ \t\f]*(\d{4}[A-Z]+\d{5}(?:_[a-z])?) - ([A-Z][A-Z /]+?)[ \t]*$", re.MULTILINE)


def read_pdf_text(extracted: str) -> tuple[str, dict[str, Any]]:
    """Return ``(text, metadata)`` from pdftotext output; ReadError if it has no text layer."""
    text = extracted.replace("\r\n", "\n").replace("\f", "\n")
    metadata: dict[str, Any] = {}
    title = _PLUSD_TITLE.search(text)
    if title:
        metadata["plusd_id"] = title.group(1)
        metadata["aliases"] = [title.group(1)]
        metadata["classification"] = title.group(2).strip()
        text = _PLUSD_TITLE.sub("", text)
    text = re.sub(r"\n{4,}", "\n\n\n", text).strip("\n")
    if not text.strip():
        raise ReadError("PDF file without a text layer (scanned image?): OCR it first")
    return text + "\n", metadata
