"""Each reader on real files from sample_data/ (CI runs on a clean clone: no corpus beside the repo).

A quirk that no sample file carries is tested on a verbatim excerpt of the corpus file that has it
(named in the test), passed to the reader function as a string.
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

import pytest

from cablesearch.model import RawCable, Skip
from cablesearch.read import read_file, read_path
from cablesearch.read.cablegate_html import _drop_sql_leak
from cablesearch.read.markup import markup_to_text
from cablesearch.read.pre import read_pre
from conftest import unique_cases

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"


def data_file(folder: str, name: str) -> Path:
    """A real file in sample_data/ by collection folder and name; a missing file fails the test."""
    path = SAMPLE / folder / name
    assert path.is_file(), f"sample_data/{folder}/{name} is missing"
    return path


def only_cable(path: Path) -> RawCable:
    results = list(read_file(path))
    assert len(results) == 1, results
    assert isinstance(results[0], RawCable), results[0]
    return results[0]


# --- Cablegate HTML ------------------------------------------------------------

# (cable id, page file, metadata expected from <table class='cable'>)
HTML_2011_09_CASES = unique_cases([
    # Classification is the link text (SECRET), not its title='confidential'; the tags of the
    # unrelated cable appended after the cut are the same links, kept once.
    ("73TEHRAN8233", "73TEHRAN8233.html",
     {"id": "73TEHRAN8233", "created": "1973-11-21 12:20", "released": "2011-08-30 01:44",
      "classification": "SECRET", "origin": "Embassy Tehran", "tags": ["PINT", "IR"]}),
    ("7575LIBREVILLE1895", "7575LIBREVILLE1895.html",
     {"id": "7575LIBREVILLE1895", "created": "1975-11-18 12:05", "released": "2011-08-30 01:44",
      "classification": "CONFIDENTIAL", "origin": "Embassy Libreville", "tags": ["PFOR", "UNGA", "GB", "KS", "KN"]}),
])


@pytest.mark.parametrize("cable_id, name, metadata", HTML_2011_09_CASES)
def test_cablegate_html_2011_09_metadata(cable_id: str, name: str, metadata: dict) -> None:
    cable = only_cable(data_file("cablegate-html-2011-09", name))
    assert cable.metadata == metadata
    assert cable.source.format == "cablegate-html"
    assert cable.source.collection == "cablegate"
    assert cable.source.encoding == "utf-8"


def test_cablegate_html_text_is_header_then_body_without_sidebar() -> None:
    cable = only_cable(data_file("cablegate-html-2011-09", "7575LIBREVILLE1895.html"))
    header, body = cable.text.split("\n\n", 1)
    assert header == ("O R 181205Z NOV 75 ZFF4\nFM AMEMBASSY LIBREVILLE\nTO USMISSION USUN NEWYORK NIACT IMMEDIATE\n"
                      "SECSTATE WASHDC IMMEDIATE 7102\nINFO AMEMBASSY PARIS\nAMEMBASSY SEOUL")
    assert body.startswith("C O N F I D E N T I A L 75 LIBREVILLE 1895 \nE.O. 11652: NGDS")
    assert "TAGS: PFOR UNGA GB KS KN\n" in body  # links gone, text kept
    assert "¶1. PRESIDENT BONGO HAS JUST PERSONALLY ASSURED ME" in body  # anchor text kept
    assert "GOG PERMREP HAS NOW RECEIVED F..." in body  # the Sept-2011 cut-off body, as published
    for sidebar in ("Browse by", "#cablegate", "Currently released", "<a ", "&#x000A;"):
        assert sidebar not in cable.text


def test_cablegate_html_2010_template() -> None:
    cable = only_cable(data_file("cablegate-html-2010", "04RANGOON1100.html"))
    assert cable.metadata == {"id": "04RANGOON1100", "created": "2004-08-27 08:08", "released": "2010-12-09 21:09",
                              "classification": "SECRET",  # the link text, not title='confidential'
                              "origin": "Embassy Rangoon"}
    # The first <pre> holds only the partial-extract note, the second the body with its dateline.
    header, body = cable.text.split("\n\n", 1)
    assert header == ("This record is a partial extract of the original cable. "
                      "The full text of the original cable is not available.")
    assert body.startswith("Friday, 27 August 2004, 08:08\nS E C R E T SECTION 01 OF 02 RANGOON 001100 \n")
    assert "¶1. (S) SUMMARY: North Korean workers are reportedly assembling “SAM missiles”" in body
    assert cable.text.endswith("report as warranted. McMullen")
    for markup in ("<a ", "&#x000A;", "</pre>", "Browse by"):
        assert markup not in cable.text


def test_cablegate_html_stray_gt_line_dropped() -> None:
    # The same page in the Dec-2010 archive reads to the same text (FORMATS.md: 59 pages end in ">").
    cable = only_cable(data_file("cablegate-html-2011", "00HARARE6677.html"))
    assert cable.metadata["id"] == "00HARARE6677"
    assert cable.metadata["classification"] == "CONFIDENTIAL"  # the link text, not title='unclassified'
    assert cable.text.startswith("This record is a partial extract of the original cable.")
    assert "TSVANGIRAI TO CHANNEL THE PEOPLE’S, AND HIS OWN PARTY MEMBERS’, FRUSTRATION" in cable.text
    assert cable.text.endswith("MCDONALD\n CONFIDENTIAL\n")  # the stray ">" line is dropped


def test_cablegate_html_own_database_record_is_cut() -> None:
    # The body <pre> starts with the cable's own record, one field a line (FORMATS.md §1).
    cable = only_cable(data_file("cablegate-html-2011", "06MEXICO1311.html"))
    body = cable.text.split("\n\n", 1)[1]
    assert "55988\n2006-03-09 22:28:00\n06MEXICO1311\nEmbassy Mexico" not in cable.text
    assert "UNCLASSIFIED//FOR OFFICIAL USE ONLY\n06MEXICO536\n" not in body
    assert body.startswith("VZCZCXRO4180\nRR RUEHCD RUEHGD")
    assert "UNCLAS SECTION 01 OF 02 MEXICO 001311 \n" in body


def test_own_record_in_angle_brackets_is_cut() -> None:
    # 09KHARTOUM881 (Dec-2010 archive only): the record's serial is written "<<218634>>".
    # Verbatim start of its body <pre>.
    pre = ("<<218634>>&#x000A;7/29/2009 14:42&#x000A;09KHARTOUM881&#x000A;Embassy Khartoum&#x000A;"
           "CONFIDENTIAL&#x000A;09KHARTOUM378&#x000A;VZCZCXRO9313&#x000A;"
           "PP RUEHBC RUEHBZ RUEHDE RUEHDH RUEHDU RUEHKUK RUEHMR RUEHPA RUEHRN&#x000A;")
    text = markup_to_text(pre)
    assert text.startswith("<<218634>>\n")  # not taken for a tag
    assert _drop_sql_leak(text, "09KHARTOUM881") == (
        "VZCZCXRO9313\nPP RUEHBC RUEHBZ RUEHDE RUEHDH RUEHDU RUEHKUK RUEHMR RUEHPA RUEHRN\n")
    assert _drop_sql_leak(text, "09KHARTOUM880") == text  # another cable's record is left alone


def test_cablegate_html_br_tags_removed() -> None:
    # 09LAPAZ96 (Dec-2010 archive only) ends most body lines in "<br>"; no sample page has one
    # inside its <pre>. Verbatim start of its body <pre>.
    pre = ("SIPDIS <br>&#x000A;<br>&#x000A;E.O. 12958: DECL: 01/21/2019 <br>&#x000A;"
           "TAGS: <a href='/tag/PGOV_0.html'>PGOV</a> <a href='/tag/KDEM_0.html'>KDEM</a> "
           "<a href='/tag/PREL_0.html'>PREL</a> <a href='/tag/PHUM_0.html'>PHUM</a> "
           "<a href='/tag/PINR_0.html'>PINR</a> <a href='/tag/ENVR_0.html'>ENVR</a> "
           "<a href='/tag/BL_0.html'>BL</a>&#x000A;"
           "SUBJECT: BOLIVIA'S REFERENDUM: MARGIN OF VICTORY MATTERS <br>&#x000A;<br>&#x000A;"
           "REF: A. 08 LAPAZ 2606 <br>&#x000A;<a id='parB' href='#parB'>¶</a>B. LA PAZ 6 <br>&#x000A;")
    assert markup_to_text(pre) == (
        "SIPDIS \n\nE.O. 12958: DECL: 01/21/2019 \nTAGS: PGOV KDEM PREL PHUM PINR ENVR BL\n"
        "SUBJECT: BOLIVIA'S REFERENDUM: MARGIN OF VICTORY MATTERS \n\nREF: A. 08 LAPAZ 2606 \n¶B. LA PAZ 6 \n")


def test_leading_tab_row_of_own_cable_is_cut() -> None:
    # 06BERN1553: the body <pre> starts with the cable's own row of the SQL dump.
    body = ("75837\t2006-08-23 08:46:00\t06BERN1553\tEmbassy Bern\tCONFIDENTIAL\t\tVZCZCXRO8379\\\n"
            "OO RUEHDBU RUEHFL RUEHKW RUEHLA RUEHROV RUEHSR\\\n"
            "RUCNDT/USMISSION USUN NEW YORK 0092\tC O N F I D E N T I A L SECTION 01 OF 02 BERN 001553 \\\n"
            " \\\nSIPDIS \\\n \\\nSIPDIS \\\n")
    assert _drop_sql_leak(body, "06BERN1553") == (
        "C O N F I D E N T I A L SECTION 01 OF 02 BERN 001553\n\nSIPDIS\n\nSIPDIS\n")


def test_trailing_rows_of_other_cables_are_cut() -> None:
    # FORMATS.md §1, 07BERN881: the next cable's row follows the signature.
    body = ("continue to reiterate our concerns on these matters at \\\nappropriate opportunities with other "
            "Swiss officials. \\\nCARTER \\\n\n121752\t2007-09-11 12:50:00\t07TBILISI2290\tEmbassy Tbilisi\t"
            "UNCLASSIFIED//FOR OFFICIAL USE ONLY\t\tVZCZCXRO4053\\\nRR RUEHAG")
    assert _drop_sql_leak(body, "07BERN881") == (
        "continue to reiterate our concerns on these matters at\nappropriate opportunities with other "
        "Swiss officials.\nCARTER\n")


# --- <pre> fragments -----------------------------------------------------------

def test_pre_body_only() -> None:
    # Guardian/press layout: weekday dateline, "EO 12958 DECL:", TAGS without colon, curly quotes.
    cable = only_cable(data_file("cablegate-pre", "01PRETORIA1173.txt"))
    assert cable.source.format == "cablegate-pre"
    assert cable.text.startswith("Friday, 23 February 2001, 15:53\n"
                                 "C O N F I D E N T I A L SECTION 01 OF 02 PRETORIA 001173 \n")
    assert "<pre>" not in cable.text and "</code>" not in cable.text and "<a " not in cable.text
    assert "¶1. (C) SUMMARY: RECENT ACTIONS AND STATEMENTS BY PRESIDENT MBEKI" in cable.text  # anchor text kept
    assert "INVESTIGATION OF SOUTH AFRICA’S 1999 $4 BILLION ARMS PURCHASE" in cable.text
    assert cable.text.endswith("LEADER OF AFRICA’S MOST IMPORTANT STATE.\nLEWIS")


# (cable id, start of text, metadata taken from the appended record, end of text, record text that must be gone)
PRE_RECORD_CASES = unique_cases([
    # Preview cut with "...", then the record with the full text (FORMATS.md §4).
    ("07THEHAGUE295", "VZCZCXYZ0003\nRR RUEHWEB\n",
     {"id": "07THEHAGUE295", "created": "2007-02-16 12:06", "origin": "Embassy The Hague",
      "classification": "CONFIDENTIAL", "references": ["07STATE6376"]},
     "source of reportable material during the campaign. \nBLAKEMAN",
     "ANDREW J. SCHOF...\n"),
    # Record wrapped after a comma ('"Consulate Jeddah",\nCONFIDENTIAL,'); "" quotes in the content.
    ("08JEDDAH84", "VZCZCXRO7226\nPP RUEHBC RUEHDE",
     {"id": "08JEDDAH84", "created": "2008-02-19 06:18", "origin": "Consulate Jeddah",
      "classification": "CONFIDENTIAL", "references": ["08JEDDAH401", "08THEHAGUE133"]},
     'cartoons "an insult to Islam," and consider their\nre-publishing a blatant attack on Muslims worldwide.\n'
     "GFOELLER ",  # the record ends 'GFOELLER ",'
     "SUBJECT: OIC SLAMS DANISH CARTOON...\n"),
    # The record written one field a line (serial, ISO date, refid, origin, classification, refs).
    ("04THEHAGUE1846", "C O N F I D E N T I A L SECTION 01 OF 02 THE HAGUE 001846 \n",
     {"id": "04THEHAGUE1846", "created_date": "2004-07-22", "origin": "Embassy The Hague",
      "classification": "CONFIDENTIAL", "references": ["04THEHAGUE1796"]},
     "End Comment. \nRUSSEL",
     "19006\n\n2004-07-22\n\n04THEHAGUE1846"),
])


@pytest.mark.parametrize("cable_id, start, metadata, end, gone", PRE_RECORD_CASES)
def test_pre_with_appended_record(cable_id: str, start: str, metadata: dict, end: str, gone: str) -> None:
    cable = only_cable(data_file("cablegate-pre", f"{cable_id}.txt"))
    for key, value in metadata.items():
        assert cable.metadata[key] == value, key
    assert cable.text.startswith(start)
    assert cable.text.endswith(end)
    assert gone not in cable.text  # the preview, or the record's own fields
    assert not re.search(r"^\d{3,7},\d{1,2}/\d{1,2}/\d{4} ", cable.text, re.MULTILINE)  # record cut off
    assert cable.metadata["tags"]


# Two record shapes found in no sample file, on verbatim excerpts of the corpus files
# (cablegate-pre.tar.xz); lines of the record's content are left out where marked.
PRE_RECORD_EXCERPTS = unique_cases([
    # "...", then '",' debris of the record before; the record, then the start of the NEXT
    # cable's record (04THEHAGUE1916). Lines 1-22 and 96-104 of 104.
    ("04THEHAGUE1915", "\n".join([
        "<code><pre>S E C R E T THE HAGUE 001915 ", " ", "SIPDIS ", " ", "NOFORN ", "TERREP ", " ",
        "STATE FOR DS/DSS/ITA, DS/DSS/IP/EUR, DS/ICI/PII, DS/ICI/CI, ", "DS/IP/FPO, EUR/UBI DESK ",
        "BRUSSELS FOR LEGATT ", " ", "E.O. 12958: DECL: 07/28/2014 ",
        "TAGS: <a href='/tag/ASEC_0.html'>ASEC</a> <a href='/tag/NL_0.html'>NL</a> "
        "<a href='/tag/PTER_0.html'>PTER</a>",
        "SUBJECT: SURVEILLANCE OF U.S...", "", "SOBEL ", '",',
        '19260,7/30/2004 6:06,04THEHAGUE1915,"Embassy The Hague",SECRET//NOFORN,04THEHAGUE1903,'
        '"This record is a partial extract of the original cable. The full text of the original cable is not '
        'available.',
        "", '","S E C R E T THE HAGUE 001915 ', " ", "SIPDIS ",
        # (lines 23-95 left out)
        "<a id='par8' href='#par8'>¶</a>8. (SBU) In reftel RSO reported the deduction the that ",
        "Subject One was a resident of Utrecht and the investigation ",
        "was centered there. That deduction is now in question as the ",
        "bio data indicates the subject is from Rotterdam.  The Dutch ",
        "National Terrorism Prosecutor is located in Rotterdam and ",
        "will supervise the investigation where ever it is centered. ", "SOBEL ", '",',
        '19285,7/30/2004 12:31,04THEHAGUE1916,"Embassy The Hague",CONFIDENTIAL//NOFORN,04STATE157147,'
        '"This record is a partial extract of the original cable. The full text of the original cable is not '
        'available.</pre></code>',
        ""]),
     {"id": "04THEHAGUE1915", "created": "2004-07-30 06:06", "origin": "Embassy The Hague",
      "classification": "SECRET//NOFORN", "references": ["04THEHAGUE1903"], "tags": ["ASEC", "NL", "PTER"]},
     "This record is a partial extract of the original cable. The full text of the original cable is not "
     "available.\n\nS E C R E T THE HAGUE 001915 \n \nSIPDIS \n¶8. (SBU) In reftel",
     "will supervise the investigation where ever it is centered. \nSOBEL \n"),
    # The classification field, unquoted, wrapped by the scraper: "UNCLASSIFIED//FOR\nOFFICIAL USE ONLY".
    # Lines 1-27 and 131-132 of 132.
    ("04THEHAGUE2735", "\n".join([
        "<code><pre>UNCLAS SECTION 01 OF 02 THE HAGUE 002735 ", " ", "SIPDIS ", " ", "SENSITIVE ", " ",
        "E.O. 12958: N/A ",
        "TAGS: <a href='/tag/PREL_0.html'>PREL</a> <a href='/tag/PGOV_0.html'>PGOV</a> "
        "<a href='/tag/TU_0.html'>TU</a> <a href='/tag/NL_0.html'>NL</a> <a href='/tag/EUN_0.html'>EUN</a>",
        "SUBJECT: CAUTIOUS DUTCH REACTION TO EC REPORT ON TURKEY ", " ",
        "THIS CABLE IS SENSITIVE BUT UNCLASSIFIED.  PLEASE HANDLE ", "ACCORDINGLY. ", " ", "1...", "", "", "", "",
        '21950,10/22/2004 15:09,04THEHAGUE2735,"Embassy The Hague",UNCLASSIFIED//FOR',
        'OFFICIAL USE ONLY,,"This record is a partial extract of the original cable.',
        "The full text of the original cable is not available.",
        '","UNCLAS SECTION 01 OF 02 THE HAGUE 002735', "SIPDIS", "SENSITIVE", "E.O. 12958: N/A",
        "TAGS: <a href='/tag/PREL_0.html'>PREL</a> <a href='/tag/PGOV_0.html'>PGOV</a> "
        "<a href='/tag/TU_0.html'>TU</a> <a href='/tag/NL_0.html'>NL</a> <a href='/tag/EUN_0.html'>EUN</a>",
        "SUBJECT: CAUTIOUS DUTCH REACTION TO EC REPORT ON TURKEY",
        # (lines 28-130 left out)
        "positive decision in December.", "Russel</pre></code>",
        ""]),
     {"id": "04THEHAGUE2735", "created": "2004-10-22 15:09", "origin": "Embassy The Hague",
      "classification": "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "tags": ["PREL", "PGOV", "TU", "NL", "EUN"]},
     "This record is a partial extract of the original cable.\nThe full text of the original cable is not "
     "available.\n\nUNCLAS SECTION 01 OF 02 THE HAGUE 002735\nSIPDIS\n",
     "SUBJECT: CAUTIOUS DUTCH REACTION TO EC REPORT ON TURKEY\npositive decision in December.\nRussel"),
])


@pytest.mark.parametrize("cable_id, fragment, metadata, start, end", PRE_RECORD_EXCERPTS)
def test_pre_record_shapes_from_corpus_excerpts(cable_id: str, fragment: str, metadata: dict, start: str,
                                               end: str) -> None:
    text, got = read_pre(fragment, f"{cable_id}.txt")
    for key, value in metadata.items():
        assert got[key] == value, key
    assert text.startswith(start)
    assert text.endswith(end)
    assert "..." not in text  # the preview is replaced by the record's content
    assert not re.search(r"^\d{3,7},\d{1,2}/\d{1,2}/\d{4} ", text, re.MULTILINE)  # record cut off
    assert "04THEHAGUE1916" not in text and "CONFIDENTIAL//NOFORN" not in text


# --- PlusD ----------------------------------------------------------------------

def test_plusd_html_synopsis_and_raw_content() -> None:
    cable = only_cable(data_file("plusd-html", "1974ATHENS02959_b.html"))
    meta = cable.metadata
    assert meta["plusd_id"] == "1974ATHENS02959_b"
    assert meta["aliases"] == ["1974ATHENS02959_b"]
    assert meta["created"] == "1974-05-17 16:00"
    assert meta["classification"] == "LIMITED OFFICIAL USE"
    assert meta["plusd_current_classification"] == "UNCLASSIFIED"
    assert meta["tags"] == ["AMBATIELOS, ANTHONY", "GR", "KALOUDIS, NICK", "PINS"]
    assert meta["origin"] == "Greece Athens"
    assert meta["plusd_locator"] == "TEXT ON MICROFILM,TEXT ONLINE"
    assert "plusd_handling_restrictions" not in meta  # "-- N/A or Blank --"
    assert cable.source.collection == "plusd"
    # Raw content keeps the printed header; &quot; is decoded.
    assert cable.text.startswith("LIMITED OFFICIAL USE\n\nPAGE 01  ATHENS 02959  171944Z\n")
    assert "FM AMEMBASSY ATHENS\nTO SECSTATE WASHDC 3410" in cable.text
    assert 'GOG STATEMENT EMPHASIZED ITS "DEVOTION' in cable.text
    assert cable.text.count("1. INQUIRIES MADE BY APPROPRIATE SECTION") == 1  # one copy, not both panes
    assert "Capture Date" not in cable.text


def test_plusd_pdf_is_read_with_no_system_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    """PDFium (a wheel) reads the text layer: nothing on PATH is needed, pdftotext least of all."""
    monkeypatch.setenv("PATH", "")
    cable = only_cable(data_file("plusd-pdf", "00DAMASCUS2985.pdf"))
    assert cable.source.format == "plusd-pdf"
    assert (cable.source.pages, cable.source.extraction) == ("1", "text layer")
    assert cable.text.startswith("O 111650Z JUN 00\nFM AMEMBASSY DAMASCUS\n")
    # The wrapped SUBJECT keeps its line break and hyphen (PDFium joins them; the reader does not),
    # and paragraphs keep the blank line between them.
    assert "SUBJECT: ASAD SITREP 03: BASHAR PROMOTED TO COMMANDER-\n" in cable.text
    assert "ARMED FORCES.\n\n¶2. (C) THE MOST OBVIOUS" in cable.text


# --- cables.csv -----------------------------------------------------------------

def test_cables_csv_rows() -> None:
    path = data_file("cables-csv", "cables_first37rows.csv")
    results = list(read_file(path))
    assert len(results) == 37
    assert all(isinstance(r, RawCable) for r in results)
    first = results[0]
    assert first.metadata == {"id": "66BUENOSAIRES2481", "created": "1966-12-28 18:48",
                              "origin": "Embassy Buenos Aires", "classification": "UNCLASSIFIED",
                              "references": ["66STATE106206"], "csv_row_id": 1, "csv_row": 1}
    assert first.text.startswith("P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\n")
    assert "\n\nUNCLASSIFIED BUENOS AIRES 2481 \n" in first.text  # header, blank line, content
    assert 'OF "PREFERENTIAL JURISDICTION" FOR FISHING PURPOSES' in first.text  # \" unescaped
    assert results[1].metadata["references"] == ["72MOSCOW1603", "72TEHRAN1091", "72TEHRAN263"]
    assert results[9].metadata["id"] == "7575LIBREVILLE1895"
    assert {r.source.format for r in results} == {"cablegate-csv"}


def test_cables_csv_bad_row_is_one_skip(tmp_path: Path) -> None:
    data = data_file("cables-csv", "cables_first37rows.csv").read_bytes()
    # Damage the date of row 3 (72TEHRAN1381), keep everything else.
    damaged = data.replace(b'"3","3/9/1972 5:40"', b'"3","not a date"', 1)
    assert damaged != data
    dump = tmp_path / "cables.csv"
    dump.write_bytes(damaged)
    results = list(read_file(dump))
    skips = [r for r in results if isinstance(r, Skip)]
    assert skips == [Skip("cables.csv", "row 3 (line 158): bad date 'not a date'")]
    assert len(results) == 37


def test_cables_csv_over_50mb_is_streamed(tmp_path: Path) -> None:
    rows = data_file("cables-csv", "cables_first37rows.csv").read_bytes().split(b"\n", 1)[1]
    dump = tmp_path / "cables.csv"
    with dump.open("wb") as out:
        out.write(b'"\n')
        while out.tell() < 51 * 1024 * 1024:
            out.write(rows)
    first_three = list(itertools.islice(read_file(dump), 3))
    assert [r.metadata["id"] for r in first_three] == ["66BUENOSAIRES2481", "72TEHRAN1164", "72TEHRAN1381"]


# --- FOIA and plain text ------------------------------------------------------------

def test_foia_ocr() -> None:
    cable = only_cable(data_file("foia-ocr", "MEXICO006043-2007.txt"))
    assert cable.source.format == "foia-ocr"
    assert cable.source.collection == "foia"
    assert "~~RELEASED IN PART~~" in cable.text
    assert "R 052113Z DEC 07" in cable.text


# (cable id, file, encoding, a line of the text)
PLAINTEXT_CASES = unique_cases([
    # ¶ is the byte 0xB6; CRLF line ends.
    ("09PARIS1007", "09PARIS1007.txt", "latin-1", "¶1. (C) Summary:   Mubarak and Sarkozy reportedly are in "),
    ("06NEWDELHI5237", "06NEWDELHI5237.txt", "latin-1", " ¶1.  (C) Summary: Poloff delivered reftel on July 24.  MEA "),
])


@pytest.mark.parametrize("cable_id, name, encoding, line", PLAINTEXT_CASES)
def test_plaintext_latin1(cable_id: str, name: str, encoding: str, line: str) -> None:
    cable = only_cable(data_file("plaintext-latin1", name))
    assert cable.source.format == "text"
    assert cable.source.encoding == encoding
    assert line in cable.text
    assert "\r" not in cable.text


def test_folder_walk_is_sorted_and_relative(tmp_path: Path) -> None:
    folder = data_file("plaintext-latin1", "09PARIS1007.txt").parent
    results = list(read_path(folder))
    paths = [r.source.path for r in results if isinstance(r, RawCable)]
    assert paths == sorted(paths)
    assert "09PARIS1007.txt" in paths
    assert all("/" not in p and not os.path.isabs(p) for p in paths)
