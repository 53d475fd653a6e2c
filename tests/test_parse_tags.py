"""TAGS lines copied verbatim from the corpus -> canonical tag lists."""

import pytest

from cablesearch.parse.tags import parse_tags

# (cable id, preamble snippet, expected tags)
CASES = [
    # issue 20: no colon, and a trailing comma carrying the list onto a line of codes the
    # continuation test alone would not take (KHIV is no code it knows); April-2011 page
    ("06NEWDELHI3997", "EO 12958 DECL: 06/07/2016 \nTAGS PTER, PREL, PGOV, TBIO, PINS, KSCA, PINR, EAIR, SENV, \n"
     "KHIV, IN \nSUBJECT: INDIA BEHIND ON BIOTERROR PREPARATIONS BUT TAKING \nSOME STEPS\n",
     ("PTER", "PREL", "PGOV", "TBIO", "PINS", "KSCA", "PINR", "EAIR", "SENV", "KHIV", "IN")),
    # space separated, wrapped onto a comma-separated line
    ("09SANJOSE602",
     "TAGS: AEMR ASEC CASC KFLO MARR AMGT PGOV PINR KDEM\nCS, HO \nSUBJECT: TFHO1: HONDURAS TALKS ROUND TWO",
     ("AEMR", "ASEC", "CASC", "KFLO", "MARR", "AMGT", "PGOV", "PINR", "KDEM", "CS", "HO")),
    # no colon, commas
    ("01PRETORIA1173", "TAGS PREL, PGOV, SF\n \nSUBJECT: THIN-SKINNED MBEKI WILL REQUI",
     ("PREL", "PGOV", "SF")),
    # misspelt keyword "TAG" (cablegate-pre copy, leading space)
    ("10KUWAIT166", " TAG KU, CVIS, CMGT \n SUBJECT: VISA REVOCATION KUWAIT \n  \n REF: A. STATE 10533 \n",
     ("KU", "CVIS", "CMGT")),
    ("10TELAVIV413", " TAG ECON, PTER, KPAL, KTFN, IS \n SUBJECT: SHIN BET TALKS GAZA ECONOMICS \n  \n RE",
     ("ECON", "PTER", "KPAL", "KTFN", "IS")),
    # person tags after OVIP
    ("09BEIJING2964", "TAGS: OVIP STEINBERG JAMES PREL MNUC SN CH KN\nSUBJECT: DEPUT",
     ("OVIP", "STEINBERG, JAMES", "PREL", "MNUC", "SN", "CH", "KN")),
    ("09STATE11937", "TAGS: OVIP CLINTON HILLARY PREL KPAL FR IR RS\nNATO, UK, CN \nSUBJECT: (",
     ("OVIP", "CLINTON, HILLARY", "PREL", "KPAL", "FR", "IR", "RS", "NATO", "UK", "CN")),
    ("09TRIPOLI310", "TAGS: OVIP MQADHAFI PREL PGOV MARR MASS PARM PHUM\nPINR, PTER, KNNP, ENRG, LY \nSUBJECT: MUA",
     ("OVIP", "MQADHAFI", "PREL", "PGOV", "MARR", "MASS", "PARM", "PHUM", "PINR", "PTER", "KNNP", "ENRG", "LY")),
    # PlusD raw content: bracketed person tags
    ("74ATHENS2959", "TAGS: PINS, GR, (KALOUDIS, NICK), (AMBATIELOS, ANTHONY)",
     ("PINS", "GR", "KALOUDIS, NICK", "AMBATIELOS, ANTHONY")),
    ("73STATE97844", "TAGS: SPOP, IT, SPOP", ("SPOP", "IT")),
    # free text and repeated / glued codes
    ("02ROME1196",
     "TAGS PHUM, OPRC, OPRC, OPRC, OPRC, IT, ITPHUM, ITPHUM, ITPHUM, HUMAN RIGHTS \nSUBJECT: AS PREDICTED, ITALY",
     ("PHUM", "OPRC", "IT", "HUMAN RIGHTS")),
    ("05SOFIA1207", "TAGS PINR, KCRM, PGOV, EINV, ECON, KCOR, BU, Organized Crime \nSUBJECT: (U) BULGARIAN ORGANIZED",
     ("PINR", "KCRM", "PGOV", "EINV", "ECON", "KCOR", "BU", "ORGANIZED CRIME")),
    ("05ROME3585",
     "TAGS: PREL PGOV CVIS IT ITALY NATIONAL ELECTIONS ITALIAN POLITICS IRAQI FREEDOM\nSUBJECT: SCENESETTER",
     ("PREL", "PGOV", "CVIS", "IT", "ITALY", "NATIONAL ELECTIONS", "ITALIAN POLITICS", "IRAQI FREEDOM")),
    ("05TELAVIV1580", "TAGS PGOV, PREL, KWBG, IR, IS, COUNTERTERRORISM, GOI EXTERNAL \nSUBJECT: MOSSAD CHIEF TO CO",
     ("PGOV", "PREL", "KWBG", "IR", "IS", "COUNTERTERRORISM", "GOI EXTERNAL")),
    ("04BRUSSELS1868", "TAGS PREL, PGOV, PINR, PBTS, EUN, USEU BRUSSELS \nSUBJECT: DINING WITH CHRIS: RAN",
     ("PREL", "PGOV", "PINR", "PBTS", "EUN", "USEU", "BRUSSELS")),
    ("07MANAMA336", "TAGS PREL, PGOV, MARR, MCAP, BA, BILAT, REGION, OFFICIALS \nSUBJECT: MARINE CORPS",
     ("PREL", "PGOV", "MARR", "MCAP", "BA", "BILAT", "REGION", "OFFICIALS")),
    ("09CAIRO2178", "TAGS: KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG\n\nSUBJECT:\n\nCOPTIC C",
     ("KFRD", "KIRF", "CVIS", "CMGT", "KOCI", "ASEC", "PHUM", "SMIG", "EG")),
    ("07NAIROBI4427", "TAGS: PGOV KDEM PHUMPREL KE\nSUBJECT:  KENYA ELECTI",
     ("PGOV", "KDEM", "PHUM", "PREL", "KE")),
    ("06SANJOSE2041", "TAGS: ETRDEINVECINPGOVCS\nSUBJECT: (CORRECTED COPY)",
     ("ETRD", "EINV", "ECIN", "PGOV", "CS")),
    # semicolons between the codes (the only such line in the corpus)
    ("10ZAGREB97", "TAGS PREL;PGOV;KCOR;HU;HR \nSUBJECT: PODRAVKA CORRUPTION CASE TIED TO XXXXXXXXXXXX AND \n",
     ("PREL", "PGOV", "KCOR", "HU", "HR")),
    # lower case
    ("08BERLIN1068", "Tags: parm, prel, ettc, mtcre, ksca, ir, aec, gm\nSubject: (s) germany requests r",
     ("PARM", "PREL", "ETTC", "MTCRE", "KSCA", "IR", "AEC", "GM")),
    # keyword in the middle of a flattened line
    ("05RIODEJANEIRO1238", "E.O. 12958: N/A TAGS: ASEC SNAR KCRM CASC BR\n\nSUBJECT: DRUGLORD ORDERS RIO BUS B",
     ("ASEC", "SNAR", "KCRM", "CASC", "BR")),
    ("06TELAVIV687",
     "E.O. 12958: DECL: 02/15/2016TAGS: ECON KWBG PGOV PREL KPAL IS ISRAELI PALESTINIAN AFFAIRS GOI EXTERNAL\n",
     ("ECON", "KWBG", "PGOV", "PREL", "KPAL", "IS", "ISRAELI PALESTINIAN AFFAIRS", "GOI EXTERNAL")),
    # the subject's first line was lost; its second line is not a tag (FORMATS.md §3)
    ("06LIMA1452", "TAGS: PGOV PINR PE\nRUN-OFF,   \nSEEKS EMBASSY'S ASSISTANCE", ("PGOV", "PINR", "PE")),
]


def test_case_ids_are_unique():
    ids = [case[0] for case in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("cable_id,snippet,expected", CASES, ids=[c[0] for c in CASES])
def test_parse_tags(cable_id, snippet, expected):
    assert parse_tags(snippet) == expected


def test_no_tags_line_gives_nothing():
    # 06KABUL3934: a truncated body that stops before E.O. and TAGS
    preamble = ("UNCLAS SECTION 01 OF 05 KABUL 003934 \n \nSIPDIS \n \nSENSITIVE \nSIPDIS \n \n"
                "STATE FOR SA/FO, SA/A, S/CR, SA/PAB, S/CT, EUR/RPM \nSTATE PASS TO USAID FOR AID/ANE, "
                "AID/DCHA/DG \nNSC FOR AHARRIMAN \nOSD FOR BREZINSKI \n"
                "CENTCOM FOR CG CFC-A, CG CJTF-76, POLAD \n ...")
    assert parse_tags(preamble) == ()


def test_prose_starting_with_tgs_is_not_a_tags_line():
    # 08ANKARA1167: "TGS" (Turkish General Staff) starts a wrapped body line
    assert parse_tags('the \nTGS described the meeting as "within the framework of \ncivil') == ()
