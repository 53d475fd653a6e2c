"""Files and folders -> ``RawCable`` / ``Skip``, never an exception.

This is the one place that touches the file system for reading. It walks
folders in a fixed (sorted) order so two runs index the same way, refuses
what is not a cable file with one readable reason each (empty, binary,
archive, too large, unreadable, broken or looping links, folder cycles), and
hands each remaining file to the reader for its format. A user pointing the
tool at a messy folder gets a list of what was skipped and why, not a
traceback.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import stat
from collections.abc import Iterator
from typing import Any, NamedTuple

from ..errors import ReadError
from ..model import RawCable, Skip, Source
from .cablegate_html import read_cablegate_html
from .csv_dump import iter_csv_dump
from .decode import UTF8_BOM, decode_bytes
from .detect import archive_suffix, detect_format, not_cable_kind, sniff_binary
from .pdf_documents import read_pdf
from .plusd_html import read_plusd_html
from .pre import read_pre
from .text import read_text

# One cable is at most a few hundred KB; a bigger file that is not a CSV dump
# is a mistake (a disk image, a log) and reading it whole would only waste memory.
MAX_SINGLE_CABLE_BYTES = 50 * 1024 * 1024
# A FOIA release of scanned pages runs to a few MB a page; its cables are read a page at a time.
MAX_PDF_BYTES = 500 * 1024 * 1024
# Enough to see past the 30-190 KB sidebar of a Cablegate page to its title.
SNIFF_BYTES = 64 * 1024

COLLECTIONS = {"cablegate-html": "cablegate", "cablegate-pre": "cablegate", "cablegate-csv": "cablegate",
               "plusd-html": "plusd", "plusd-pdf": "plusd", "foia-ocr": "foia", "foia-pdf": "foia",
               "foia-pdf-ocr": "foia", "text": None}

# Folder entries never worth a Skip line: version control, caches, editor files.
_IGNORED_NAMES = {"__pycache__"}


def read_path(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None, *,
              ocr: str | None = None) -> Iterator[RawCable | Skip]:
    """Read a file or walk a folder (sorted, recursively); one Skip per file that yields no cable.
    ``ocr`` is the OCR mode for PDF pages (``read.pdf.ocr_mode``)."""
    path = os.fspath(path)
    root = _default_root(path) if root is None else os.fspath(root)
    for item in iter_files(path, root):
        if isinstance(item, Skip):
            yield item
        else:
            yield from read_file(item, root, ocr=ocr)


def _default_root(path: str) -> str:
    try:
        is_dir = os.path.isdir(path)
    except (OSError, ValueError):
        is_dir = False
    return path if is_dir else (os.path.dirname(path) or ".")


class Hidden(NamedTuple):
    """A hidden file or folder (its name starts with `.`) the walk left out: counted, not read."""

    path: str


class WalkedFile(NamedTuple):
    """A file met by `walk_files`: its path, `os.stat` of what it names (links followed), and
    whether a symbolic link lies between the walk's start and it. The indexer needs a file's
    real path for its manifest; with `linked` False the path is already real when the walk
    started from one, so `realpath` is called only for the linked few."""

    path: str
    stat: os.stat_result | None  # None: a file named on the command line that cannot be stat'ed
    linked: bool


def iter_files(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None
               ) -> Iterator[str | Skip]:
    """The files under a path (sorted, recursively), or a Skip for each entry that cannot be walked.

    Separate from reading so the indexer can compare each file with its
    manifest before paying for a read.
    """
    for item in walk_files(path, root):
        if not isinstance(item, Hidden):
            yield item if isinstance(item, Skip) else item.path


def walk_files(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None, *,
               hidden: bool = False) -> Iterator[WalkedFile | Skip | Hidden]:
    """`iter_files` with each file's stat and whether a link led to it. Hidden files and folders
    (names starting with `.`) are left out, each reported as `Hidden`, unless `hidden`."""
    path = os.fspath(path)
    root = _default_root(path) if root is None else os.fspath(root)
    try:
        is_dir = os.path.isdir(path)
    except (OSError, ValueError):
        is_dir = False
    if not is_dir:
        try:
            info: os.stat_result | None = os.stat(path)
        except (OSError, ValueError):
            info = None  # reading it says why
        yield WalkedFile(path, info, False)
        return
    try:
        top = os.stat(path)
    except OSError as error:
        yield Skip(_relative(path, root), _os_reason(error, path))
        return
    key = (top.st_dev, top.st_ino)
    yield from _walk(path, root, {key}, {key}, False, hidden)


def _walk(folder: str, root: str, ancestors: set[tuple[int, int]], seen: set[tuple[int, int]], linked: bool,
          hidden: bool = False) -> Iterator[WalkedFile | Skip | Hidden]:
    """Walk one folder, depth first in sorted order; ``ancestors`` detects cycles, ``seen``
    folders linked in twice. A stack, not recursion: a tree thousands of folders deep is walked."""
    stack = [(_listing(folder, root), ancestors, linked)]
    while stack:
        entries, ancestors, linked = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        if isinstance(entry, Skip):
            yield entry
            continue
        if entry.name in _IGNORED_NAMES:
            continue
        if entry.name.startswith(".") and not hidden:
            yield Hidden(entry.path)
            continue
        try:
            info = os.stat(entry.path)  # follows links: a loop or a dangling one fails here
        except OSError as error:
            yield Skip(_relative(entry.path, root), _os_reason(error, entry.path))
            continue
        link = linked or entry.is_symlink()
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            target = os.readlink(entry.path) if entry.is_symlink() else entry.path
            if key in ancestors:
                yield Skip(_relative(entry.path, root), f"directory cycle: {target} is a folder above this one")
                continue
            if key in seen:
                yield Skip(_relative(entry.path, root), f"folder already read through another path ({target})")
                continue
            seen.add(key)
            stack.append((_listing(entry.path, root), ancestors | {key}, link))
        elif not stat.S_ISREG(info.st_mode):  # a FIFO would block whoever opened it
            yield Skip(_relative(entry.path, root), f"not a regular file ({_file_kind(info.st_mode)})")
        else:
            yield WalkedFile(entry.path, info, link)


def _listing(folder: str, root: str) -> Iterator[os.DirEntry[str] | Skip]:
    """A folder's entries, sorted by name, or one Skip when it cannot be listed."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as error:
        return iter([Skip(_relative(folder, root), f"cannot list folder: {_os_reason(error, folder)}")])
    return iter(entries)


