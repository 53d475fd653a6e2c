"""Each reader on real files: sample_data/ first, else the shared corpus beside the repo."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import tarfile
from pathlib import Path

import pytest

from cablesearch.model import RawCable, Skip
from cablesearch.read import read_file, read_path
from cablesearch.read.cablegate_html import _drop_sql_leak
from conftest import unique_cases

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
CORPUS = ROOT.parent / "shared" / "corpus"


def data_file(folder: str, name: str) -> Path:
    """A real file by collection folder and name: sample_data/ if it has it, else the corpus."""
    for base in (SAMPLE, CORPUS):
        path = base / folder / name
        if path.is_file():
            return path
    pytest.skip(f"{folder}/{name} is in neither sample_data/ nor ../shared/corpus/")


def only_cable(path: Path) -> RawCable:
    results = list(read_file(path))
    assert len(results) == 1, results
    assert isinstance(results[0], RawCable), results[0]
    return results[0]


@pytest.fixture(scope="session")
def from_tarballs(tmp_path_factory: pytest.TempPathFactory):
    """Pull a few named pages out of the corpus archives (3-6 MB each) once per session."""
    wanted = {
        "cablegate-html-2010.tar.xz": {"00HARARE6677.html", "09KHARTOUM881.html", "09LAPAZ96.html"},
        "cablegate-pre.tar.xz": {"00HARARE6677.txt", "06THEHAGUE1739.txt", "04THEHAGUE1915.txt",
                                 "04THEHAGUE2735.txt", "03THEHAGUE1865.txt", "09KABUL165.txt"},
    }
    out = tmp_path_factory.mktemp("tarballs")
    found: dict[str, Path] = {}
    for archive, names in wanted.items():
        path = CORPUS / archive
        if not path.is_file():
            continue
        with tarfile.open(path) as tar:
            for member in tar:
                base = member.name.rsplit("/", 1)[-1]
                if member.isfile() and base in names:
                    target = out / archive.split(".")[0] / base
                    target.parent.mkdir(exist_ok=True)
                    target.write_bytes(tar.extractfile(member).read())
                    found[base] = target

    def get(name: str) -> Path:
        if name not in found:
            pytest.skip(f"{name} not available (corpus archives missing)")
        return found[name]

    return get


# --- Cablegate HTML ------------------------------------------------------------

# (cable id, page file, metadata expected from <table class='cable'>)
HTML_2011_09_CASES = unique_cases([
    ("72TEHRAN5055", "72TEHRAN5055.html",
     {"id": "72TEHRAN5055", "created": "1972-08-22 09:27", "released": "2011-08-30 01:44",
      "classification": "UNCLASSIFIED", "origin": "Embassy Tehran", "tags": ["IR", "PTER"]}),
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


def test_cablegate_html_2010_template(from_tarballs) -> None:
    cable = only_cable(from_tarballs("00HARARE6677.html"))
    assert cable.metadata["id"] == "00HARARE6677"
    assert cable.metadata["classification"] == "CONFIDENTIAL"  # the link text, not title='unclassified'
    assert cable.text.startswith("This record is a partial extract of the original cable.")
    assert "TSVANGIRAI TO CHANNEL THE PEOPLE’S, AND HIS OWN PARTY MEMBERS’, FRUSTRATION" in cable.text
    assert cable.text.endswith("MCDONALD\n CONFIDENTIAL\n")  # the stray ">" line is dropped


def test_cablegate_html_own_database_record_is_cut(from_tarballs) -> None:
    cable = only_cable(from_tarballs("09KHARTOUM881.html"))
    body = cable.text.split("\n\n", 1)[1]
    assert "<<218634>>" not in cable.text
    assert "7/29/2009 14:42\n09KHARTOUM881" not in body


def test_cablegate_html_br_tags_removed(from_tarballs) -> None:
    cable = only_cable(from_tarballs("09LAPAZ96.html"))
    assert "<br>" not in cable.text
    assert "E.O. 12958: DECL: 01/21/2019 \nTAGS: PGOV" in cable.text


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

def test_pre_body_only(from_tarballs) -> None:
    cable = only_cable(from_tarballs("09KABUL165.txt"))
    assert cable.source.format == "cablegate-pre"
    assert cable.text.startswith("S E C R E T KABUL 000165 \n")
    assert "<pre>" not in cable.text and "</code>" not in cable.text
    assert "concern about the “fragmentation" in cable.text


# (cable id, start of text, metadata taken from the appended record, end of text)
PRE_RECORD_CASES = unique_cases([
    # Preview cut with "...", then the record with the full text (FORMATS.md §4).
    ("06THEHAGUE1739", "VZCZCXYZ0013\nOO RUEHWEB\n",
     {"id": "06THEHAGUE1739", "created": "2006-08-09 14:00", "origin": "Embassy The Hague",
                        "classification": "CONFIDENTIAL", "references": ["06KABUL3440"]},
     'Kamp said these "difficulties" were now\nresolved.\nARNALL'),
    # Record followed by the start of the next cable's record (04THEHAGUE1916).
    ("04THEHAGUE1915", "This record is a partial extract",
     {"id": "04THEHAGUE1915", "created": "2004-07-30 06:06", "origin": "Embassy The Hague",
                        "classification": "SECRET//NOFORN", "references": ["04THEHAGUE1903"]},
     "will supervise the investigation where ever it is centered. \nSOBEL \n"),
    # Record wrapped inside an unquoted field: "UNCLASSIFIED//FOR\nOFFICIAL USE ONLY".
    ("04THEHAGUE2735", "This record is a partial extract",
     {"id": "04THEHAGUE2735", "created": "2004-10-22 15:09", "origin": "Embassy The Hague",
                        "classification": "UNCLASSIFIED//FOR OFFICIAL USE ONLY"},
     None),
    # The record written one field a line.
    ("03THEHAGUE1865", "C O N F I D E N T I A L SECTION 01 OF 02 THE HAGUE 001865 \n",
     {"id": "03THEHAGUE1865", "created_date": "2003-07-23", "origin": "Embassy The Hague",
                        "classification": "CONFIDENTIAL"},
     "A/S Jones cleared this cable. \nRUSSEL"),
])


@pytest.mark.parametrize("cable_id, start, metadata, end", PRE_RECORD_CASES)
def test_pre_with_appended_record(from_tarballs, cable_id: str, start: str, metadata: dict, end: str | None) -> None:
    cable = only_cable(from_tarballs(f"{cable_id}.txt"))
    for key, value in metadata.items():
        assert cable.metadata[key] == value, key
    assert cable.text.startswith(start)
    if end is not None:
        assert end in cable.text[-400:]
    assert not re.search(r"^\d{3,7},\d{1,2}/\d{1,2}/\d{4} ", cable.text, re.MULTILINE)  # record cut off
    assert "04THEHAGUE1916" not in cable.text
    assert cable.metadata["tags"]


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


def test_plusd_pdf_with_or_without_pdftotext(monkeypatch: pytest.MonkeyPatch) -> None:
    path = data_file("plusd-pdf", "00ATHENS1501.pdf")
    if shutil.which("pdftotext"):
        cable = only_cable(path)
        assert cable.source.format == "plusd-pdf"
        assert "FM AMEMBASSY ATHENS" in cable.text
        assert "SUBJECT: GREEK RESPONSE ON URGENT SUPPORT NEEDED FOR HUMANITARIAN" in cable.text
    monkeypatch.setenv("PATH", "")
    results = list(read_file(path))
    assert results == [Skip("00ATHENS1501.pdf", "PDF file: install poppler-utils (pdftotext) to read PDFs")]


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
    ("07BOGOTA1165", "07BOGOTA1165.txt", "latin-1", "¶1.  This is an action request (see paragraphs 2 and 4). "),
    ("06NEWDELHI5239", "06NEWDELHI5239.txt", "latin-1", "¶1.  (SBU) Summary:"),
])


@pytest.mark.parametrize("cable_id, name, encoding, line", PLAINTEXT_CASES)
def test_plaintext_latin1(cable_id: str, name: str, encoding: str, line: str) -> None:
    cable = only_cable(data_file("plaintext-latin1", name))
    assert cable.source.format == "text"
    assert cable.source.encoding == encoding
    assert line in cable.text
    assert "\r" not in cable.text


def test_folder_walk_is_sorted_and_relative(tmp_path: Path) -> None:
    folder = data_file("plaintext-latin1", "07BOGOTA1165.txt").parent
    results = list(read_path(folder))
    paths = [r.source.path for r in results if isinstance(r, RawCable)]
    assert paths == sorted(paths)
    assert "07BOGOTA1165.txt" in paths
    assert all("/" not in p and not os.path.isabs(p) for p in paths)
