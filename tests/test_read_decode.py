"""decode_bytes, repair_mojibake, the markup helpers and detect_format, on real snippets."""

from __future__ import annotations

import pytest

from cablesearch.read import decode_bytes, detect_format
from cablesearch.read.decode import repair_mojibake
from cablesearch.read.detect import sniff_binary
from cablesearch.read.markup import decode_entities, markup_to_text, tag_links
from conftest import unique_cases

# (cable id, bytes as stored, expected text, expected encoding)
DECODE_CASES = unique_cases([
    # plaintext-latin1/: ISO-8859-1, CRLF, byte 0xB6 for the pilcrow.
    ("07BOGOTA1165", b"INTERAMERICAN JUDICIAL COMMITTEE \r\n \r\n \r\n\xb61.  This is an action request",
     "INTERAMERICAN JUDICIAL COMMITTEE \n \n \n¶1.  This is an action request", "latin-1"),
    # WikiLeaks UTF-8 with a curly apostrophe (00HARARE6677 body).
    ("00HARARE6677", "CHANNEL THE PEOPLE’S, AND HIS OWN PARTY MEMBERS’, FRUSTRATION".encode("utf-8"),
     "CHANNEL THE PEOPLE’S, AND HIS OWN PARTY MEMBERS’, FRUSTRATION", "utf-8"),
    # The same with a BOM, as an editor would save it.
    ("00HARARE5461", b"\xef\xbb\xbf" + "MUGABE’S DEPARTURE".encode("utf-8"), "MUGABE’S DEPARTURE", "utf-8-sig"),
    # Windows-1252 curly quotes (bytes 0x93/0x94) around a real phrase of 09KABUL165.
    ("09KABUL165", b"concern about the \x93fragmentation\x94", "concern about the “fragmentation”", "cp1252"),
    # UTF-8 read as Latin-1 and saved again: the mojibake FORMATS.md §7 warns about.
    ("06NEWDELHI5239", "Â¶1.  (SBU) Summary".encode("utf-8"), "¶1.  (SBU) Summary", "utf-8+mojibake-repaired"),
])


@pytest.mark.parametrize("cable_id, data, text, encoding", DECODE_CASES)
def test_decode_bytes(cable_id: str, data: bytes, text: str, encoding: str) -> None:
    assert decode_bytes(data) == (text, encoding)


def test_decode_keeps_real_non_ascii_letters() -> None:
    # "SÃO" is a real word, not mojibake: Ã followed by O is not a UTF-8 sequence.
    assert repair_mojibake("SÃO PAULO café") == "SÃO PAULO café"


def test_mojibake_of_closing_quote_with_undefined_cp1252_byte() -> None:
    # ” is E2 80 9D; 0x9D has no cp1252 letter, so Latin-1 left it as U+009D.
    assert repair_mojibake("â€œfill in the blanksâ€\x9d") == "“fill in the blanks”"


# (cable id, WikiLeaks markup, expected text)
MARKUP_CASES = unique_cases([
    ("06BOGOTA2291", "&political reality,8 which he thought", "&political reality,8 which he thought"),
    ("09STATE63812", "TAGS: <a href='/tag/PGOV_0.html'>PGOV</a> <a href='/tag/PREL_0.html'>PREL</a> "
                     "<a href='/tag/TX_0.html'>TX</a>", "TAGS: PGOV PREL TX"),
    ("00HARARE6677", "<a id='par12' href='#par12'>¶</a>12. (U) A/S RICE HAS CLEARED THIS MESSAGE.&#x000A;MCDONALD",
     "¶12. (U) A/S RICE HAS CLEARED THIS MESSAGE.\nMCDONALD"),
    ("1974ATHENS02959_b", "GOG STATEMENT EMPHASIZED ITS &quot;DEVOTION", 'GOG STATEMENT EMPHASIZED ITS "DEVOTION'),
    ("08STATE43817", "2. (SBU) On September 6, 2007, <<Israel>> destroyed a&#x000A;nuclear reactor",
     "2. (SBU) On September 6, 2007, <<Israel>> destroyed a\nnuclear reactor"),
    ("09LAPAZ96", "SIPDIS <br>&#x000A;<br>&#x000A;E.O. 12958: DECL: 01/21/2019 <br>",
     "SIPDIS \n\nE.O. 12958: DECL: 01/21/2019 "),
])


