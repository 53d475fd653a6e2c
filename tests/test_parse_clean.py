"""strip_noise / repair_text / reflow on snippets copied verbatim from the corpus.

Cablegate snippets are given as the reader hands them over: the ``&#x000A;``
entities of the WikiLeaks pages decoded to newlines (FORMATS.md §1). Snippets
named ``FORMATS.md…`` are quoted in /work/shared/corpus/FORMATS.md from cables
that are not in the sample folders.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablesearch.parse.clean import reflow, repair_text, strip_noise

# ------------------------------------------------------------------ strip_noise
# (cable id, text, expected result of strip_noise)
STRIP_CASES = [
    # a sub-page number in the section break (10TRIPOLI95, cablegate-html-2011)
    ("10TRIPOLI95",
     "In so doing, \nTRIPOLI 00000095  002.2 OF 002 \n\nLibyans cannot help but to contrast",
     "In so doing,\nLibyans cannot help but to contrast"),
    # section break mid-paragraph: the two halves rejoin as one paragraph
    ("06PARIS3178",
     "he \nspymaster had concluded that the Clearstream listings \n\nPARIS 00003178 002 OF 003 \n\n\n"
     "implicating Sarkozy were false; chronic",
     "he\nspymaster had concluded that the Clearstream listings\n"
     "implicating Sarkozy were false; chronic"),
    ("09TELAVIV2734",
     "source, uncensored internet access to peoples living \n\nTEL AVIV 00002734 002 OF 002 \n\n\n"
     "under repressive regimes.",
     "source, uncensored internet access to peoples living\nunder repressive regimes."),
    ("FORMATS.md§3 BEIRUT 00000895",
     "stay for 12 years, because it would take him 6 years to issue \n \nBEIRUT 00000895  002 OF 002 \n \n \n"
     "his statements and 6 years for everyone else to answer. ",
     "stay for 12 years, because it would take him 6 years to issue\n"
     "his statements and 6 years for everyone else to answer."),
    # section break inline in an unwrapped press text
    ("08BRASILIA129",
     "r messages from U/S Vargas and Long-Term Planning BRASILIA 00000129 002 OF 002 Minister Roberto Unger (ref B) r",
     "r messages from U/S Vargas and Long-Term Planning Minister Roberto Unger (ref B) r"),
    # section break between a quote and the next sentence (own line, no blank lines)
    ("09THEHAGUE543",
     "ing Afghanistan. See reftel A, B. End Background.)\n&I supported the decision, but it was difficult,8 he said.\n"
     "THE HAGUE 00000543 002 OF 005\nThe Labor party required a development component to the",
     "ing Afghanistan. See reftel A, B. End Background.)\n&I supported the decision, but it was difficult,8 he said.\n"
     "The Labor party required a development component to the"),
    # section break between a heading and its underline
    ("09AMMAN1689",
     "Media Silence, Internet Cacophony\nAMMAN 00001689 002 OF 002\n---------------------------------",
     "Media Silence, Internet Cacophony\n---------------------------------"),
    # old telegram page header with its banner, inside the SUBJECT field
    ("00HARARE6677",
     "AGS PGOV, PREL, ECON, PINR, ZI, SA \nSUBJECT: ASSISTANT SECRETARY MEETS WITH ZIMBABWE \n CONFIDENTIAL\n"
     "PAGE 02 HARARE 06677 01 OF 03 291400Z OPPOSITION LEADER\nREFTEL: HARARE 658",
     "AGS PGOV, PREL, ECON, PINR, ZI, SA\nSUBJECT: ASSISTANT SECRETARY MEETS WITH ZIMBABWE\nOPPOSITION LEADER\n"
     "REFTEL: HARARE 658"),
    # PAGE 01 is kept: banner.py reads station and serial from it
    ("00HARARE6677",
     "inal cable is not available.\n\n291359Z Nov 00\n\n\n                           CONFIDENTIAL     PTQ1859\n\n"
     "PAGE 01        HARARE  06677  01 OF 0",
     "inal cable is not available.\n\n291359Z Nov 00\n\n\n                           CONFIDENTIAL     PTQ1859\n\n"
     "PAGE 01        HARARE  06677  01 OF 0"),
    # unwrapped cablegate-pre copy: page break inside a sentence on one line
    ("00HARARE5461",
     "O EASE HIM OUT IN A DIGNIFIED WAY. AT THE SAME TIME, THEY REALIZE  CONFIDENTIAL\n"
     "PAGE 03 HARARE 05461 01 OF 02 271458Z THAT THE MDC IS ",
     "O EASE HIM OUT IN A DIGNIFIED WAY. AT THE SAME TIME, THEY REALIZE THAT THE MDC IS"),
    # the page banner is UNCLASSIFIED; "SECRET" before it is the cable's own word
    ("02VATICAN819",
     "ERMANY (1922-1939), AND IN THE VATICAN SECRET  UNCLASSIFIED\n"
     "PAGE 02 VATICA 00819 190632Z ARCHIVE FROM THE APOSTOLIC NUNCIATU",
     "ERMANY (1922-1939), AND IN THE VATICAN SECRET ARCHIVE FROM THE APOSTOLIC NUNCIATU"),
    # TAGS line with the page header inserted (FORMATS.md §5)
    ("FORMATS.md§5 LIMA 02475",
     "TAGS: …, PE                          SECRET       PAGE 02        LIMA  02475  01 OF 03  251228Z PINR, PE",
     "TAGS: …, PE PINR, PE"),
    # PlusD raw content: the banner repeated twice above the page header
    ("1974ATHENS02959_b",
     "E\nOF PRIOR TRADE UNION AFFILIATION BUT BECAUSE OF THEIR\nLIMITED OFFICIAL USE\n\nLIMITED OFFICIAL USE\n\n"
     "PAGE 02  ATHENS 02959  171944Z\n\nACKNOWLEDGED COMMUNIST PARTY AFFILI",
     "E\nOF PRIOR TRADE UNION AFFILIATION BUT BECAUSE OF THEIR\nACKNOWLEDGED COMMUNIST PARTY AFFILI"),
    # page header with routing indicator and spaced banner
    ("07PARIS170",
     "OPOSED SENDING \nFOREIGN MINISTER DOUSTE-BLAZY TO TEHRAN TO SOUND OUT THE \n \n \n \n"
     "PAGE 03 RUEHFRA0170 S E C R E T \nIRANIANS ON THEIR PLAY",
     "OPOSED SENDING\nFOREIGN MINISTER DOUSTE-BLAZY TO TEHRAN TO SOUND OUT THE\nIRANIANS ON THEIR PLAY"),
    ("07PARIS2440",
     " (C) SUMMARY: FRANCK GELLET, FRENCH DAS-EQUIVALENT FOR THE \n"
     "PAGE 02 RUEHFRA2440 C O N F I D E N T I A L PARIS 002440 \nPERSIAN GULF, SHA",
     " (C) SUMMARY: FRANCK GELLET, FRENCH DAS-EQUIVALENT FOR THE\nPERSIAN GULF, SHA"),
    # page header inside the INFO field: the addressee joins the keyword
    ("08STATE50524",
     "8Z MAY 08\nFM SECSTATE WASHDC\nTO AMEMBASSY BEIJING IMMEDIATE\nINFO PAGE 02        STATE   050524  131535Z\n"
     "AMEMBASS",
     "8Z MAY 08\nFM SECSTATE WASHDC\nTO AMEMBASSY BEIJING IMMEDIATE\nINFO AMEMBASS"),
    # page header inside a REF list: the next item stays in the REF block
    ("02ROME1196",
     "MILLS\nREF: A. STATE 40721\n CONFIDENTIAL\nPAGE 02 ROME 01196 01 OF 02 082030Z  B. ROME 1098  C. ROME 894  D. MYRIA",
     "MILLS\nREF: A. STATE 40721\nB. ROME 1098  C. ROME 894  D. MYRIA"),
    # systematic-review stamp after the signer, then the end-of-message NNN
    ("73TEHRAN7005",
     ". WILL \nREPORT FURTHER DEVELOPMENTS. \n \nHELMS \n \n"
     "Declassified/Released US Department of State EO Systematic Review 30 JUN 2005 \n \nNNN \n",
     ". WILL\nREPORT FURTHER DEVELOPMENTS.\n\nHELMS\n"),
    # the stamp split over two lines, under the banner
    ("75TEHRAN2069",
     "N T I A L SECTION 1 OF 2 TEHRAN 2069 \n \nDeclassified/Released US Department of State EO \n"
     "Systematic Review 05 JUL 2006 \n \nE.O. 11652: GDS \nTAG",
     "N T I A L SECTION 1 OF 2 TEHRAN 2069\n\nE.O. 11652: GDS\nTAG"),
    # end-of-message trailers
    ("04ROME2926",
     "of this meeting.  End comment. \n\nd Website: http://www.state.sgov.gov/p/eur/rome/index.cf m \n"
     "HALL NNNN 2004ROME02926 - Classification: CONFIDENTIAL \"",
     "of this meeting.  End comment.\n\nd Website: http://www.state.sgov.gov/p/eur/rome/index.cf m\nHALL\n"),
    ("05DUSHANBE1702",
     "d States in Tajikistan. END COMMENT.) \n\nHOAGLAND NNNN\t2005-10-20\t"
     "TAJIKISTAN: AMBASSADOR ZARIPOV COUNSELS NO SHARP RESPONSE TO RUSSIAN PROVOCATIONS\t\n\nIn a meeting with Tajiki",
     "d States in Tajikistan. END COMMENT.)\n\nHOAGLAND\n"),
    ("10BRUSSELS183",
     "Security Advisor Michael Froman.\nMURRAY\nEnd Cable Text\nZenaida X Toledo 07/30/2008 04:04:14 PM "
     "From DB/Inbox: TRANS\n.",
     "Security Advisor Michael Froman.\nMURRAY\n"),
    ("04TRIPOLI31",
     "80s \nand '90s. End comment. \n\nBERRY \n\n\nNNNN \n\nO 161036Z DEC 04\nFM USLO TRIPOLI\nTO AMEMBASSY PARIS IMMEDIATE",
     "80s\nand '90s. End comment.\n\nBERRY\n"),
    # SQL-dump leakage: this cable's own record before the header
    ("06MEXICO1311",
     "55988\n2006-03-09 22:28:00\n06MEXICO1311\nEmbassy Mexico\nUNCLASSIFIED//FOR OFFICIAL USE ONLY\n06MEXICO536\n"
     "VZCZCXRO4180\nRR RUEHCD RUEHGD RUEHHO RUEHMC RUEHNG RUEHNL RUEHRD RUEHRS RUEHTM\nDE RUEHME #1311/01 0682228",
     "VZCZCXRO4180\nRR RUEHCD RUEHGD RUEHHO RUEHMC RUEHNG RUEHNL RUEHRD RUEHRS RUEHTM\nDE RUEHME #1311/01 0682228"),
    # ... with blank lines between the fields, after a first copy of the header
    ("07MONTERREY130",
     "RHEHAAA/WHITE HOUSE WASHINGTON DC\nRUEHMC/AMCONSUL MONTERREY 6766\n\n97717\n2007-02-22 17:23:00\n\n"
     "07MONTERREY130\n\nConsulate Monterrey\n\nUNCLASSIFIED//FOR OFFICIAL USE ONLY\n\n"
     "07MONTERREY130|07MONTERREY58|07MONTERREY73\nVZCZCXRO4991\nPP RUEHCD",
     "RHEHAAA/WHITE HOUSE WASHINGTON DC\nRUEHMC/AMCONSUL MONTERREY 6766\n\nVZCZCXRO4991\nPP RUEHCD"),
    # ... as a tab-separated row with "\" continuations
    ("06BERN1553",
     "75837\t2006-08-23 08:46:00\t06BERN1553\tEmbassy Bern\tCONFIDENTIAL\t\tVZCZCXRO8379\\\n"
     "OO RUEHDBU RUEHFL RUEHKW RUEHLA RUEHROV RUEHSR\\\nDE RUEHSW #1553/01 2350846\\\nZNY CCCCC ZZH\\\n",
     "VZCZCXRO8379\nOO RUEHDBU RUEHFL RUEHKW RUEHLA RUEHROV RUEHSR\nDE RUEHSW #1553/01 2350846\nZNY CCCCC ZZH\n"),
    # the next cable's row appended after the signer
    ("09BERN279",
     "Missile Technology Control Regime. \\\nCARTER \\\n\n215201\t2009-07-06 10:01:00\t09COTONOU278\t"
     "Embassy Cotonou\tUNCLASSIFIED\t\tVZCZCXRO6872\\\nPP RUEHMA RUEHPA\\\nDE RUEHCO #0278 1871001\\\n",
     "Missile Technology Control Regime.\nCARTER\n"),
    # a raw cables.csv record after a <pre> fragment
    ("07THEHAGUE1295",
     "SUBJECT: NETHERLANDS/AFGHANISTAN: EXTENSION REVIEW \nOFFICIALLY BEGINS \n \n \nClassified By: Am...\n\n\n\n\"\n"
     "114457,7/5/2007 16:17,07THEHAGUE1295,\"Embassy The\nHague\",SECRET//NOFORN,,\"VZCZCXYZ0000\nOO RUEHWEB\n",
     "SUBJECT: NETHERLANDS/AFGHANISTAN: EXTENSION REVIEW\nOFFICIALLY BEGINS\n\n\nClassified By: Am...\n\n\n\n"),
    # FOIA page stamp (FORMATS.md §9), with and without punctuation
    ("FORMATS.md§9 F-2016-07743",
     "UNCLASSIFIED U.S. Department of State Case No. F-2016-07743 Doc No. C17980027 Date: 07/31/2017",
     ""),
    ("FORMATS.md§9 F-2016-07743 OCR",
     "U S Department of State Case No F-2016-07743",
     ""),
]

assert len({(cid, text) for cid, text, _ in STRIP_CASES}) == len(STRIP_CASES), "duplicate case"


@pytest.mark.parametrize("cable_id, text, expected", STRIP_CASES, ids=[c[0] for c in STRIP_CASES])
def test_strip_noise(cable_id, text, expected):
    assert strip_noise(text) == expected


# The FOIA OCR release (foia-ocr/MEXICO006043-2007.txt), pieces in file order.
MEXICO_STAMPS = (
    " CDR USSOUTHCOM MIAMI FL  \n NSC WASHDC\n\n~~RELEASED IN PART~~  \n~~B1, 1.4(B), 1.4(D), B7(A)~~\n\n"
    "~~CONFIDENTIAL~~ MEXICO 006043\n\nUNITED STATES DEPARTMENT OF STATE  \n REVIEW AUTHORITY: APPEALS REVIEW PANEL  \n"
    " APPEAL ACTION: ADDITIONAL INFORMATION RELEASED  \n REASON(S): B1, 1.4(B), 1.4(D)  \n"
    " DATE/CASE ID: 29 JUN 2011 200804526\n\nSENSITIVE  \n SIPDIS\n")
MEXICO_PARA1 = (
    "Ambassador Negroponte told his law enforcement interlocutors that president Bush was personally\n\n \n"
    "UNITED STATES DEPARTMENT OF STATE  \n CLASSIFIED BY DEPT. OF STATE, L. HEDGBETH, DAS, A/GIS  \n"
    " REVIEW AUTHORITY: ADOLPH H EISNER  \n CLASSIFICATION: CONFIDENTIAL REASON: 1.4(B), 1.4(D)  \n"
    " DECLASSIFY AFTER: 5 DEC 2017  \n DATE/CASE ID: 05 NOV 2009 200804526\n\n"
    "committed to boosting our joint efforts against narcotics trafficking")
MEXICO_TAIL = (
    "faces in Mexico.\n\n~~B1, B7(A)~~\n\n15. (SBU) The Attorney General\n\n~~B1~~\n\nB1\n\nDECONTROLLED/UNCLASSIFIED\n\n"
    "Visit Mexico City's Classified Web Site at\n\n<http://www.state.sgov.gov/p/wha/mexicocity> and the North "
    "American Partnership Blog at <http://www.intelink.gov/communities/state/nap/>  \nGARZA\n\nNNNN\n\n"
    "DECONTROLLED/UNCLASSIFIED")


def test_foia_release_and_review_stamps_removed_banner_kept():
    out = strip_noise(MEXICO_STAMPS)
    assert out == " CDR USSOUTHCOM MIAMI FL\n NSC WASHDC\n\nCONFIDENTIAL MEXICO 006043\n\nSENSITIVE\n SIPDIS\n"


def test_foia_review_stamp_mid_paragraph_rejoins_the_paragraph():
    out = strip_noise(MEXICO_PARA1)
    assert out.endswith("president Bush was personally\ncommitted to boosting our joint efforts against narcotics trafficking")
    assert "\n\n" not in out


def test_foia_withheld_codes_stay_as_lines_footer_kept_trailer_cut():
    out = strip_noise(MEXICO_TAIL)
    assert "\n\nB1, B7(A)\n\n15. (SBU)" in out
    assert "DECONTROLLED" not in out and "~~" not in out and "NNNN" not in out
    assert out.rstrip().endswith("Visit Mexico City's Classified Web Site at\n\n<http://www.state.sgov.gov/p/wha/"
                                 "mexicocity> and the North American Partnership Blog at "
                                 "<http://www.intelink.gov/communities/state/nap/>\nGARZA")


def test_markdown_heading_prefix_removed():
    text = ("maintained here.\n\n#### Attorney General Lauds Improved Law Enforcement Relationship and Outlines Its "
            "Results\n\n11. (SBU) The Deputy")  # MEXICO006043-2007.txt
    assert strip_noise(text) == ("maintained here.\n\nAttorney General Lauds Improved Law Enforcement Relationship "
                                 "and Outlines Its Results\n\n11. (SBU) The Deputy")


def test_other_cable_after_a_cut_body_removed():
    # cablegate-html-2011-09: the template cut the body with "..." and appended another cable
    text = ("\u00b61. AFTER AMBASSADOR BYROADE'S AUDIENCE WITH SHAH WAS \nFINISHED, I ASKED TO ST...\n\n\n\n"
            "08STATE15228\nS E C R E T THE HAGUE 000174\nSIPDIS\n")  # 73TEHRAN8233
    assert strip_noise(text).endswith("I ASKED TO ST...")
    text = ("SUBJECT: AUDIENCE WITH SHAH APRIL 5 \n ...\n\n\n50133  2006-01-19  06THEHAGUE131  Embassy The Hague  "
            "CONFIDENTIAL    C O N F I D E N T I A L THE HAGUE 000131")  # 73TEHRAN2077
    assert strip_noise(text) == "SUBJECT: AUDIENCE WITH SHAH APRIL 5\n ..."
    # an ellipsis inside a cable is kept
    assert "2009 ELECTIONS" in strip_noise("THE LEADER SAID ...\n\n09 ELECTIONS\n2009 ELECTIONS WILL")


def test_entity_tags_of_a_text_mining_copy_removed():
    # cablegate-pre/00HARARE6677.txt: a copy with named-entity tags around names
    text = ("C O N F I D E N T I A L SECTION 01 OF 02 [LOC HARARE  ] 005461 SIPDIS NSC FOR SENIOR AFRICA "
            "DIRECTOR GAYLE SMITH [LOC LONDON  ] FOR CHARLES GURNEY\n"
            "[ORG MDC  ] PRESIDENT [PER MORGAN TSVANGIRAI  ] IS REPORTEDLY WILLING")
    assert strip_noise(text) == ("C O N F I D E N T I A L SECTION 01 OF 02 HARARE 005461 SIPDIS NSC FOR SENIOR "
                                 "AFRICA DIRECTOR GAYLE SMITH LONDON FOR CHARLES GURNEY\n"
                                 "MDC PRESIDENT MORGAN TSVANGIRAI IS REPORTEDLY WILLING")
    # square brackets of the cable's own stay: "[SOURCE REMOVED]" redactions
    assert strip_noise("MET [SOURCE REMOVED] ON TUESDAY") == "MET [SOURCE REMOVED] ON TUESDAY"


def test_newlines_and_control_characters_normalised():
    # 06NEWDELHI5135 (plaintext-latin1/: CRLF newlines), with a NUL, a CR and a form feed added
    text = "\r\nVZCZCXRO7165\r\nOO RUEHBI RUEHCI RUEHLH RUEHPW\r\nDE RUEHNE #5135/01 2020722\r\n\x00\r\x0c"
    assert strip_noise(text) == "\nVZCZCXRO7165\nOO RUEHBI RUEHCI RUEHLH RUEHPW\nDE RUEHNE #5135/01 2020722\n\n\n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
       | st.text(alphabet="PAGE 0123456789OF\nZ&8,s~#NCONFIDENTIAL\t\\ ", max_size=400))
def test_strip_noise_never_raises(text):
    assert isinstance(strip_noise(text), str)
    assert isinstance(repair_text(text), str)
    assert isinstance(reflow(text), str)


def test_pathological_inputs_finish():
    # No catastrophic backtracking: these complete (no timing asserted).
    amp8 = "&8" * 1_000_000
    assert len(strip_noise(amp8)) == len(amp8)
    assert repair_text("&a8 " * 250_000).count('"') == 500_000
    spaces = " " * 1_000_000
    assert strip_noise(spaces) == ""
    assert reflow("x" + spaces + "y") == "x" + spaces + "y"
    assert strip_noise("PAGE 02" + spaces + "\n" + spaces + "X") == "PAGE 02\n" + spaces + "X"
    assert strip_noise("Declassified/Released US Department of State EO" + spaces + "y").endswith("y")
    breaks = "LA PAZ 00000906 002 OF 003 " * 40_000  # 06LAPAZ906's section break, repeated on one line
    assert strip_noise(breaks) == ""


# ------------------------------------------------------------------ repair_text
# (cable id, text, expected)
REPAIR_CASES = [
    ("06BOGOTA2291", "&political reality,8 which he thought would contribute",
     '"political reality," which he thought would contribute'),
    ("MEXICO006043-2007", "to help him &fill in the blanks8 in preparation",
     'to help him "fill in the blanks" in preparation'),
    ("MEXICO006043-2007", "plans to build a &super maximum security8 prison",
     'plans to build a "super maximum security" prison'),
    ("09THEHAGUE543", "&I supported the decision, but it was difficult,8 he said.",
     '"I supported the decision, but it was difficult," he said.'),
    # `&` and `8` that are not quotes
    ("06SANJOSE2037", "of the Board, Mr. Quiros had worked for AT&T in \nthe U.S. and \"is totally convinced",
     "of the Board, Mr. Quiros had worked for AT&T in \nthe U.S. and \"is totally convinced"),
    ("07LONDON4472", "increase in the fee to BPS 8 (USD 16) in 2007", "increase in the fee to BPS 8 (USD 16) in 2007"),
    ("02ROME1196", "SURROUNDING THE JULY G-8 SUMMIT, NOTES", "SURROUNDING THE JULY G-8 SUMMIT, NOTES"),
    # comma apostrophes
    ("07PARIS170", "RAN A FRONT-PAGE STORY ON \nCHIRAC,S IN", "RAN A FRONT-PAGE STORY ON \nCHIRAC'S IN"),
    ("04ROME2926", "as was Som,s apparent objective for this meeting", "as was Som's apparent objective for this meeting"),
    ("08STATE79112", "Washington appreciates Posts, assistance.", "Washington appreciates Posts, assistance."),
    ("09BRASILIA35", "¶4. (C) The Navy,s wish list for equipment includes", "¶4. (C) The Navy's wish list for equipment includes"),
    ("05MADRID1604", "Classified By: Charge d,Affaires J. Robert Manzanares,",
     "Classified By: Charge d'Affaires J. Robert Manzanares,"),
    ("MEXICO006043-2007", "met heads of Mexico, s Secretariats of Gobernacion",
     "met heads of Mexico's Secretariats of Gobernacion"),
    ("MEXICO006043-2007", "appreciation of the USG, s commitment", "appreciation of the USG's commitment"),
    ("MEXICO006043-2007", "Ambassador Negro Ponte, s first meeting", "Ambassador Negro Ponte's first meeting"),
    ("06BELGRADE1681", "ied By: DCM Roderick Moore, reasons 1.4 (b,d)", "ied By: DCM Roderick Moore, reasons 1.4 (b,d)"),
    ("MEXICO006043-2007", "the addition of 10,000 new federal police", "the addition of 10,000 new federal police"),
    # Q apostrophes and dashes
    ("06MINSK311", "his well-chosen audience and foreign lackeys Q including American",
     "his well-chosen audience and foreign lackeys - including American"),
    ("09MOSCOW3033", "ered during his televised Q and A session on Dec", "ered during his televised Q and A session on Dec"),
    ("08BEIRUT523", "the U.S., France (Sarkozy was &stunned”) and Terje Roed-Larsen",
     'the U.S., France (Sarkozy was "stunned") and Terje Roed-Larsen'),
    ("07TBILISI1732", "n F. Tefft for reasons 1.4 (b)&(d).", "n F. Tefft for reasons 1.4 (b)&(d)."),
    ("07HARARE638", "process he destroyed ZimbabweQs agricultural sector", "process he destroyed Zimbabwe's agricultural sector"),
    # `)` as a dash, and a real closing parenthesis
    ("MEXICO006043-2007", "purity is down ) testimony to better enforcement",
     "purity is down - testimony to better enforcement"),
    ("04MADRID527", "Aznar has been out in \nfront ) and far more on the attack",
     "Aznar has been out in \nfront - and far more on the attack"),
    ("09CARACAS1333", "joint ventures (JV ) Petroboscan and Petroindependiente) with PDVSA are profitable ) especially",
     "joint ventures (JV ) Petroboscan and Petroindependiente) with PDVSA are profitable - especially"),
]

assert len({(cid, text) for cid, text, _ in REPAIR_CASES}) == len(REPAIR_CASES), "duplicate case"


@pytest.mark.parametrize("cable_id, text, expected", REPAIR_CASES, ids=[c[0] for c in REPAIR_CASES])
def test_repair_text(cable_id, text, expected):
    assert repair_text(text) == expected


# ----------------------------------------------------------------------- reflow
# (cable id, paragraph text, expected)
REFLOW_CASES = [
    ("66BUENOSAIRES2481",
     "NEW ARGENTINE LEGISLATION UNILATERALLY CHANGING SEAS JURIS- \nDICTION NOW UNDER ADVANCED REVIEW.  REPORTEDLY LAW WOULD \n",
     "NEW ARGENTINE LEGISLATION UNILATERALLY CHANGING SEAS JURISDICTION NOW UNDER ADVANCED REVIEW.  REPORTEDLY LAW WOULD"),
    ("90BAGHDAD4397", "G TO THE MINISTER, AND WE ARE REMIND-\nING THEM EVERY TEN MINUTES.",
     "G TO THE MINISTER, AND WE ARE REMINDING THEM EVERY TEN MINUTES."),
    # a compound broken at its hyphen keeps the hyphen
    ("06REYKJAVIK68", " no systematic government monitoring of anti- \ntrafficking efforts as such",
     "no systematic government monitoring of anti-trafficking efforts as such"),
    ("04PARIS8983", "Corsican separatist movements ) the FLNC Union of Combatants \n) the island continues",
     "Corsican separatist movements ) the FLNC Union of Combatants ) the island continues"),
    # list items stay on their own lines; blank lines separate paragraphs
    ("06SKOPJE105", "anemic: \n\n--Key Message: Business environment ) the government should \nmeet the milestones",
     "anemic:\n\n--Key Message: Business environment ) the government should meet the milestones"),
    ("FORMATS.md§3 dashed heading",
     "-----------------\nPARSON'S DAUGHTER\n-----------------",
     "-----------------\nPARSON'S DAUGHTER\n-----------------"),
    ("06ASUNCION589", "programs \nto prevent trafficking as well as the following: \n\n-- The DHS team recommends holding "
     "an annual border control \nsym",
     "programs to prevent trafficking as well as the following:\n\n-- The DHS team recommends holding an annual "
     "border control sym"),
    ("05CAIRO5924", "Guantanamo: \n-- Abdul Rahman Mohammed AL-MARZOUQ, ISN US9EG-00369DP; \n-- All",
     "Guantanamo:\n-- Abdul Rahman Mohammed AL-MARZOUQ, ISN US9EG-00369DP;\n-- All"),
]

assert len({(cid, text) for cid, text, _ in REFLOW_CASES}) == len(REFLOW_CASES), "duplicate case"


@pytest.mark.parametrize("cable_id, text, expected", REFLOW_CASES, ids=[c[0] for c in REFLOW_CASES])
def test_reflow(cable_id, text, expected):
    assert reflow(text) == expected
