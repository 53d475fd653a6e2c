"""Which reader a file needs, decided from its content first and its name second.

Cable collections are renamed, re-extensioned and mixed in one folder (a
``.txt`` that holds a ``<code><pre>`` scrape, an ``.html`` saved without its
extension), so the bytes decide. The extension only breaks ties, and marks
files that are clearly not cables (documentation, code, archives).
"""

from __future__ import annotations

import re

# Magic numbers of binary files a cable folder may contain. Archives are named
# apart because the user can do something about them: unpack and re-run.
ARCHIVE_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"PK\x03\x04", 0, "ZIP archive"),
    (b"PK\x05\x06", 0, "ZIP archive"),
    (b"\xfd7zXZ\x00", 0, "XZ compressed data"),
    (b"\x1f\x8b", 0, "gzip compressed data"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "RAR archive"),
    (b"\x28\xb5\x2f\xfd", 0, "Zstandard compressed data"),
    (b"ustar", 257, "tar archive"),
)
BINARY_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"%PDF-", 0, "PDF"),
    (b"\x89PNG\r\n\x1a\n", 0, "PNG image"),
    (b"\xff\xd8\xff", 0, "JPEG image"),
    (b"GIF87a", 0, "GIF image"),
    (b"GIF89a", 0, "GIF image"),
    (b"II*\x00", 0, "TIFF image"),
    (b"MM\x00*", 0, "TIFF image"),
    (b"\x7fELF", 0, "ELF executable"),
    (b"SQLite format 3\x00", 0, "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "MS Office document"),
    (b"{\\rtf", 0, "RTF document"),
)

# Names that say "archive" even when the content is damaged or empty.
ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2",
                    ".tbz2", ".gz", ".xz", ".bz2", ".7z", ".rar", ".zst")

# Text files that are documentation or code around a collection, never cables
# (a README.md quoting a cable would otherwise look like one).
NOT_CABLE_SUFFIXES = {".md": "Markdown document", ".rst": "reStructuredText document",
                      ".py": "Python source", ".js": "JavaScript source", ".css": "stylesheet",
                      ".json": "JSON file", ".jsonl": "JSON lines file", ".yml": "YAML file",
                      ".yaml": "YAML file", ".toml": "TOML file", ".cfg": "config file",
                      ".ini": "config file", ".sh": "shell script", ".xml": "XML file"}
NOT_CABLE_STEMS = ("README", "LICENSE", "LICENCE", "COPYING", "CHANGELOG", "CHANGES",
                   "PROVENANCE", "AUTHORS", "CONTRIBUTING", "NOTICE")


def sniff_binary(head: bytes, name: str = "") -> tuple[str, str] | None:
    """``("archive" | "pdf" | "binary", description)`` for non-text bytes, else None."""
    for magic, offset, what in ARCHIVE_MAGIC:
        if head[offset:offset + len(magic)] == magic:
            return "archive", what
    if head[:3] == b"BZh" and head[3:4].isdigit():
        return "archive", "bzip2 compressed data"
    for magic, offset, what in BINARY_MAGIC:
        if head[offset:offset + len(magic)] == magic:
            return ("pdf" if what == "PDF" else "binary"), what
    if b"\x00" in head:
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "binary", "UTF-16 text, not supported: convert it to UTF-8"
        if head.startswith(b"MZ"):
            return "binary", "Windows executable"
        return "binary", "NUL bytes"
    return None


def archive_suffix(name: str) -> str | None:
    """The archive extension of ``name`` (``.tar.xz``), if it has one."""
    lower = name.lower()
    for suffix in ARCHIVE_SUFFIXES:
        if lower.endswith(suffix):
            return suffix
    return None


def not_cable_kind(name: str) -> str | None:
    """Why a file is documentation/code by its name alone (README.md, setup.py), else None."""
    base = name.rsplit("/", 1)[-1]
    dot = base.rfind(".")
    suffix = base[dot:].lower() if dot > 0 else ""
    if suffix in NOT_CABLE_SUFFIXES:
        return NOT_CABLE_SUFFIXES[suffix]
    stem = base[:dot] if dot > 0 else base
    if stem.upper() in NOT_CABLE_STEMS:
        return f"{stem} file"
    return None


# A cablegate-pre scrape starts with the wrapper (rarely without <code>).
_PRE_START = re.compile(r"\A\s*(?:<code>\s*)?<pre>", re.IGNORECASE)
# Markers searched as plain substrings of the lower-cased head (a regex over
# 64 KB of sidebar per page was the reader's main cost).
# The WikiLeaks Cablegate page: its metadata table, title, or links into /cable/.
_CABLEGATE_MARKERS = ("<table class='cable'>", '<table class="cable">', "<title>cable viewer</title>",
                      "href='/cable/")
# The PlusD page: its synopsis table or its own links.
_PLUSD_MARKERS = ('<table id="synopsis">', "<table id='synopsis'>", 'href="/plusd/', "href='/plusd/")
_HTML_STARTS = ("<!doctype html", "<html", "<head", "<meta", "<body")
_HTML_MARKERS = ("</html>", "</div>", "</body>")
# A cables.csv row: id,"M/D/YYYY H:MM",refid,...; the dump's first line is a stray quote.
_CSV_ROW = re.compile(r'\A(?:"\s*\n)?"?\d+"?,"?\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d\d"?,"?[0-9A-Z]+"?,')
# FOIA release stamps (also OCR'd without punctuation: "U S Department of State Case No").
_FOIA = re.compile(r"RELEASED IN (?:PART|FULL)|RELEASE IN (?:PART|FULL)|REVIEW AUTHORITY"
                   r"|U\.?\s?S\.? Department of State Case No|DATE/CASE ID", re.IGNORECASE)


def detect_format(head: str, name: str = "") -> str | None:
    """Name the format of a decoded file from its first kilobytes, then its name.

    Returns 'cablegate-pre', 'cablegate-html', 'plusd-html', 'cablegate-csv',
    'plusd-pdf', 'foia-ocr' or 'text'; None for an empty head with no telling name.
    """
    lower_name = name.lower()
    if head.startswith("%PDF-"):
        return "plusd-pdf"
    if _PRE_START.match(head):
        return "cablegate-pre"
    low = head.lower()
    if any(marker in low for marker in _PLUSD_MARKERS):
        return "plusd-html"
    if any(marker in low for marker in _CABLEGATE_MARKERS):
        return "cablegate-html"
    if _CSV_ROW.match(head):
        return "cablegate-csv"
    if low.lstrip().startswith(_HTML_STARTS) or any(marker in low for marker in _HTML_MARKERS):
        return "cablegate-html"
    if _FOIA.search(head):
        return "foia-ocr"
    # Content was not decisive: the name breaks the tie.
    if lower_name.endswith(".pdf"):
        return "plusd-pdf"
    if lower_name.endswith(".csv"):
        return "cablegate-csv"
    if lower_name.endswith((".html", ".htm")) and "<" in head:
        return "plusd-html" if "plusd" in lower_name else "cablegate-html"
    if not head.strip():
        return None
    return "text"
