"""parse_cable as a whole: the fields.md worked example, body boundaries, id hints, robustness.

The worked example's expected values are the right-hand column of
shared/design/fields.md for foia-ocr/MEXICO006043-2007.txt.
"""

from __future__ import annotations

import string

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FOIA_EXAMPLE, SAMPLE

from cablesearch import ParseError, parse_cable, parse_path
from cablesearch.model import Cable
from cablesearch.read import read_file

FIELDS_MD_KEYS = ["id", "aliases", "date", "precedence", "origin", "station", "recipients", "info",
                  "classification", "caveats", "declassification", "classified_by", "tags", "subject",
                  "references", "summary", "people", "signed_by", "paragraphs", "foia", "source"]


def test_mexico_006043_matches_fields_md() -> None:
    (cable,) = parse_path(FOIA_EXAMPLE).cables
    d = cable.to_dict()
    assert all(key in d for key in FIELDS_MD_KEYS)
    assert d["id"] == "07MEXICO6043" and d["aliases"] == []
    assert d["date"] == "2007-12-05T21:13:00Z"
    assert d["precedence"] == "ROUTINE"
    # issue 20: one canonical origin per post; the FM line's own words are kept beside it
    assert d["origin"] == "Embassy Mexico" and d["origin_text"] == "AMEMBASSY MEXICO" and d["station"] == "MEXICO"
    assert [r["name"] for r in d["recipients"]] == ["ALL US CONSULATES IN MEXICO COLLECTIVE", "SECSTATE WASHDC"]
    info = [r["name"] for r in d["info"]]
    assert len(info) == 7
    assert info[:2] == ["WESTERN HEMISPHERIC AFFAIRS DIPL POSTS", "USINT HAVANA"] and info[-1] == "NSC WASHDC"
    assert d["classification"] == "CONFIDENTIAL"
    assert d["caveats"] == ["SENSITIVE", "SIPDIS"]
    assert (d["declassification"]["order"], d["declassification"]["date"]) == ("E.O. 12958", "2017-12-05")
    assert d["classified_by"] == {"name": "Charles V. Barclay", "title": "Political Minister Counselor",
                                  "reasons": ["1.4(b)", "1.4(d)"]}
    assert d["tags"] == ["PGOV", "PREL", "ECON", "MX"]
    assert d["subject"] == ("DEPUTY SECRETARY NEGROPONTE HAS CORDIAL MEETINGS SENIOR MEXICAN SECURITY AND LAW "
                            "ENFORCEMENT OFFICIALS")
    assert d["references"] == []
    assert d["summary"].startswith("On October 30, Deputy Secretary Negroponte")
    assert "people" in d  # filled by the people issue
    assert d["signed_by"] == ["GARZA"]
    assert [p["number"] for p in d["paragraphs"]] == ["1", "2"] + [str(n) for n in range(4, 16)]
    assert d["foia"] == {"status": "RELEASED IN PART", "exemptions": ["B1", "1.4(B)", "1.4(D)", "B7(A)"],
                         "case_id": "200804526", "reviewed": ["2011-06-29", "2009-11-05"],
                         "doc_id": None, "released": None}  # no page stamp in this older release
    assert d["source"]["format"] == "foia-ocr"
    # the round trip through JSON (what the index stores) loses nothing
    assert Cable.from_dict(d).to_dict() == d


def test_mexico_repairs_ocr_quotes_but_keeps_the_raw_text() -> None:
    cable = parse_cable(FOIA_EXAMPLE.read_text(encoding="utf-8"))
    para4 = next(p for p in cable.paragraphs if p.number == "4")
    assert '"fill in the blanks"' in para4.text and "&fill in the blanks8" in cable.raw
    assert "Mexico's Attorney General" in cable.summary and "Mexico, s" in cable.raw


# 08TRIPOLI411 (cablegate-html-2011): an unwrapped page whose body follows the REF and
# Classified By fields on the same line, with no blank line in between.
TRIPOLI_411 = """C O N F I D E N T I A L TRIPOLI 000411 
 
SIPDIS 
 
DEPT FOR NEA/MAG (NARDI, JOHNSON) AND DRL 
 
E.O. 12958: DECL:  5/22/2018 
TAGS: PGOV PREL PHUM PINR LY
SUBJECT: EMBASSY DENIED ACCESS TO DETAINED HUMAN RIGHTS ACTIVIST 
FATHI EL-JAHMI 
 
REF: TRIPOLI 401  CLASSIFIED BY: Chris Stevens, CDA, U.S. Embassy Tripoli, Dept of State. REASON: 1.4 (b) 1. (C) \
Summary:  An Embassy officer was prevented by security officials from entering the hospital room in which detained \
human rights activist Fathi el-Jahmi had previously been housed. 2. (C) Following an earlier unsuccessful attempt \
to visit detained human rights activist Fathi el-Jahmi"""


