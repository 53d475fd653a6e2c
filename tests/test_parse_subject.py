"""SUBJECT lines — real snippets with their cable ids."""

from __future__ import annotations

import pytest

from cablesearch.parse import parse_cable
from cablesearch.parse.subject import parse_subject, parse_wrapper_subject
from tests.conftest import unique_cases

SUBJECT_CASES = unique_cases([
    ("06SANJOSE707", 'SUBJECT: FUTURE PUSC DEPUTIES STRESS IMPORTANCE OF "SOCIAL \nAGENDA" TO PASS CAFTA-DR \n \n \n'
     "Classified By: Ambassador Mark Langdale", 'FUTURE PUSC DEPUTIES STRESS IMPORTANCE OF "SOCIAL AGENDA" TO PASS CAFTA-DR'),
    ("09CAIRO2205", "SUBJECT: BLIND COPTIC GIRLS' CHOIR USED FOR ALIEN SMUGGLING REF: CAIRO 2178\n\n1.(SBU) Summary:",
     "BLIND COPTIC GIRLS' CHOIR USED FOR ALIEN SMUGGLING"),
    ("73TEHRAN7005", "SUBJECT: ASSASSINATION/KIDNAP PLOT AGAINST SHAH REVEALED \n \nSUMMARY: GOI ANNOUNCED",
     "ASSASSINATION/KIDNAP PLOT AGAINST SHAH REVEALED"),
    ("66BUENOSAIRES2481", "SUBJECT:  EXTENDED NATIONAL JURISDICTIONS OVER HIGH SEAS \n \nREF: STATE 106206 CIRCULAR",
     "EXTENDED NATIONAL JURISDICTIONS OVER HIGH SEAS"),
    ("08KINSHASA189", "Subject: congolese uranium: gdrc looks to china for help\n\nRef: 07 kinshasa 798",
     "congolese uranium: gdrc looks to china for help"),
    ("02BOGOTA3281", "SUBJECT: DETAILS ON FARC CAMPS IN VENEZUELA \n \nNOFORN \n", "DETAILS ON FARC CAMPS IN VENEZUELA"),
    ("07MEXICO6043", "SUBJECT: DEPUTY SECRETARY NEGROPONTE HAS CORDIAL MEETINGS  \n SENIOR MEXICAN SECURITY AND LAW "
     "ENFORCEMENT OFFICIALS\n\nClassified By:", "DEPUTY SECRETARY NEGROPONTE HAS CORDIAL MEETINGS SENIOR MEXICAN "
     "SECURITY AND LAW ENFORCEMENT OFFICIALS"),
    ("06BOGOTA10571", "SUBJ: (C) COLOMBIA AND VENEZUELA: TIES THAT BIND \n\nREF: BOGOTA 4125",
     "COLOMBIA AND VENEZUELA: TIES THAT BIND"),
])


@pytest.mark.parametrize("cable_id,text,expected", SUBJECT_CASES)
def test_subject(cable_id: str, text: str, expected: str) -> None:
    assert parse_subject(text) == expected, cable_id


def test_missing_subject() -> None:
    # 06LIMA1452 (April-2011 copy): the SUBJECT keyword line is lost.
    assert parse_subject("TAGS: PGOV PINR PE\nRUN-OFF,   \nSEEKS EMBASSY'S ASSISTANCE") is None


# Cables forwarded inside an e-mail carry their subject in the e-mail's header (issue 20).
# Snippets copied from the April-2011 pages in ../shared/corpus/cablegate-html-2011.tar.xz.
WRAPPER_CASES = unique_cases([
    ("08TRIPOLI642", "Sent: Tuesday, August 12, 2008 5:30 PM\nTo: EACTTripoli\nSubject: TRIPOLI 00000642 R CO "
     "12-AUG-08 HANNIBAL GOES TO SEA: INSIGHTS INTO ANOTHER AL-QADHAFI FAMILY BUSINESS [7909670]\n\nCONFIDENTIAL\n",
     "HANNIBAL GOES TO SEA: INSIGHTS INTO ANOTHER AL-QADHAFI FAMILY BUSINESS"),
    ("08TRIPOLI982", "To: EACTTripoli\nSubject: TRIPOLI 00000982 O UN 29-DEC-08 LIBYA: SECTION 565 WAIVER OF\n"
     "PROHIBITION AGAINST CONTRACTING WITH FIRMS COMPLYING WITH AL BOYCOTT\n[8377562]\n\nUNCLAS\n",
     "LIBYA: SECTION 565 WAIVER OF PROHIBITION AGAINST CONTRACTING WITH FIRMS COMPLYING WITH AL BOYCOTT"),
])


@pytest.mark.parametrize("cable_id,text,expected", WRAPPER_CASES)
def test_wrapper_subject(cable_id: str, text: str, expected: str) -> None:
    assert parse_wrapper_subject(text) == expected, cable_id


def test_an_ordinary_subject_line_is_no_wrapper() -> None:
    assert parse_wrapper_subject("Subject: congolese uranium: gdrc looks to china for help\n") is None


def test_cable_in_an_email_wrapper_gets_the_wrappers_subject() -> None:
    # The start of 08TRIPOLI642 as its April-2011 page gives it (the routing lines cut short):
    # the body has no SUBJECT line, only the e-mail header names it.
    text = ("TRIPOLI 00000642 R CO 12-AUG-08 HANNIBAL GOES TO SEA: INSIGHTS INTO ANOTHER AL-QADHAFI FAMILY "
            "BUSINESS [7909670]From: CBPC, EACTAPP [EACTAPP@state.sgov.gov]\nSent: Tuesday, August 12, 2008 5:30 PM\n"
            "To: EACTTripoli\nSubject: TRIPOLI 00000642 R CO 12-AUG-08 HANNIBAL GOES TO SEA: INSIGHTS INTO ANOTHER "
            "AL-QADHAFI FAMILY BUSINESS [7909670]\n\nCONFIDENTIAL\n\nVZCZCXRO8786\nRR RUEHTRO\n"
            "DE RUEHTRO #0642/01 2251532\nZNY CCCCC ZZH\nR 121532Z AUG 08\nFM AMEMBASSY TRIPOLI\n"
            "TO RUEHC/SECSTATE WASHDC 3772\nRUEHTRO/AMEMBASSY TRIPOLI 4286\n\n"
            "C O N F I D E N T I A L SECTION 01 OF 02 TRIPOLI 000642 \n \nDEPT FOR NEA/MAG; COMMERCE FOR NATE MASON \n"
            "ENERGY FOR GINA ERICKSON \n \nE.O. 12958: DECL:  8/12/2018 \nTAGS: ECON EPET EWWT PGOV KCOR CY LY\n"
            "HANNIBAL GOES TO SEA: INSIGHTS INTO ANOTHER AL-QADHAFI FAMILY BUSINESS  REF: A) TRIPOLI 592, "
            "B) TRIPOLI 596, C) BERN 368,  D) HOTRWASHIN  06243883 , E) 2006 TRIPOLI 198  CLASSIFIED BY: Chris "
            "Stevens, CDA, U.S. Embassy - Tripoli, Dept of State. REASON: 1.4 (b), (d) 1. (C) Summary:  Libya's "
            "maritime business, in which Hannibal al-Qadhafi (son of Muammar al-Qadhafi) plays a large role.\n")
    cable = parse_cable(text)
    assert cable.id == "08TRIPOLI642"
    assert cable.subject == "HANNIBAL GOES TO SEA: INSIGHTS INTO ANOTHER AL-QADHAFI FAMILY BUSINESS"
    assert "no SUBJECT line" not in cable.warnings