@pytest.mark.parametrize("cable_id, markup, text", MARKUP_CASES)
def test_markup_to_text(cable_id: str, markup: str, text: str) -> None:
    assert markup_to_text(markup) == text


def test_entities_are_decoded_once() -> None:
    assert decode_entities("WELFARE &amp;amp; WHEREABOUTS") == "WELFARE &amp; WHEREABOUTS"


def test_tag_links_in_order() -> None:
    markup = ("TAGS: <a href='/tag/MARR_0.html'>MARR</a> <a href='/tag/PGOV_0.html'>PGOV</a> "
              "<a href='/tag/PREL_0.html'>PREL</a> <a href='/tag/NL_0.html'>NL</a>")  # 06THEHAGUE1739
    assert tag_links(markup) == ["MARR", "PGOV", "PREL", "NL"]


# (cable id or file, first characters of the file, file name, expected format)
DETECT_CASES = unique_cases([
    ("00HARARE5461", "<code><pre>C O N F I D E N T I A L SECTION 01 OF 02 HARARE 005461 \n", "x.txt", "cablegate-pre"),
    ("72TEHRAN5055", "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">\n<html>\n<head>\n"
                     "<title>Cable Viewer</title>", "72TEHRAN5055.html", "cablegate-html"),
    ("1974ATHENS02959_b", "<div class=\"pane-content\">\n\t<table id=\"synopsis\">", "page", "plusd-html"),
    ("66BUENOSAIRES2481", '"\n"1","12/28/1966 18:48","66BUENOSAIRES2481","Embassy Buenos Aires",', "aa",
     "cablegate-csv"),
    ("114457", '114457,7/5/2007 16:17,07THEHAGUE1295,"Embassy The\nHague"', "dump.txt", "cablegate-csv"),
    ("MEXICO006043", "~~RELEASED IN PART~~  \n ~~B1, 1.4(B), 1.4(D), B7(A)~~\n", "m.txt", "foia-ocr"),
    ("07BOGOTA1165", "\nVZCZCXRO0594\nRR RUEHAO RUEHCD\n", "07BOGOTA1165.txt", "text"),
    ("00ATHENS1501", "%PDF-1.4\n", "00ATHENS1501.pdf", "plusd-pdf"),
    ("content wins", "\nVZCZCXRO0594\nRR RUEHAO RUEHCD\n", "cable.html", "text"),
    ("name decides", "", "dump.csv", "cablegate-csv"),
    ("nothing", "  \n", "blank.txt", None),
])


@pytest.mark.parametrize("case, head, name, expected", DETECT_CASES)
def test_detect_format(case: str, head: str, name: str, expected: str | None) -> None:
    assert detect_format(head, name) == expected


SNIFF_CASES = unique_cases([
    ("zip", b"PK\x03\x04\x14\x00\x00\x00", ("archive", "ZIP archive")),
    ("xz", b"\xfd7zXZ\x00\x00\x04", ("archive", "XZ compressed data")),
    ("pdf", b"%PDF-1.4\n%\xe2\xe3", ("pdf", "PDF")),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00", ("binary", "PNG image")),
    ("nul", b"TAGS: PGOV\x00\x00", ("binary", "NUL bytes")),
    ("text", "¶1. (C) Summary".encode("utf-8"), None),
])


@pytest.mark.parametrize("case, head, expected", SNIFF_CASES)
def test_sniff_binary(case: str, head: bytes, expected: tuple[str, str] | None) -> None:
    assert sniff_binary(head) == expected
