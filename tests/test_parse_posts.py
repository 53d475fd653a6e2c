"""One canonical origin per post (issue 20) -- FM lines and WikiLeaks origins from real cables."""

from __future__ import annotations

import pytest

from cablesearch.parse.posts import canonical_origin
from tests.conftest import unique_cases

# (cable id, the post as the cable or its page writes it, station, canonical origin).
# FM lines are from the cables' pages in ../shared/corpus; "metadata" rows are the
# origin WikiLeaks' own table gives the same cable (wikileaks_metadata.jsonl).
CASES = unique_cases([
    ("06LAPAZ2657", "AMEMBASSY LA PAZ", "LAPAZ", "Embassy La Paz"),
    ("06LAPAZ2657 metadata", "Embassy La Paz", "LAPAZ", "Embassy La Paz"),
    ("08RIODEJANEIRO171", "AMCONSUL RIO DE JANEIRO", "RIODEJANEIRO", "Consulate Rio De Janeiro"),
    ("08RIODEJANEIRO171 metadata", "Consulate Rio De Janeiro", "RIODEJANEIRO", "Consulate Rio De Janeiro"),
    ("09SAOPAULO104", "AMCONSUL SAO PAULO", "SAOPAULO", "Consulate Sao Paulo"),
    ("07PORTAUPRINCE408", "AMEMBASSY PORT AU PRINCE", "PORTAUPRINCE", "Embassy Port Au Prince"),
    ("09MEXICO193", "AMEMBASSY MEXICO", "MEXICO", "Embassy Mexico"),
    ("07MEXICO6043 spacing", "AMEMBASSY   MEXICO", "MEXICO", "Embassy Mexico"),
    ("07STATE156011", "SECSTATE WASHDC", "STATE", "Secretary of State"),
    ("08USNATO208", "USMISSION USNATO", "USNATO", "Mission USNATO"),
    ("09BRUSSELS1032", "USEU BRUSSELS", "BRUSSELS", "USEU Brussels"),
    ("06USUNNEWYORK1065", "USMISSION USUN NEW YORK", "USUNNEWYORK", "USUN New York"),
    ("06GENEVA2030", "USMISSION GENEVA", "GENEVA", "US Mission Geneva"),
    ("06TAIPEI2921", "AIT TAIPEI", "TAIPEI", "American Institute Taiwan, Taipei"),
    ("09UNVIEVIENNA9", "USMISSION UNVIE VIENNA", "UNVIEVIENNA", "UNVIE"),
    ("10RPODUBAI15", "IRAN RPO DUBAI", "RPODUBAI", "Iran RPO Dubai"),
    ("09HAVANA132", "USINT HAVANA", "HAVANA", "US Interests Section Havana"),
])


@pytest.mark.parametrize("cable_id,text,station,expected", CASES)
def test_canonical_origin(cable_id: str, text: str, station: str, expected: str) -> None:
    assert canonical_origin(text, station) == expected, cable_id


def test_a_post_no_rule_explains_keeps_its_own_words() -> None:
    assert canonical_origin("USLO TRIPOLI", "TRIPOLI") == "USLO TRIPOLI"  # 04TRIPOLI31: a US Liaison Office
    assert canonical_origin(None, "TRIPOLI") is None
    assert canonical_origin("  ", None) is None