def read_file(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None, *,
              ocr: str | None = None) -> Iterator[RawCable | Skip]:
    """Read one file: its cables (one, or one per row of a CSV dump) or exactly one Skip."""
    path = os.fspath(path)
    root = os.fspath(root) if root is not None else (os.path.dirname(path) or ".")
    rel = _relative(path, root)
    absolute = text_path(os.path.abspath(path))
    try:
        for item in _read_file(path, rel, ocr):
            if isinstance(item, RawCable):  # the path that opens from anywhere (`Source.abspath`)
                item = dataclasses.replace(item, source=dataclasses.replace(item.source, abspath=absolute))
            yield item
    except Exception as error:  # noqa: BLE001 - the contract: bad input never raises
        detail = " ".join(str(error).split())[:200]
        yield Skip(rel, f"unreadable: {type(error).__name__}: {detail}" if detail else
                   f"unreadable: {type(error).__name__}")


def _read_file(path: str, rel: str, ocr: str | None = None) -> Iterator[RawCable | Skip]:
    try:
        info = os.stat(path)
    except OSError as error:
        yield Skip(rel, _os_reason(error, path))
        return
    if stat.S_ISDIR(info.st_mode):
        yield Skip(rel, "a folder, not a file: read it with read_path")
        return
    if not stat.S_ISREG(info.st_mode):
        yield Skip(rel, f"not a regular file ({_file_kind(info.st_mode)})")
        return
    if info.st_size == 0:
        yield Skip(rel, "empty file")
        return
    base = os.path.basename(path)
    kind = not_cable_kind(base)
    if kind:
        yield Skip(rel, f"not a cable: {kind} ({base})")
        return
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as error:
        yield Skip(rel, _os_reason(error, path))
        return
    binary = sniff_binary(head, base)
    if binary and binary[0] == "archive":
        yield Skip(rel, f"archive: unpack it first ({binary[1]})")
        return
    if binary and binary[0] == "pdf":
        yield from _read_pdf(path, rel, info.st_size, ocr)
        return
    if archive_suffix(base):
        yield Skip(rel, f"archive: unpack it first ({archive_suffix(base)} file, damaged or not compressed)")
        return
    if binary and binary[1] != "NUL bytes":
        yield Skip(rel, f"binary file ({binary[1]})")
        return
    if not binary:
        head_text = head.removeprefix(UTF8_BOM).decode("utf-8", errors="replace")
        fmt = detect_format(head_text, base)
        if fmt == "cablegate-csv":
            yield from _read_csv(path, rel)
            return
    if info.st_size > MAX_SINGLE_CABLE_BYTES:
        yield Skip(rel, f"file too large ({info.st_size / 1e6:.0f} MB) for a single cable")
        return
    if binary:
        yield Skip(rel, "binary file (NUL bytes)")
        return
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        yield Skip(rel, _os_reason(error, path))
        return
    if b"\x00" in data:
        yield Skip(rel, "binary file (NUL bytes)")
        return
    text, encoding = decode_bytes(data)
    yield _read_text_format(text, encoding, fmt, rel, base)


