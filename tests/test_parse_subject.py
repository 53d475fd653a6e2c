"""SUBJECT lines — real snippets with their cable ids."""

from __future__ import annotations

import pytest

from cablesearch.parse.subject import parse_subject
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
