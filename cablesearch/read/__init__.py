"""The read layer: files -> raw cable texts.

Cables come as WikiLeaks pages, scraped ``<pre>`` blocks, a 1.7 GB CSV dump,
PlusD pages and PDFs, OCR'd FOIA releases and plain text, in three encodings.
This package turns any of them into ``RawCable`` (the cable's text, where it
came from, and what the container said about it) so the parser sees one kind
of input. Each format has its own module; ``walk`` ties them together.

Contract (used by the parser CLI, the indexer and benchmarks):

    read_path(path, root=None, *, ocr=None) -> Iterator[RawCable | Skip]
        A file or a folder (walked recursively, sorted, symlink loops and broken
        links reported as Skip). Never raises for bad input: every file that
        yields no cable yields exactly one ``Skip(path, reason)`` with a
        one-line human reason ("binary file (PNG image)", "empty file",
        "not a cable: no banner, date-time group, FM, TAGS or SUBJECT line found", ...).
        ``RawCable.source.path`` is relative to ``root`` (default: the folder
        given, or the file's parent), ``source.abspath`` absolute, and a CSV row's
        ``source.row`` its row number. Dot-files, dot-folders and __pycache__
        are ignored silently while walking (read when named explicitly).
    read_file(path, root=None, *, ocr=None) -> Iterator[RawCable | Skip]     one file
        (a cables.csv dump yields one RawCable per row, and a Skip per bad row; a PDF one
        RawCable per document it holds). ``ocr`` is the OCR mode for PDF pages without a
        usable text layer: "auto" (the default, else ``$CABLESEARCH_OCR``), "always", "never"
        (``pdf.py``, ``ocr.py``, ``pdf_documents.py``).
    detect_format(head: str, name: str = "") -> str | None
        'cablegate-html', 'plusd-html', 'cablegate-pre', 'cablegate-csv',
        'foia-ocr', 'text' (and 'plusd-pdf' for a PDF: the PDF reader then names it
        'plusd-pdf', 'foia-pdf' or 'foia-pdf-ocr') — from content first,
        extension second.
    skip_heals(reason: str) -> bool
        Whether a file skipped with ``reason`` (a missing OCR engine, OCR turned off) would
        be read now, so the indexer retries it although it is unchanged.
    decode_bytes(data: bytes) -> tuple[str, str]
        (text, encoding name): UTF-8 (with or without BOM), else cp1252, else latin-1
        (named 'latin-1' when the bytes decode the same either way); newlines
        normalised, ``Â¶``-style mojibake repaired ('+mojibake-repaired').

RawCable.metadata keys: id, created ('YYYY-MM-DD HH:MM'), released,
classification, origin, tags, references, aliases, plusd_id (PlusD),
plusd_<field> (every PlusD synopsis field), csv_row / csv_row_id (CSV rows),
notes (one-line notes on damage the reader found, e.g. a Cablegate page cut
short: "page ends inside the transmission header: no subject or body"; the
parser puts them first in ``Cable.warnings``), header_only (True when the text
is the transmission header alone, the body never came).
"""

from .decode import decode_bytes
from .detect import detect_format
from .pdf_documents import skip_heals
from .walk import Hidden, WalkedFile, iter_files, read_file, read_path, text_path, walk_files

__all__ = ["skip_heals", "read_path", "read_file", "iter_files", "walk_files", "WalkedFile", "Hidden", "text_path",
           "detect_format", "decode_bytes"]