def _read_text_format(text: str, encoding: str, fmt: str | None, rel: str, base: str) -> RawCable | Skip:
    """Dispatch a decoded file to the reader for its detected format."""
    try:
        if fmt is None:
            raise ReadError("empty file (only whitespace)")
        if fmt == "cablegate-html":
            body, metadata = read_cablegate_html(text)
        elif fmt == "plusd-html":
            body, metadata = read_plusd_html(text)
        elif fmt == "cablegate-pre":
            body, metadata = read_pre(text, base)
        elif fmt == "plusd-pdf":
            raise ReadError("PDF file without the %PDF- header: damaged")
        else:  # text, foia-ocr
            body, metadata = read_text(text)
    except ReadError as error:
        return Skip(rel, str(error))
    _name_hint(metadata, rel)
    return RawCable(body, Source(rel, fmt, COLLECTIONS.get(fmt), encoding), metadata)


def _name_hint(metadata: dict, rel: str) -> None:
    """Collections name files after the cable (`04MADRID4887.txt`); the parser
    uses that name only to fill in what the text lacks (an id's year)."""
    if not metadata.get("id"):
        metadata["name_id"] = os.path.splitext(os.path.basename(rel))[0]


def _read_pdf(path: str, rel: str, size: int, ocr: str | None) -> Iterator[RawCable | Skip]:
    if size > MAX_PDF_BYTES:
        yield Skip(rel, f"file too large ({size / 1e6:.0f} MB) for a PDF release")
        return
    items = read_pdf(path, rel, ocr)
    for item in items:
        if isinstance(item, RawCable) and len(items) == 1:
            _name_hint(item.metadata, rel)
        yield item


def _read_csv(path: str, rel: str) -> Iterator[RawCable | Skip]:
    """Stream a cables.csv dump; an I/O error mid-way ends it with one Skip."""

    def make_cable(text: str, metadata: dict[str, Any], row: int) -> RawCable:
        metadata["csv_row"] = row
        return RawCable(text, Source(rel, "cablegate-csv", "cablegate", "utf-8", row=row), metadata)

    def make_skip(reason: str) -> Skip:
        return Skip(rel, reason)

    try:
        yield from iter_csv_dump(path, make_cable, make_skip)
    except OSError as error:
        yield Skip(rel, f"CSV dump stopped: {_os_reason(error, path)}")


def _relative(path: str, root: str) -> str:
    """``path`` relative to ``root`` with forward slashes (the path itself if it is elsewhere)."""
    try:
        rel = os.path.relpath(path, root)
    except ValueError:  # another drive on Windows
        rel = path
    if rel.startswith(".." + os.sep) or rel == "..":
        rel = path
    return text_path(rel.replace(os.sep, "/"))


def text_path(path: str) -> str:
    """A path as text that can be stored and shown: itself, or, when a name in it is not valid
    UTF-8 (Python hands such names over with lone surrogates), its bytes with each undecodable
    one written `\\xNN`. The same file always gives the same text."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


def _os_reason(error: OSError, path: str) -> str:
    """One readable line for an OSError met while reading ``path``."""
    if error.errno == errno.ELOOP:
        return "symlink loop"
    if error.errno == errno.ENOENT and os.path.islink(path):
        try:
            return f"broken symlink (target {os.readlink(path)} does not exist)"
        except OSError:
            return "broken symlink"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "cannot read: permission denied"
    if error.errno == errno.ENOENT:
        return "no such file or folder"
    return f"cannot read: {error.strerror or error}"


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device")):
        if test(mode):
            return name
    return "special file"
