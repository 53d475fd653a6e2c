"""Bytes -> text, the same way for every format.

Cable files come in three encodings: UTF-8 (WikiLeaks pages, cables.csv, most
scrapes), ISO-8859-1 with CRLF line ends (``plaintext-latin1/``, where ``¶`` is
the single byte 0xB6) and the odd Windows-1252 file. A file decoded the wrong
way loses ``¶`` and curly quotes, and search then misses paragraph numbers and
quoted words, so decoding is decided here once, in a fixed order, and the name
of the decoding travels with the text (``Source.encoding``).

Some files were already decoded wrongly by whoever published them: UTF-8 read
as Latin-1 and written out again, which turns ``¶`` into ``Â¶`` and ``’`` into
``â€™``. That damage is repaired when it is clearly present.
"""

from __future__ import annotations

import codecs
import re

UTF8_BOM = b"\xef\xbb\xbf"

# The C1 range: Windows-1252 prints these bytes (€ ‚ ’ “ ” …), ISO-8859-1 maps
# them to invisible control characters. A file without any of them decodes the
# same in both, and is then named ISO-8859-1, the honest name for it.
_C1_BYTES = re.compile(rb"[\x80-\x9f]")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``: UTF-8 (BOM stripped), else cp1252, else latin-1.

    Line ends are normalised to ``\\n`` and UTF-8-as-Latin-1 mojibake is
    repaired; the encoding name then gets ``+mojibake-repaired``.
    """
    if data.startswith(UTF8_BOM):
        text, encoding = data[len(UTF8_BOM):].decode("utf-8", errors="replace"), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            if not _C1_BYTES.search(data):
                text, encoding = data.decode("latin-1"), "latin-1"
            else:
                try:
                    text, encoding = data.decode("cp1252"), "cp1252"
                except UnicodeDecodeError:
                    # cp1252 leaves 0x81 0x8D 0x8F 0x90 0x9D undefined.
                    text, encoding = data.decode("latin-1"), "latin-1"
    text = normalise_newlines(text)
    repaired = repair_mojibake(text)
    if repaired != text:
        return repaired, encoding + "+mojibake-repaired"
    return text, encoding


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF (the Latin-1 plain-text files are CRLF)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


# A UTF-8 lead byte read as Latin-1/cp1252 (Â Ã â …) followed by one to three
# continuation bytes read the same way (0x80-0xBF in Latin-1, or the cp1252
# letters that 0x80-0x9F become: € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ).
_CP1252_HIGH = "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d" \
               "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
_CONT = "[\u0080-\u00bf" + _CP1252_HIGH + "]"
_MOJIBAKE_HINT = re.compile(f"[\u00c2-\u00f4]{_CONT}")
_MOJIBAKE = re.compile(f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}}")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as Latin-1/cp1252 (``Â¶`` -> ``¶``).

    Each suspicious run is re-encoded and decoded as UTF-8 on its own; a run
    that is not valid UTF-8 that way is real text (``Ã`` in a name) and stays.
    """
    if not _MOJIBAKE_HINT.search(text):  # a fast pre-check; the full pattern is slow on big pages
        return text

    def fix(match: re.Match[str]) -> str:
        chunk = match.group(0)
        try:
            raw = b"".join(_to_byte(ch) for ch in chunk)
            return raw.decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return chunk

    return _MOJIBAKE.sub(fix, text)


def _to_byte(ch: str) -> bytes:
    """The byte a cp1252 (or, for 0x81/0x8D/0x8F/0x90/0x9D, Latin-1) decoder read as ``ch``."""
    try:
        return ch.encode("cp1252")
    except UnicodeEncodeError:
        return ch.encode("latin-1")


def _utf8_fallback_cp1252(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: decode a byte that is not UTF-8 as cp1252 (or Latin-1).

    Used when streaming a large CSV dump, where the decoding cannot be chosen
    by looking at the whole file first; one stray Windows byte must not stop
    a 1.7 GB read.
    """
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start:error.end]
    try:
        return bad.decode("cp1252"), error.end
    except UnicodeDecodeError:
        return bad.decode("latin-1"), error.end


STREAM_ERRORS = "cablesearch-cp1252-fallback"
codecs.register_error(STREAM_ERRORS, _utf8_fallback_cp1252)