def test_body_glued_to_the_header_fields_is_found() -> None:
    cable = parse_cable(TRIPOLI_411)
    assert cable.subject == "EMBASSY DENIED ACCESS TO DETAINED HUMAN RIGHTS ACTIVIST FATHI EL-JAHMI"
    # no DTG in the snippet: the id year is guessed from DECL 5/22/2018 (ten years on) and the REF inherits it
    assert cable.id == "08TRIPOLI411" and "year guessed from the declassification date" in cable.warnings
    assert cable.references == ("08TRIPOLI401",)
    assert [(p.number, p.marking) for p in cable.paragraphs] == [("1", "C"), ("2", "C")]
    assert cable.paragraphs[0].text.startswith("Summary: An Embassy officer was prevented")
    assert "CLASSIFIED BY" not in cable.paragraphs[0].text


def test_file_name_supplies_the_year_a_fragment_lacks() -> None:
    # 04MADRID4887: a <pre> fragment with no DTG whose DECL date is a typo (12/29/2054)
    (cable,) = parse_path(SAMPLE / "cablegate-pre" / "04MADRID4887.txt").cables
    assert cable.id == "04MADRID4887" and cable.date is None
    assert "id year taken from the file name" in cable.warnings
    # the same text under an unhelpful name: the banner alone gives no year, so no id is invented
    (raw,) = read_file(SAMPLE / "cablegate-pre" / "04MADRID4887.txt")
    text = raw.text
    assert parse_cable(text, metadata={"name_id": "notes"}).id is None
    # a name naming another cable is ignored
    assert parse_cable(text, metadata={"name_id": "04MADRID4888"}).id is None


def test_file_name_never_overrides_the_text() -> None:
    # 07MEXICO6043's DTG year and banner win over a misleading file name
    cable = parse_cable(FOIA_EXAMPLE.read_text(encoding="utf-8"), metadata={"name_id": "06MEXICO9999"})
    assert cable.id == "07MEXICO6043"


# ------------------------------------------------------------------- robustness
CABLE_WORDS = ["C O N F I D E N T I A L", "SECRET", "UNCLAS", "SUBJECT:", "TAGS:", "REF:", "E.O. 12958:",
               "DECL:", "1. (C)", "2. (S/NF)", "(SBU)", "FM AMEMBASSY", "TO SECSTATE WASHDC", "INFO", "P 051813Z DEC 07",
               "PAGE 02", "B1", "RELEASED IN PART", "Classified By:", "NNNN", "¶", "&", "8", "\n", "\n\n", " "]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(CABLE_WORDS), st.text(max_size=30)), max_size=60))
def test_any_text_gives_a_cable_or_a_parse_error(parts: list[str]) -> None:
    text = " ".join(parts)
    try:
        cable = parse_cable(text)
    except ParseError as error:
        assert str(error)
        return
    assert isinstance(cable, Cable)
    cable.to_dict()  # serialisable


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), name=st.text(alphabet=string.ascii_letters + string.digits, min_size=1,
                                                   max_size=12))
def test_any_bytes_give_a_cable_or_a_skip(tmp_path_factory, data: bytes, name: str) -> None:
    path = tmp_path_factory.mktemp("bytes") / f"{name}.txt"
    path.write_bytes(data)
    report = parse_path(path)
    assert len(report.cables) + len(report.skipped) == 1
    for skip in report.skipped:
        assert skip.reason and "\n" not in skip.reason
    for raw in read_file(path):
        assert raw is not None


# 10BEIJING207 (cablegate-html-2010): the banner line is redacted away; the transmission
# header still gives the classification (ZNY SSSSS), the serial (DE … #0207) and the post.
BEIJING_207 = """VZCZCXRO9839
OO RUEHCN RUEHGH
DE RUEHBJ #0207/01 0261055
ZNY SSSSS ZZH
O 261055Z JAN 10        ZDK
FM AMEMBASSY BEIJING
TO RUEHC/SECSTATE WASHDC IMMEDIATE 7785
INFO RUEHOO/CHINA POSTS COLLECTIVE IMMEDIATE
RHEHNSC/NSC WASHDC IMMEDIATE

ID: 245489
ORIGIN: XXXXXXXXXXXX
DATE: XXXXXXXXXXXX
SOURCE: Embassy Beijing
CLASSIFICATION: SECRET
MISC: XXXXXXXXXXXX
DESTINATION: XXXXXXXXXXXX
XXXXXXXXXXXX

XXXXXXXXXXXX

SIPDIS

NSC FOR BADER, MEDEIROS, AND LOI

E.O. 12958: DECL: 01/26/2030
TAGS: ECON PGOV PHUM PREL EINV CH
SUBJECT: GOOGLE UPDATE: PRC ROLE IN ATTACKS AND RESPONSE STRATEGY
"""


