"""Classification banner, station, serial and caveats — real snippets with their cable ids."""

from __future__ import annotations

import pytest

from cablesearch.parse.banner import find_banner, find_caveat_lines
from tests.conftest import unique_cases

BANNER_CASES = unique_cases([
    ("06SANJOSE707", "C O N F I D E N T I A L SAN JOSE 000707 \n", "CONFIDENTIAL", "SAN JOSE", "000707", ()),
    ("05ANKARA12278", "C O N F I D E N T I A L SECTION 01 OF 03 ANKARA 012278\n", "CONFIDENTIAL", "ANKARA",
     "012278", ()),
    ("09CAIRO2205", "UNCLAS CAIRO 002205 \n", "UNCLASSIFIED", "CAIRO", "002205", ()),
    ("03TRIPOLI704", "UNCLAS E F T O TRIPOLI 000704\n", "UNCLASSIFIED", "TRIPOLI", "000704", ("EFTO",)),
    ("08KINSHASA189", "S e c r e t section 01 of 02 kinshasa 000189\n", "SECRET", "KINSHASA", "000189", ()),
    ("07MEXICO6043", "~~CONFIDENTIAL~~ MEXICO 006043\n", "CONFIDENTIAL", "MEXICO", "006043", ()),
    ("66BUENOSAIRES2481", "UNCLASSIFIED BUENOS AIRES 2481 \n", "UNCLASSIFIED", "BUENOS AIRES", "2481", ()),
    # a doubled first letter (05PARIS1699, cablegate-html-2011)
    ("05PARIS1699", "SS E C R E T SECTION 01 OF 02 PARIS 001699 \n", "SECRET", "PARIS", "001699", ()),
    # a spaced caveat in the banner (cables.csv row 29)
    ("85MOGADISHU1643", "S E C R E T N O F O R N MOGADISHU 01643\n", "SECRET", "MOGADISHU", "01643", ("NOFORN",)),
    # 1970s banner with the year before the station (cables.csv row)
    ("75LIBREVILLE1895", "C O N F I D E N T I A L 75 LIBREVILLE 1895 \n", "CONFIDENTIAL", "LIBREVILLE", "1895", ()),
    ("79TEHRAN8980", "C O N F I D E N T I A L SECTION 01 OF 02 TEHRAN 08980 \n", "CONFIDENTIAL", "TEHRAN",
     "08980", ()),
    ("09USUNNEWYORK1065", "C O N F I D E N T I A L USUN NEW YORK 001065\n", "CONFIDENTIAL", "USUN NEW YORK",
     "001065", ()),
    ("74ATHENS2959", "LIMITED OFFICIAL USE\n\nPAGE 01  ATHENS 02959  171944Z\n", "LIMITED OFFICIAL USE", "ATHENS",
     "02959", ()),
])


@pytest.mark.parametrize("cable_id,text,classification,station,serial,caveats", BANNER_CASES)
def test_banner(cable_id, text, classification, station, serial, caveats) -> None:
    b = find_banner(text)
    assert b is not None, cable_id
    assert (b.classification, b.station, b.serial, b.caveats) == (classification, station, serial, caveats)


def test_caveat_lines_ignore_routing_notes() -> None:
    # 09CAIRO2205: routing notes sit between the banner and the E.O. line with the caveats.
    preamble = ("UNCLAS CAIRO 002205 \n \nDEPT FOR CA/FPP, CA/EX, CA/OCS, DS/CR/OCI \n"
                "ALSO FOR G/TIP, INL, DRL, PRM, NEA/RA, NEA/ELA, NEA/PPD \n \nSIPDIS \n \nSENSITIVE \n")
    assert find_caveat_lines(preamble) == ["SIPDIS", "SENSITIVE"]


def test_caveats_leading_a_routing_note() -> None:
    # 09TRIPOLI883 (cablegate-html-2011): the caveats share their line with the routing note
    assert find_caveat_lines("NOFORN SIPDIS DEPT FOR NEA/FO AND NEA/MAG \n") == ["NOFORN", "SIPDIS"]
    assert find_caveat_lines("DEPT FOR NEA/FO AND NEA/MAG\n") == []


def test_caveat_lines_combined_and_lower_case() -> None:
    # 08KINSHASA189 (lower-cased copy) and a `NOFORN SIPDIS` line (02BOGOTA3281 style)
    assert find_caveat_lines("Sipdis\n\nNoforn\nsipdis\n") == ["SIPDIS", "NOFORN", "SIPDIS"]
    assert find_caveat_lines("NOFORN SIPDIS\n") == ["NOFORN", "SIPDIS"]
