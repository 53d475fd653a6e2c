"""REF blocks copied verbatim from the corpus -> canonical ids of the cited cables."""

import pytest

from cablesearch import parse_cable
from cablesearch.parse.refs import parse_references, ref_continuation

# (cable id, cable year, preamble snippet, expected ids)
CASES = [
    # ¶-lettered items on following lines; an e-mail item is skipped
    ("09MOSCOW405", 2009,
     "REF: A. BEYRLE-BURNS FEBRUARY 18 E-MAIL \n     ¶B. MOSCOW 357 \n \nClassified By: DCM Eric Rubin. ",
     ("09MOSCOW357",)),
    ("97WELLINGTON1656", 1997, "REF: (A) WELLINGTON 1498; (B) WELLINGTON 1492 \n",
     ("97WELLINGTON1498", "97WELLINGTON1492")),
    ("09STATE127892", 2009, "REFS: A) USNATO 561  B) USNATO 464  C) VILNIUS 569\nD) RIGA 514",
     ("09USNATO561", "09USNATO464", "09VILNIUS569", "09RIGA514")),
    # many refs on one line, 2-digit year prefixes, a two-word station
    ("01PRETORIA1173", 2001,
     "REF: A. 99 PRETORIA 12315  B. 99 PRETORIA 12316  C. 00 PRETORIA 9150  D. 00 CAPE TOWN 2150"
     "  E. PRETORIA 425  F. PRETORIA 533  G. CAPE TOWN 179  H. PRETORIA 619\n"
     "CLASSIFIED BY AMBASSADOR DELANO E. LEWIS",
     ("99PRETORIA12315", "99PRETORIA12316", "00PRETORIA9150", "00CAPETOWN2150",
      "01PRETORIA425", "01PRETORIA533", "01CAPETOWN179", "01PRETORIA619")),
    # the year written after the serial, in brackets; items after a blank line
    ("07LIMA1862", 2007,
     "REF: A. LIMA 4516 (06) \n \n     ¶B. LIMA 248 (06) \n     ¶C. LIMA 37 (05) \n",
     ("06LIMA4516", "06LIMA248", "05LIMA37")),
    # the cable's own page header inside the block is not a reference
    ("10KABUL62", 2010,
     "REF: 09 KABUL 4066\n\nKABUL 00000062  001.4 OF 002\n\nClassified By: Polcouns Annie Pforzheimer, reasons",
     ("09KABUL4066",)),
    ("06MADRID2583", 2006,
     "REF: MADRID 2564 \n \nMADRID 00002583  001.2 OF 002 \n \n \nClassified By: DCM Hugo L",
     ("06MADRID2564",)),
    # doubled labels and an IIR item
    ("08BELGRADE1097", 2008,
     "REF: A. A) BELGRADE 577\n¶B. B) BELGRADE 718\n¶C. C) IIR 6 904 0010 09\n¶D. D) BELGRADE 616\n"
     "¶E. E) BELGRADE 958\n\nBELGRADE 00001097 00",
     ("08BELGRADE577", "08BELGRADE718", "08BELGRADE616", "08BELGRADE958")),
    # "REF A …" without colon, two REF keywords on one line, trailing prose
    ("09CAIRO173", 2009,
     "REF A 09 CAIRO 074 REF B 08 CAIRO 784 Sensitive but Unclassified. Please handle accordingly.\n",
     ("09CAIRO74", "08CAIRO784")),
    # 4-digit year prefixes
    ("07MADRID173", 2007,
     "REF: A. 2006 MADRID 3104\n¶B. 2006 MADRID 2657\n¶C. 2006 MADRID 2374\n¶D. 2006 MADRID 1799\n\nMADRID",
     ("06MADRID3104", "06MADRID2657", "06MADRID2374", "06MADRID1799")),
    # station abbreviations
    ("06BUENOSAIRES1439", 2006, "REF: A. BA 1485 \n \n     ¶B. BA 1062 \n \nC",
     ("06BUENOSAIRES1485", "06BUENOSAIRES1062")),
    ("05VATICAN514", 2005,
     "REF: A. A) ROME 2543, \n\n¶B. 05 ROME 2543, 03 VAT 4859; 03 ROME 5205; 04 VAT 3810 \n\nCLASSIF",
     ("05ROME2543", "03VATICAN4859", "03ROME5205", "04VATICAN3810")),
    ("08RIODEJANEIRO165", 2008,
     "SUBJECT: AMBASSADOR SOBEL MEETS WITH KEY ENERGY ENTITIES IN RIO Ref(s): A) 08 RIO DE JAN 138; "
     "B) 08 RIO DE JAN 0044 and previous Sensitive But Unclassified - Please handle accordingly.",
     ("08RIODEJANEIRO138", "08RIODEJANEIRO44")),
    ("7575LIBREVILLE1895", 1975, "REF: STATE 272523; USUN 6028 ",
     ("75STATE272523", "75USUNNEWYORK6028")),
    # serial glued to the next field
    ("09CAIRO1727", 2009, "REF: CAIRO 1725Classified By: Ambassador Margaret ", ("09CAIRO1725",)),
    # already-canonical ids
    ("09BOGOTA849", 2009,
     "REF: A. 09BOGOTA569 \n     ¶B. 08BOGOTA3718 \n¶C. 08BOGOTA1517 \n\nClassified B",
     ("09BOGOTA569", "08BOGOTA3718", "08BOGOTA1517")),
    ("09CAIRO2122", 2009, "REF: 08CAIRO2507\n", ("08CAIRO2507",)),
    ("00HARARE6677", 2000, "REFTEL: HARARE 6584\nCLASSIFIED BY AMBASSADOR TOM MCDONALD FOR REASONS 1.5 (B) AN",
     ("00HARARE6584",)),
    # flattened line with a page header and paragraph 1 after the ref
    ("09TRIPOLI269", 2009,
     "SUBJECT: FRAUD SUMMARY-TRIPOLI-MARCH 2009 REF: 08 STATE 74840 TRIPOLI 00000269 001.2 OF 003 "
     "1.The following responses are keyed to",
     ("08STATE74840",)),
    # only intelligence reports and DTGs: nothing to cite
    ("08NAIROBI2290", 2008,
     "REF: A. USDLO KHARTOUM IIR 6 890 0139 08 201536Z FEB 08 \n¶B. USDAO NAIROBI IIR 6 854 0108 08 291553Z JAN 08 \n"
     "¶C. USDAO NAIROBI IIR 6 854 0026 08 091427Z NOV 07 \n\nClassified By: PolOff Rachael Doherty, reasons 1.4 (b,d). ",
     ()),
    ("09SEOUL59", 2009,
     "REF: A. TOKYO 3114 (TRILATERAL POLICY PLANNING)  B. SECDEF DTG261447ZNOV08 (DEFENSE TRILATERAL TALKS)"
     "  C. TOKYO 3416 (ROK-PRC-JAPAN TRILATS)  D. SEOUL 1681 (ROKG ON CHINA)",
     ("09TOKYO3114", "09TOKYO3416", "09SEOUL1681")),
    ("08LONDON2789", 2008,
     "REF: A. TOKYO 02954 \n     ¶B. EMB LONDON 10/23 E-MAIL (GAYLE) TO NEA/IR \n \nClassified By: Political",
     ("08TOKYO2954",)),
    # cables.csv rows (1960s-80s)
    ("66BUENOSAIRES2481", 1966, "REF: STATE 106206 CIRCULAR; STATE CA-3400 NOV 2, 1966 ", ("66STATE106206",)),
    ("72TEHRAN1164", 1972, "REF: TEHRAN 1091: TEHRAN 263: MOSCOW 1603 ",
     ("72TEHRAN1091", "72TEHRAN263", "72MOSCOW1603")),
    ("72TEHRAN4789", 1972, "REF: TEHRAN'S A-077 OF MAY 15, 1972: TEHRAN 3312 ", ("72TEHRAN3312",)),
    ("85MOGADISHU1175", 1985, "REFS: A) 84 STATE 369917    B) 84 MOGADISHU 1091 ",
     ("84STATE369917", "84MOGADISHU1091")),
    ("85STATE38496", 1985, "REF:  1. ROME 1902, 2. STATE 31565  3. STATE 014859 ",
     ("85ROME1902", "85STATE31565", "85STATE14859")),
    ("85GABORONE501", 1985, "REF: GABORONE 461 (NOTAL) ", ("85GABORONE461",)),
    ("73TEHRAN2077", 1973, "REF: STATE 053670 ", ("73STATE53670",)),
    # PlusD raw content: zero-padded serial after a dash
    ("74ATHENS2959", 1974, "TAGS: PINS, GR\nSUBJECT: ARRESTS OF KALOUDIS AND AMBATIELOS\n\nREF: STATE -097844",
     ("74STATE97844",)),
]


