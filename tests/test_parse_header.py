"""Transmission header: DTG, precedence, FM, TO, INFO — real snippets, each with its cable id."""

from __future__ import annotations

import pytest

from cablesearch.parse.header import parse_dtg, parse_origin, parse_recipients, parse_zny_classification
from tests.conftest import unique_cases

DTG_CASES = unique_cases([
    # OCR'd prosign O as zero (cables.csv), a space before the Z (PlusD)
    ("79TEHRAN11260", "0 241208Z OCT 79\nFM AMEMBASSY TEHRAN", "1979-10-24T12:08:00Z", "IMMEDIATE"),
    ("73STATE97844", "P R 221828 Z MAY 73\nFM SECSTATE WASHDC", "1973-05-22T18:28:00Z", "PRIORITY"),
    ("06SANJOSE707", "ZNY CCCCC ZZH\nP 302318Z MAR 06\nFM AMEMBASSY SAN JOSE", "2006-03-30T23:18:00Z", "PRIORITY"),
    ("66BUENOSAIRES2481", "P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES", "1966-12-28T18:48:00Z", "PRIORITY"),
    ("07MEXICO6043", "R 052113Z DEC 07  \n FM AMEMBASSY MEXICO  ", "2007-12-05T21:13:00Z", "ROUTINE"),
    ("08KINSHASA189", "ZNY SSSSS ZZH\nO 221446Z FEB 08\nFM AMEMBASSY KINSHASA", "2008-02-22T14:46:00Z", "IMMEDIATE"),
    ("79TEHRAN8980", "R 130458Z AUG 79\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 3182", "1979-08-13T04:58:00Z", "ROUTINE"),
    ("00HARARE6677", "291359Z Nov 00\n                           CONFIDENTIAL     PTQ1859", "2000-11-29T13:59:00Z", None),
    ("78STATE042975", "O 172244Z FEB 78 ZFF6\nFM SECSTATE WASHDC", "1978-02-17T22:44:00Z", "IMMEDIATE"),
    ("06DUSHANBE2113", "ZNY CCCCC ZZH\nP R 221403Z NOV 06\nFM AMEMBASSY DUSHANBE", "2006-11-22T14:03:00Z", "PRIORITY"),
])


@pytest.mark.parametrize("cable_id,text,iso,precedence", DTG_CASES)
def test_dtg(cable_id: str, text: str, iso: str, precedence: str | None) -> None:
    dtg = parse_dtg(text)
    assert dtg is not None, cable_id
    assert dtg.iso == iso
    assert dtg.precedence == precedence


def test_dtg_impossible_day_is_skipped() -> None:
    # OCR damage can produce a 31 FEB; it must not crash and must not be taken.
    assert parse_dtg("R 312113Z FEB 07\nFM AMEMBASSY MEXICO") is None


def test_origin_normalises_spacing() -> None:
    assert parse_origin(" FM AMEMBASSY   MEXICO  \n TO ALL US CONSULATES") == "AMEMBASSY MEXICO"


def test_recipients_with_routes_precedence_and_mcn() -> None:
    # 06NEWDELHI5135 (plaintext-latin1)
    header = ("O 210722Z JUL 06\nFM AMEMBASSY NEW DELHI\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 6818\n"
              "INFO RUEHBJ/AMEMBASSY BEIJING 3078\nRUEHLM/AMEMBASSY COLOMBO 6415\nRHEFDIA/DIA WASHDC\n"
              "RHHMUNA/CDR USPACOM HONOLULU HI\n")
    to, info = parse_recipients(header)
    assert [r.to_dict() for r in to] == [{"name": "SECSTATE WASHDC", "route": "RUEHC", "precedence": "IMMEDIATE"}]
    assert [(r.route, r.name, r.precedence) for r in info] == [
        ("RUEHBJ", "AMEMBASSY BEIJING", None), ("RUEHLM", "AMEMBASSY COLOMBO", None),
        ("RHEFDIA", "DIA WASHDC", None), ("RHHMUNA", "CDR USPACOM HONOLULU HI", None)]


def test_recipients_skip_page_noise_inside_to() -> None:
    # 08STATE23763: an old page header sits on the TO line itself.
    header = ("P 071500Z MAR 08\nFM SECSTATE WASHDC\nTO PAGE 02        STATE   023763  071504Z\n"
              "AMEMBASSY NEW DELHI PRIORITY\nINFO MISSILE TECHNOLOGY CONTROL REGIME COLLECTIVE PRIORITY\n")
    to, info = parse_recipients(header)
    assert [(r.name, r.precedence) for r in to] == [("AMEMBASSY NEW DELHI", "PRIORITY")]
    assert [r.name for r in info] == ["MISSILE TECHNOLOGY CONTROL REGIME COLLECTIVE"]


def test_niact_immediate() -> None:
    # 90BAGHDAD4397
    to, _ = parse_recipients("O 020411Z AUG 90\nFM AMEMBASSY BAGHDAD\nTO SECSTATE WASHDC NIACT IMMEDIATE 4708\n"
                             "AMEMBASSY KUWAIT NIACT IMMEDIATE\nAMEMBASSY RIYADH IMMEDIATE\n")
    assert [(r.name, r.precedence) for r in to] == [
        ("SECSTATE WASHDC", "NIACT IMMEDIATE"), ("AMEMBASSY KUWAIT", "NIACT IMMEDIATE"),
        ("AMEMBASSY RIYADH", "IMMEDIATE")]


def test_legacy_office_table_is_not_info(foia_text: str) -> None:
    # 07MEXICO6043: `INFO LOG-00 EEB-00 …` is the routing table; the real INFO list follows TO.
    to, info = parse_recipients(foia_text)
    assert [r.name for r in to] == ["ALL US CONSULATES IN MEXICO COLLECTIVE", "SECSTATE WASHDC"]
    assert [r.name for r in info] == [
        "WESTERN HEMISPHERIC AFFAIRS DIPL POSTS", "USINT HAVANA", "DEPT OF HOMELAND SECURITY",
        "DEPT OF TREASURY WASHDC", "CDR USNORTHCOM", "CDR USSOUTHCOM MIAMI FL", "NSC WASHDC"]


@pytest.mark.parametrize("cable_id,line,expected", [
    ("06SANJOSE707", "ZNY CCCCC ZZH", "CONFIDENTIAL"),
    ("08KINSHASA189", "ZNY SSSSS ZZH", "SECRET"),
    ("09CAIRO2205", "ZNR UUUUU ZZH", "UNCLASSIFIED"),
])
def test_zny_classification(cable_id: str, line: str, expected: str) -> None:
    assert parse_zny_classification("DE RUEHEG #2205/01 3291444\n" + line + "\n") == expected