def test_header_without_a_banner_gives_id_classification_and_addressees() -> None:
    cable = parse_cable(BEIJING_207)
    assert (cable.id, cable.classification, cable.date) == ("10BEIJING207", "SECRET", "2010-01-26T10:55:00Z")
    assert [r.name for r in cable.recipients] == ["SECSTATE WASHDC"]
    assert [r.name for r in cable.info] == ["CHINA POSTS COLLECTIVE", "NSC WASHDC"]
    assert cable.tags == ("ECON", "PGOV", "PHUM", "PREL", "EINV", "CH")


def test_spaced_banner_glued_to_the_station() -> None:
    # 09CAIRO79 (cablegate-html-2011): the banner's line breaks were lost
    text = ("VZCZCXYZ0003\nRR RUEHWEB\n\nDE RUEHEG #0079/01 0151524\nZNY CCCCC ZZH\nR 151524Z JAN 09\n"
            "FM AMEMBASSY CAIRO\nTO RUEHC/SECSTATE WASHDC 1372\nINFO RUEHXK/ARAB ISRAELI COLLECTIVE\n"
            "RHEHNSC/NSC WASHDC\n\nC O N F I D E N T I A LCAIRO 000079 SIPDIS DEPARTMENT FOR NEA/ELA, DRL/NESCA, "
            "INL AND INR/NESA NSC FOR PASCUAL AND KUTCHA-HELBLINGE.O. 12958: DECL: 01/15/2029TAGS: PGOV PHUM KDEM "
            "EG\n\nClassified By: Ambassador Margaret Scobey for reasons 1.4 (b) and (d).\n\n ¶1. (C) Summary and "
            "comment: Police brutality in Egypt against common criminals is routine and pervasive.")
    cable = parse_cable(text)
    assert (cable.id, cable.classification, cable.station) == ("09CAIRO79", "CONFIDENTIAL", "CAIRO")
    assert cable.classified_by.name == "Margaret Scobey"
    assert cable.paragraphs[0].marking == "C"


def test_partial_extract_with_the_date_line_run_into_the_banner() -> None:
    # 05PARIS7777 (cablegate-html-2011): a partial extract whose lines were run together
    text = ("This record is a partial extract of the original cable. The full text of the original cable is not "
            "available.\n\nCable dated:2005-11-16T09:53:00 C O N F I D E N T I A L SECTION 01 OF 02 PARIS 007777 "
            "SIPDIS E.O. 12958: DECL: 11/7/2015 TAGS: PREL PHUM KDEM TS FR\n\n¶1. (C) Summary: The November 11 "
            "assault of a French journalist in Tunis by unknown assailants")
    cable = parse_cable(text)
    assert (cable.id, cable.date, cable.classification) == ("05PARIS7777", "2005-11-16T09:53:00Z", "CONFIDENTIAL")
    assert cable.tags == ("PREL", "PHUM", "KDEM", "TS", "FR")
    assert [(p.number, p.marking) for p in cable.paragraphs] == [("1", "C")]


# 08BEIJING2305 as the corpus page cablegate-html-2011/cable/2005/04/05MUSCAT679.html gives it
# (header and the start of its first two paragraphs): the reasons of the Classified By clause
# wrapped to a block of their own after a blank line.
BEIJING_2305 = """C O N F I D E N T I A L SECTION 01 OF 03 BEIJING 002305

SIPDIS PACOM FOR FPA AMB CHRISTY

E.O. 12958: DECL: 06/12/2033

TAGS: ETTC PARM PREL IR MU

SUBJECT: U.S.-CHINA SECURITY DIALOGUE: MEETING WITH DEPUTY CHIEF OF THE GENERAL STAFF LTGEN MA XIAOTIAN, JUNE 5, 2008

Classified By: Political Minister Counselor Aubrey Carlson. Reasons

1.4 (b) and (d).

Summary -------

1.(C) In a June 5 meeting at the Ministry of National Defense with Acting Under Secretary of State for Arms \
Control and International Security Affairs John Rood, PRC Deputy Chief of the General Staff Department \
Lieutenant General Ma Xiaotian summarized the People's Liberation Army's major arms control activities.

2.(C) LTG Ma agreed on the importance of communication to increase confidence and mutual trust.
"""


@pytest.mark.parametrize("path_or_text", ["cablegate-pre/08JEDDAH84.txt", BEIJING_2305],
                         ids=["wrapped line (08JEDDAH84)", "after a blank line (08BEIJING2305)"])
def test_the_wrapped_end_of_the_classified_by_reasons_is_no_paragraph(path_or_text: str) -> None:
    if path_or_text.endswith(".txt"):
        [cable] = parse_path(SAMPLE / path_or_text).cables
    else:
        cable = parse_cable(path_or_text)
    assert cable.classified_by is not None and "1.4(d)" in cable.classified_by.reasons
    first = cable.paragraphs[0]
    assert first.number == "1" or first.heading or first.text.startswith("Summary"), first
    assert not any(p.text.strip(" .") in ("d (d)", "1.4 (b) and (d)") for p in cable.paragraphs)