def test_case_ids_are_unique():
    ids = [case[0] for case in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("cable_id,year,snippet,expected", CASES, ids=[c[0] for c in CASES])
def test_parse_references(cable_id, year, snippet, expected):
    assert parse_references(snippet, year) == expected


def test_no_ref_block_gives_nothing():
    # 85MOGADISHU1643 (cables.csv): the preamble has no REF line at all
    preamble = ("S E C R E T MOGADISHU 01643 \n \nE.O. 12356: DECL: OADR \nTAGS: PREL, SD, UR, US \n"
                "SUBJECT: REPORT OF SOMALI OVERTURE T0 SOVIETS \n \n")
    assert parse_references(preamble, 1985) == ()


def test_ref_without_year_prefix_needs_the_cable_year():
    # 85BEIRUT1013 (cables.csv) cites "BEIRUT 992"; with no year known nothing can be built
    assert parse_references("REF:  BEIRUT 992 ", None) == ()
    assert parse_references("REF:  BEIRUT 992 ", 1985) == ("85BEIRUT992",)


def test_own_banner_is_not_a_reference():
    # 09TRIPOLI695 (flattened 2011 page): the block runs into the cable's own page header
    preamble = ("S E C R E T SECTION 01 OF 02 TRIPOLI 000695\n\nSIPDIS DEPT FOR NEA/MAG E.O. 12958: "
                "DECL: 8/27/2029\n\nTAGS: PREL PGOV OVIP ABLD CVIS LY\n\nSUBJECT: LIBYAN MFA REQUESTS "
                "DIPLOMATIC CLEARANCE FOR QADHAFI'S PLANE, TAKES STEPS TO DEMONSTRATE COMMITMENT TO "
                "RELATIONSHIP REF: TRIPOLI 692 TRIPOLI 00000695 001.2 OF 002 \n\nCLASSIFIED BY: Joan "
                "Polaschik, CDA, U.S. Embassy Tripoli, Department of State. REASON: 1.4 (b), (d)\n")
    assert parse_references(preamble, 2009, "AMEMBASSY TRIPOLI") == ("09TRIPOLI692",)
    assert parse_references(preamble, 2009) == ("09TRIPOLI692",)


def test_duplicates_are_dropped_in_order():
    # 05VATICAN514 cites ROME 2543 twice
    refs = parse_references("REF: A. A) ROME 2543, \n\n¶B. 05 ROME 2543, 03 VAT 4859", 2005)
    assert refs == ("05ROME2543", "03VATICAN4859")


def test_lettered_items_run_into_the_body_stay_in_the_list():
    # issue 20: an unwrapped page runs REF items B and C into the first paragraph's line, where
    # the body begins; every item is still cited. The start of 09CAIRO1044 as its April-2011
    # page gives it (../shared/corpus/cablegate-html-2011.tar.xz), the address lines cut short.
    text = ("R 091358Z JUN 09\nFM AMEMBASSY CAIRO\nTO RUEHC/SECSTATE WASHDC 2980\n\n"
            "C O N F I D E N T I A L CAIRO 001044 \n \nSIPDIS \n \nE.O. 12958: DECL: 06/11/2019 \n"
            "TAGS: PGOV PHUM KDEM EG\nSUBJECT: COURT RELEASES 10 MEN DETAINED IN HOMOSEXUAL \n\"DEBAUCHERY\" CASE \n \n"
            "REF: A. CAIRO 598 \n     \u00b6B. CAIRO 484 C. CAIRO 219 Classified By: Economic-Political "
            "Minister-Counselor William R. Stewart for reason 1.4 (d). (C) On June 7, Egyptian Initiative for "
            "Personal Rights Executive Director Hossam Bahgat confirmed for us that on May 30 and 31 a Cairo court "
            "released 10 men who had been detained since January 2, 2009 (ref C).\n")
    cable = parse_cable(text)
    assert cable.id == "09CAIRO1044"
    assert cable.references == ("09CAIRO598", "09CAIRO484", "09CAIRO219")


def test_a_list_closed_by_a_blank_line_takes_nothing_from_the_body():
    assert ref_continuation("REF: A. CAIRO 598\n\n", "B. Summary: the body starts here\n") == ""
    assert ref_continuation("SUBJECT: X\n", "A. CAIRO 484\n") == ""
