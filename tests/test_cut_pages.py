"""A Cablegate page cut short keeps what it holds and says where it stops (issue 23).

Every damaged page here is derived from a real one: sample_data's
cablegate-html-2011/06BOGOTA2291.html, cut at the named point the way a broken
download leaves it (the bytes before the cut unchanged, nothing after it). A
historian reading the record must see that the subject and body are missing
because the page is cut, not because the cable had none.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import SAMPLE

from cablesearch import CableIndex, build_index, parse_path
from cablesearch.cli import cli
from cablesearch.model import RawCable
from cablesearch.parse import parse_raw
from cablesearch.read import read_path

PAGE = SAMPLE / "cablegate-html-2011" / "06BOGOTA2291.html"
CUT_IN_HEADER = "page ends inside the transmission header: no subject or body"
CUT_AFTER_HEADER = "page ends after the transmission header: no subject or body"
CUT_IN_TEXT = "page ends inside the cable text: the rest is missing"


def cut_page(folder: Path, before: bytes, *, after_it: bool = False) -> Path:
    """The real 06BOGOTA2291 page cut just before (or just after) the first `before`."""
    page = PAGE.read_bytes()
    at = page.index(before) + (len(before) if after_it else 0)
    path = folder / "06BOGOTA2291.html"
    path.write_bytes(page[:at])
    return path


def only_cable(path: Path):
    items = list(read_path(path))
    assert len(items) == 1 and isinstance(items[0], RawCable), items
    return parse_raw(items[0])


def test_page_cut_inside_its_header_keeps_the_envelope_and_says_so(tmp_path: Path) -> None:
    # Cut inside the header <pre>, after the FM line and before TO.
    cable = only_cable(cut_page(tmp_path, b"&#x000A;TO RUEHC/SECSTATE WASHDC PRIORITY 3118"))
    assert cable.warnings[0] == CUT_IN_HEADER
    # What the header held is kept: the WikiLeaks table and the envelope.
    assert (cable.id, cable.date, cable.precedence, cable.origin, cable.classification) == (
        "06BOGOTA2291", "2006-03-14T15:02:00Z", "PRIORITY", "Embassy Bogota", "CONFIDENTIAL")
    # No subject and no body, and the routing lines are not passed off as paragraphs.
    assert cable.subject is None and cable.tags == () and cable.paragraphs == ()


def test_page_cut_between_header_and_body_says_so(tmp_path: Path) -> None:
    cable = only_cable(cut_page(tmp_path, b"</pre>", after_it=True))
    assert cable.warnings[0] == CUT_AFTER_HEADER
    assert [r.name for r in cable.recipients] == ["SECSTATE WASHDC"] and len(cable.info) == 13
    assert cable.subject is None and cable.paragraphs == ()


def test_page_cut_inside_the_text_before_its_subject_says_so(tmp_path: Path) -> None:
    # Cut inside the body <pre>, in the preamble: after TAGS, before SUBJECT.
    cable = only_cable(cut_page(tmp_path, b"SUBJECT: AMBASSADOR MEETS WITH PEACE COMMISSIONER"))
    assert cable.warnings[0] == CUT_IN_TEXT
    assert cable.tags == ("KJUS", "PGOV", "PREL", "PTER", "CO") and cable.subject is None


def test_page_cut_before_its_date_time_group_is_skipped_with_the_reason(tmp_path: Path) -> None:
    # Only "VZCZCXYZ0029 PP RUEHWEB" is left of the header: no cable text to keep.
    report = parse_path(cut_page(tmp_path, b"&#x000A;DE RUEHBO"))
    assert report.cables == []
    assert [s.reason for s in report.skipped] == [
        "not a cable: no date-time group, classification banner or header fields found"
        f" ({CUT_IN_HEADER})"]


def test_the_note_reaches_the_index_and_the_cli(tmp_path: Path) -> None:
    folder = tmp_path / "cables"
    folder.mkdir()
    cut_page(folder, b"&#x000A;TO RUEHC/SECSTATE WASHDC PRIORITY 3118")
    report = build_index([folder], tmp_path / "ix", workers=1)
    assert report.cables_indexed == 1 and report.skipped == []
    with CableIndex.open(tmp_path / "ix") as ix:
        assert ix.get("06BOGOTA2291").warnings[0] == CUT_IN_HEADER
    result = CliRunner().invoke(cli, ["parse", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0
    assert f"  warning: {CUT_IN_HEADER}" in result.output.splitlines()


def test_whole_sample_pages_carry_no_cut_note() -> None:
    pages = sorted(SAMPLE.glob("cablegate-html-*/*.html"))
    assert len(pages) == 32
    report = parse_path(SAMPLE / "cablegate-html-2011")
    report.cables += parse_path(SAMPLE / "cablegate-html-2010").cables
    report.cables += parse_path(SAMPLE / "cablegate-html-2011-09").cables
    assert len(report.cables) == len(pages)
    assert [c.id for c in report.cables if any(w.startswith("page ends") for w in c.warnings)] == []
