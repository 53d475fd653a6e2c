"""parse_body / normalise_marking on snippets copied verbatim from the corpus.

Cablegate snippets are given as the reader hands them over (the ``&#x000A;``
entities decoded to newlines, tags stripped, WikiLeaks' ``¶`` anchors kept).
Snippets named ``FORMATS.md…`` are quoted in /work/shared/corpus/FORMATS.md
from cables that are not in the corpus folders.
"""

import pytest

from conftest import FOIA_EXAMPLE, unique_cases

from cablesearch.model import Paragraph
from cablesearch.parse.body import Body, normalise_marking, parse_body
from cablesearch.parse.clean import strip_noise

# ------------------------------------------------------------------ markings
# (cable id, portion mark as written, normalised mark or None)
MARKING_CASES = unique_cases([
    ("05TASHKENT284", "(C)", "C"),
    ("09CAIRO2178", "(SBU)", "SBU"),
    ("09ABUDHABI1151", "(U)", "U"),
    ("07TASHKENT2063", "(S/NF)", "S/NF"),
    ("04BOGOTA8900", "(S//NF)", "S/NF"),
    ("FORMATS.md§3 S//NF", "S//NF", "S/NF"),
    ("09STATE127892", "(S/REL NATO)", "S/REL NATO"),
    ("09STATE83026", "(S/REL to Pakistan)", "S/REL TO PAKISTAN"),
    ("09NAIROBI1171", "(C//REL TO USA, KEN, GBR//)", "C/REL TO USA, KEN, GBR"),
    ("79TEHRAN8980", "(C - ENTIRE TEXT)", "C"),
    ("FORMATS.md§9 1979RIYADH00905", "C - ENTIRE TEXT.", "C"),
    ("04BRASILIA913", "(C/NF)", "C/NF"),
    ("04WELLINGTON599", "(SBU/NF)", "SBU/NF"),
    ("06SKOPJE105", "(C/REL NATO)", "C/REL NATO"),
    ("04ISTANBUL374", "(u)", "U"),
    ("09NEWDELHI405", "(S/Noforn)", "S/NF"),
    ("09KABUL376", "(C NF)", "C/NF"),
    ("08NAIROBI2290", "(S-NF)", "S/NF"),
    ("09STATE15113", "(U//FOUO)", "U/FOUO"),
    ("08STATE116943", "(S//FGI//NF)", "S/FGI/NF"),
    ("09BOGOTA3559", "(S/NF/rel Panama)", "S/NF/REL PANAMA"),
    ("08MONTERREY232", "(C )", "C"),
    # look like markings, are not
    ("MEXICO006043-2007 (CENAPI)", "(CENAPI)", None),
    ("MEXICO006043-2007 (Interior)", "(Interior)", None),
    ("FORMATS.md§3 IIR (SUBJ: IIR 6 832 0617 08)", "(IIR)", None),
    ("04THEHAGUE4 ¶37. (a)", "(a)", None),
    ("04THEHAGUE4 ¶39. (b)", "(B)", None),
    ("09BERLIN1158 ¶2. (U.S.)", "(U.S.)", None),
    ("09BERLIN1158 ¶3. (Afghanistan)", "(Afghanistan)", None),
    ("06TAIPEI2921", "(3)", None),
    ("09CAIRO1215 typo", "(SB)", None),
    ("10KABUL104 typo", "(/Rel UK)", None),
])


@pytest.mark.parametrize("cable_id,mark,expected", MARKING_CASES, ids=[c[0] for c in MARKING_CASES])
def test_normalise_marking(cable_id: str, mark: str, expected: str | None) -> None:
    assert normalise_marking(mark) == expected


# ---------------------------------------------------------------- paragraphs
# (cable id, body snippet, [(number, marking, start of text), …])
PARAGRAPH_CASES = unique_cases([
    # entire-text marks written out (cables.csv 1985 rows): the mark leaves the text
    ("85MOGADISHU1242", "1.  SECRET/NOFORN - ENTIRE TEXT. \n \n2.  RUMORS ARE PROBABLY ALWAYS ABUNDANT HER",
     [("1", "S/NF", ""), ("2", None, "RUMORS ARE PROBABLY ALWAYS ABUNDANT HER")]),
    ("85MOGADISHU1643", "1. (SECRET/NOFORN/WNINTEL/NO CONTRACT/ORCON-ENTIRE TEXT) \n \n- \n2. AN ARAB AMBAS",
     [("1", "S/NF/WNINTEL/NOCONTRACT/ORCON", ""), ("2", None, "AN ARAB AMBAS")]),
    ("85DAMASCUS1314", "1.  SECRET - ENTIRE TEXT. \n \n- \n2.  SUMMARY:  THE ONLY POPULAR MOVEMENT EVER TO HAVE",
     [("1", "S", ""), ("2", None, "SUMMARY: THE ONLY POPULAR MOVEMENT EVER TO HAVE")]),
    ("85GABORONE98", "1.  CONFIDENTIAL - ENTIRE TEXT. \n \n2.  SUMMARY: ON FRIDAY, JANUARY 4, TWO ANGOL",
     [("1", "C", ""), ("2", None, "SUMMARY: ON FRIDAY, JANUARY 4, TWO ANGOL")]),
    ("79ANKARA6618", "1. (C) - ENTIRE TEXT. \n \n2. THIS IS AN INFORMATION MESSAGE; NO ACTION REQUIRED.",
     [("1", "C", ""), ("2", None, "THIS IS AN INFORMATION MESSAGE; NO ACTION REQUIRED.")]),
    # "(C - ENTIRE TEXT)" in parentheses: a paragraph of its own, the mark out of the text
    ("79TEHRAN8980",
     "¶1. (C - ENTIRE TEXT). \n \n¶2. INTRODUCTION: RECENT NEGOTIATIONS IN WHICH THE \nEMBASSY HAS BEEN INVOLVED "
     "HERE, RANGING FROM COMPOUND \nSECURITY TO VISA OPERATIONS TO GTE TO THE SHERRY CASE, \nHIGHLIGHT SEVERAL SPECIAL ",
     [("1", "C", ""), ("2", None, "INTRODUCTION: RECENT NEGOTIATIONS IN WHICH THE EMBASSY HAS BEEN INVOLVED HERE,")]),
    # 1979 SMART style without brackets
    ("FORMATS.md§9 1979RIYADH00905", "1. C - ENTIRE TEXT.", [("1", "C", "")]),
    # no space between the number and the mark
    ("07TASHKENT2063",
     "1.(S/NF) Post wishes to alert the Department and Washington agencies per reftel that it has received a report "
     "indicating a potential incident of illicit trafficking in nuclear and/or radiological materials.",
     [("1", "S/NF", "Post wishes to alert the Department")]),
    # "2.Details" with neither space nor mark (09MOSCOW2943)
    ("09MOSCOW2943",
     "incident are very sketchy. END SUMMARY.\n\n2.Details of the alleged incident follow:\n\n",
     [(None, None, "incident are very sketchy."), ("2", None, "Details of the alleged incident follow:")]),
    # "1 (C)" without the dot
    ("05BRASILIA1621",
     "1 (C) On June 16, Ambassador Danilovich, accompanied by DCM and Poloff, met with Brazilian Foreign Minister "
     "Celso Amorim",
     [("1", "C", "On June 16, Ambassador Danilovich")]),
    # the mark before the number
    ("03THEHAGUE1865",
     "(C) 1. In a visit to The Hague, July 15-16, A/S Jones met\nwith senior officials from MFA, MoD, and MoJ,",
     [("1", "C", "In a visit to The Hague, July 15-16, A/S Jones met with senior officials from MFA, MoD, and MoJ,")]),
    # REL marks with a country list
    ("09NAIROBI1171",
     "--- \nSummary \n------- \n \n¶1. (C//REL TO USA, KEN, GBR//) There are a number of factors \nthat make Kenya "
     "a fruitful source for recruiting young men to \njoin such extremist groups",
     [(None, None, "Summary"), ("1", "C/REL TO USA, KEN, GBR", "There are a number of factors that make Kenya")]),
    # an unnumbered portion with its own mark after a numbered paragraph
    ("09STATE127892",
     "In\ndiscussions with Baltic and Polish officials, Action Posts should\ndraw upon the points below.\n\n"
     "(S/REL NATO) Begin Talking Points:\n\nFOR RIGA, TALLINN, AND VILNIUS\n\n-- The United States has taken careful "
     "note of the\nrepeated requests by all three Baltic states for NATO\ncontingency planning",
     [(None, None, "In discussions with Baltic"),
      (None, "S/REL NATO", "Begin Talking Points:\nFOR RIGA, TALLINN, AND VILNIUS\n-- The United States has taken")]),
    # par2004 bug: "¶2013." is a wrapped year inside paragraph 9
    ("09BERLIN1106",
     "¶9. (C) Merkel, once again, vehemently denies any intention\nto form a Grand Coalition with the SPD but the "
     "electoral math\non September 27 may force her -- despite intense CDU/CSU\nreservations, not to mention those "
     "of the German public -- to\nlook at the SPD as a partner. As for the SPD, Steinmeier is\n\nBERLIN 00001106 003 "
     "OF 003 \n\n\nlooking desperate. The SPD has failed to reach over 25\npercent in the last six elections and "
     "Steinmeier's unlikely\npath to the chancellorship is only possible if he reneges on\na campaign promise not to "
     "form a coalition with The Left\nParty. This will not happen in 2009 but the CDU/CSU will not\ntire of raising "
     "the fear of a red-red coalition in 2009 or in\n¶2013. The Chancellor appears to be in a win-win situation\nbut "
     "three weeks on the campaign trail can be an eternity.\nEnd comment.\nMurphy",
     [("9", "C", "Merkel, once again, vehemently denies")]),
    # "please see para\n\n¶4." is a wrapped number; "2.On" is paragraph 2
    ("09CAIRO1778",
     "¶1. This is an action request; please see para\n\n¶4. \n2.On September 14, we received a diplomatic note from "
     "the MFA agreeing to continue USG-funded police training con",
     [("1", None, "This is an action request; please see para 4."), ("2", None, "On September 14, we received")]),
    # unwrapped press text: paragraph 5 inline after paragraph 4, the signer after it
    ("09STATE112644",
     "¶4. (U) Posts are requested to inform the Department of any substantive response. The Department's points of "
     "contact are EUR/UMB Belarus Desk Officer Joe Wang and EUR/ERA Political Officer Rachel Wolfe. Please feel free "
     "to contact POCs with questions. 5. (U) The Department appreciates Posts' assistance. CLINTON",
     [("4", "U", "Posts are requested to inform"), ("5", "U", "The Department appreciates Posts' assistance.")]),
    # an underlined heading is an unnumbered paragraph; the rule is dropped
    ("06SANJOSE58",
     "Summary \n-------- \n¶1.  (C) Foreign Minister Tovar told us he would not sign a \nMexican-authored communique on "
     "U.S. immigration proposals \nmerely as a gesture of solidarity, especially if the document \nis "
     "\"confrontational.\"  End Summary. \n \nCosta Ricans Have Their Own Immigration Problems \n"
     "--------------------------------------------- ---- \n¶2.  (C) Per reftel, Charge delivered the demarche to "
     "Foreign \nMinister Tovar on Janua",
     [(None, None, "Summary"), ("1", "C", "Foreign Minister Tovar told us"),
      (None, None, "Costa Ricans Have Their Own Immigration Problems"), ("2", "C", "Per reftel, Charge delivered")]),
    # a boxed heading
    ("97WELLINGTON1656",
     "POLITICAL CAREER TO DATE. A HARD-WORKING POLITICIAN, RUTHLESS OR\nPRAGMATIC AS NEEDED, SHIPLEY IS WELL-DISPOSED "
     "TOWARD THE U.S.\nEND SUMMARY.\n\n-----------------\nPARSON'S DAUGHTER\n-----------------\n\n¶3. (C) JENNIFER "
     "MARY ROBSON WAS BORN FEBRUARY 4, 1952, IN GORE,\nON NEW ZEALAND'S SOUTH ISLAND. SHE WAS THE SECON",
     [(None, None, "POLITICAL CAREER TO DATE."), (None, None, "PARSON'S DAUGHTER"), ("3", "C", "JENNIFER MARY")]),
    # a two-line boxed heading is one heading
    ("08BAGHDAD357",
     "l seek to obtain similar agreement on \nimmunities and related issues for DOS contractors separately. \n\n"
     "--------------------------------------------- \nKennedy Recommendation 4 ) Recommendation for Continued \n"
     "Contract Services of Blackwater \n--------------------------------------------- \n\n¶5. (C) ",
     [(None, None, "l seek to obtain"),
      (None, None, "Kennedy Recommendation 4 ) Recommendation for Continued Contract Services of Blackwater"),
      ("5", "C", "")]),
    # an inline rule in unwrapped text
    ("06SAOPAULO332",
     "SUMMARY ------- 1. (SBU) Land invasions led by the Movimento dos Trabalhadores Rurais Sem Terra (Landless Rural "
     "Workers Movement - MST) and allied groups have begun in the Sao Paulo Consular District",
     [(None, None, "SUMMARY"), ("1", "SBU", "Land invasions led by")]),
    # lettered items with their own marks are paragraphs (A, B, C) after paragraph 1
    ("08BAGHDAD357",
     "¶1. (C) This cable is the third update of Embassy Baghdad,s \nimplementation of the relevant eighteen "
     "recommendations of \nthe Secretary,s Panel on Protective Services. The following \nrecommendations have been "
     "implemented by Post (reftel D): \n\n¶A. (C) Kennedy Recommendation 12 - Joint Review Board \n¶B. (C) Kennedy "
     "Recommendation 17- Direct RSO Engagement with \nGOI Police and Security Officials; \n¶C. (C) Kennedy "
     "Recommendation 18 - RSO Response Team \nFacilitation to Embassy Claims Program. \n\n¶2. (C) Embassy Baghdad "
     "has made significant progress on \nrecommendations 5, 8, 9, 10, 11, 13, 14, and 16 as outlined \nin this cable.",
     [("1", "C", "This cable is the third update of Embassy Baghdad's implementation"),
      ("A", "C", "Kennedy Recommendation 12 - Joint Review Board"),
      ("B", "C", "Kennedy Recommendation 17- Direct RSO Engagement with GOI Police and Security Officials;"),
      ("C", "C", "Kennedy Recommendation 18"), ("2", "C", "Embassy Baghdad has made significant progress")]),
    # "27.B." sub-numbered items of a TIP report
    ("07BOGOTA1457",
     "criminal organizations. \n\n27.B. (SBU) Colombia is committed to fighting trafficking in \npersons, and has "
     "established a comprehensive interagency \nprogram to coordinate this fig",
     [(None, None, "criminal organizations."), ("27.B", "SBU", "Colombia is committed")]),
    # a numbered list inside paragraph 7 stays in its text
    ("07BERN259",
     "7.(SBU) Following is the text of the Swiss non-paper passed\nto Larijani:\n\nGuiding Principles and Mechanism to "
     "Relaunch the Negotiations\n\nStep 1: Informal Talks\n\nThe parties will hold informal talks in order to agree "
     "on the\nfollowing guiding principles which will serve as a basis to\nrelaunch negotiations:\n\n¶1.  In order to "
     "create the necessary confidence:\n\n-- Iran will suspend all its enrichment-related activities as\nrequired by "
     "the UNSC and the IAEA and to be verified by the\nlatter;\n",
     [("7", "SBU", "Following is the text of the Swiss non-paper passed to Larijani:\nGuiding Principles")]),
    # no numbered paragraphs at all: one unnumbered paragraph with its mark
    ("04MADRID4887",
     "(S) Poloff delivered reftel points concerning the lifting of\nsanctions against Spanish entity Telstar December "
     "29 to\nJavier Hergueta, the Foreign Ministry's deputy director\ngeneral for bilateral economic relations. "
     "Hergueta expressed\nhis government's and Telstar's appreciation for the U.S.\ngovernment's willingness to work "
     "with them quickly to get\nthis matter resolved. He also said Telstar stands ready to\nbegin "
     "conversations/cooperation immediately with the USG as\nset out in reftel points.\n\nMANZANARES",
     [(None, "S", "Poloff delivered reftel points concerning the lifting of sanctions against Spanish entity")]),
    # a one-letter answer to an (A)/(B)/(C) question inside a paragraph is not a portion mark
    ("06BUENOSAIRES109",
     "¶4. (U) ARMING OF CRIMINALS (Criminal perpetrators \nusually are): \n \n(C) Carrying firearms (handguns or "
     "shoulder weapons). \n \nDISCUSSION: Guns are readily available and any \ncriminal willing",
     [("4", "U", "ARMING OF CRIMINALS (Criminal perpetrators usually are):\n(C) Carrying firearms")]),
])


def _with_headings(paragraphs) -> list[Paragraph]:
    """The case tables list a heading as the unnumbered paragraph it was in the text."""
    out = []
    for p in paragraphs:
        if p.heading:
            out.append(Paragraph(None, None, (), p.heading))
        out.append(p)
    return out


@pytest.mark.parametrize("cable_id,body,expected", PARAGRAPH_CASES, ids=[c[0] for c in PARAGRAPH_CASES])
def test_paragraphs(cable_id: str, body: str, expected: list) -> None:
    got = _with_headings(parse_body(body).paragraphs)
    assert [(p.number, p.marking) for p in got] == [(n, m) for n, m, _ in expected]
    for p, (_, _, start) in zip(got, expected):
        assert p.text.startswith(start), (p.text[:120], start)
        assert "¶" not in p.text


def test_par2004_year_stays_in_the_text() -> None:
    body = dict((c[0], c[1]) for c in PARAGRAPH_CASES)["09BERLIN1106"]
    (para,) = parse_body(body).paragraphs
    assert "coalition in 2009 or in 2013. The Chancellor appears" in para.text


def test_unwrapped_lines_and_sub_items_keep_their_lines() -> None:
    # 79TEHRAN8980: "- --FIRST" items are kept on lines of their own, wrapped lines joined.
    body = ("¶7. THERE ARE SEVERAL LESSONS FOR THOSE WHO WOULD NEGOTIATE \nWITH PERSIANS IN ALL THIS: \n \n"
            "- --FIRST, ONE SHOULD NEVER ASSUME THAT HIS SIDE OF \nTHE ISSUE WILL BE RECOGNIZED, LET ALONE THAT IT WILL \n"
            "BE CONCEDED TO HAVE MERITS. PERSIAN PREOCCUPATION WITH \nSELF PRECLUDES THIS. A NEGOTIATOR MUST FORCE "
            "RECOGNITION \nOF HIS POSITION UPON HIS PERSIAN OPPOSITE NUMBER. \n \n- --SECOND, ONE SHOULD NOT EXPECT AN "
            "IRANIAN READILY \nTO PERCEIVE THE ADVANTAGES OF A LONG-TERM RELATIONSHIP \nBASED ON TRUST.")
    (para,) = parse_body(body).paragraphs
    assert para.number == "7"
    assert para.text.split("\n") == [
        "THERE ARE SEVERAL LESSONS FOR THOSE WHO WOULD NEGOTIATE WITH PERSIANS IN ALL THIS:",
        "- --FIRST, ONE SHOULD NEVER ASSUME THAT HIS SIDE OF THE ISSUE WILL BE RECOGNIZED, LET ALONE THAT IT WILL BE "
        "CONCEDED TO HAVE MERITS. PERSIAN PREOCCUPATION WITH SELF PRECLUDES THIS. A NEGOTIATOR MUST FORCE RECOGNITION "
        "OF HIS POSITION UPON HIS PERSIAN OPPOSITE NUMBER.",
        "- --SECOND, ONE SHOULD NOT EXPECT AN IRANIAN READILY TO PERCEIVE THE ADVANTAGES OF A LONG-TERM RELATIONSHIP "
        "BASED ON TRUST."]


# ------------------------------------------------------------------- summary
# (cable id, body snippet, start of summary, end of summary)
SUMMARY_CASES = unique_cases([
    ("05TASHKENT284",
     "¶1. (C) Summary: According to various reports from industry insiders, Gulnora Karimova, the President’s "
     "daughter, is interested in taking over a new cellular company with U.S. investment, as well as Uzbektelekom, the "
     "monopoly state- owned telecommunications company. She also reportedly has agreed with local mafia boss, "
     "XXXXXXXXXXXX, to take over his share of ZeromaxXXXXXXXXXXXX. In an ironic twist, if this comes to pass, it "
     "would leave Gulnora in control of Coca-Cola - her ex-husband’s former company. End summary.\n\n¶2. (C) "
     "According to various reports, since first daughter Gulnora Karimova returned to Uzbekistan several months ago, "
     "she has been venturing out into new investments, mostly via several Russian",
     "According to various reports from industry insiders", "her ex-husband’s former company."),
    # Tehran style: before paragraph 1, all caps
    ("73TEHRAN7005",
     "SUMMARY: GOI ANNOUNCED TODAY ARREST OF TWELVE PERSONS \nINCLUDING TWO WOMEN FOR PLOTTING TO KIDNAP OR KILL SHAH, "
     "\nEMPRESS AND OTHER MEMBERS OF IMPERIAL FAMILY. PLOTTERS \nSAID TO BELONG TO WING OF OUTLAWED TUDEH (COMMUNIST) "
     "PARTY \nAND ARE SAID TO HAVE MADE CONFESSIONS. END SUMMARY. \n \n¶1. MINISTRY OF INFORMATION ANNOUNCED OCTOBER 2 "
     "THE ARREST OF \nTWELVE PERSONS INCLUDING TWO WOMEN ON CHARGES OF PLOTTING TO \nKIDNAP OR KILL MEMBERS OF THE "
     "IMPERIAL FAMILY.",
     "GOI ANNOUNCED TODAY ARREST OF TWELVE PERSONS INCLUDING", "SAID TO HAVE MADE CONFESSIONS."),
    # dashed heading, the summary is the next paragraph
    ("06SANJOSE58", dict((c[0], c[1]) for c in PARAGRAPH_CASES)["06SANJOSE58"],
     "Foreign Minister Tovar told us he would not sign", 'especially if the document is "confrontational."'),
    ("09MOSCOW2943",
     "1.(S) BEGIN SUMMARY: Post wishes to alert the Department and Washington agencies per reftel that it has "
     "received a report indicating a potential incident of illicit trafficking in nuclear and/or radiological "
     "materials. This report came to post,s attention via a telephone conversation between a xxxxxxxxxxxx and the "
     "Export Controls and Related Border Security (EXBS) FSN, which was relayed to the EXBS Advisor. Post cautions "
     "that details of the alleged incident are very sketchy. END SUMMARY.\n\n2.Details of the alleged incident "
     "follow:\n\nLO",
     "Post wishes to alert the Department", "details of the alleged incident are very sketchy."),
    ("08MONTEVIDEO197",
     "¶1. (C) Summary and Action Request: The Foreign Minister\ndelivered to the Ambassador on April 2 a letter from\n"
     "President Vazquez to President Bush requesting his assistance\nin the further declassification of USG documents "
     "related to\nthe poisoning death of Cecilia Fontana de Heber in September\n1978, during Uruguay's period of "
     "military rule. Post has\nforwarded the letter to WHA/BSC for delivery to the NSC.\nEmbassy requests guidance "
     "for an interim response to the GOU.\nEnd Summary and Action Request.\n\n¶2. (SBU) Begin unofficial "
     "translation.\n\nMontevideo, ",
     "The Foreign Minister delivered to the Ambassador", "guidance for an interim response to the GOU."),
    # a "Summary and Comment" heading; no End Summary in the snippet: the next paragraph
    ("10KUALALUMPUR12",
     "Summary and Comment \n------------------- \n \n¶1. (C) Malaysian government officials continue to communicate "
     "\nlittle information directly to Post regarding the missing F-5 \nengines (reftels).  Most of the information on "
     "the scandal to \ndate has come thru the local media, which reported on January \n6 that police arrested and "
     "charged one Air Force sergeant and \na business owner with the theft and illegal sale of the \nengines.",
     "Malaysian government officials continue", "with the theft and illegal sale of the engines."),
    # End Summary without a start (the heading went with the header): the paragraph before it
    ("10KUALALUMPUR12 end",
     "n of the engines, and to remind the GOM of \nthe seriousness of the issue and need for remedial actions. \nWe look "
     "forward to a readout of next week's meeting on this \nissue between PM's PDAS and Malaysian Ambassador.  The "
     "\nAmbassador and DCM have pending meeting requests with senior \nMFA officials.  End Summary and Comment. \n \n"
     "What the Med",
     "n of the engines, and to remind the GOM", "pending meeting requests with senior MFA officials."),
])


@pytest.mark.parametrize("cable_id,body,start,end", SUMMARY_CASES, ids=[c[0] for c in SUMMARY_CASES])
def test_summary(cable_id: str, body: str, start: str, end: str) -> None:
    summary = parse_body(body).summary
    assert summary is not None
    assert summary.startswith(start), summary[:100]
    assert summary.endswith(end), summary[-100:]
    assert "summary" not in summary.lower()[:12] and not summary.lower().rstrip(".").endswith("summary")


def test_no_summary_without_the_word() -> None:
    assert parse_body(dict((c[0], c[1]) for c in PARAGRAPH_CASES)["79TEHRAN8980"]).summary is None


# ------------------------------------------------------------------- signers
# (cable id, end of a body, signed_by, end of the last paragraph's text)
SIGNER_CASES = unique_cases([
    ("09ABUDHABI1151",
     "Iran is a matter of time.\" \n \n \n \n¶7. (SBU) DepSec Poneman has cleared this cable. \nOLSON",
     ("OLSON",), "DepSec Poneman has cleared this cable."),
    ("08CONAKRY184",
     "and recorded by elements of the Guinean media (state-owned\nand independent).\n\nCARTER",
     ("CARTER",), "(state-owned and independent)."),
    ("03ANKARA2521",
     "require both the retirement of the hard-liners and, \nespecially, the development of a new cadre of modern, \n"
     "forward-looking officers. \nPEARSON",
     ("PEARSON",), "forward-looking officers."),
    ("09BERLIN1106", dict((c[0], c[1]) for c in PARAGRAPH_CASES)["09BERLIN1106"],
     ("Murphy",), "can be an eternity. End comment."),
    # glued to a sentence that ends in a number
    ("09CAIRO200", "will get back to us with nominees for the Egyptian delegation by February 12.SCOBEY",
     ("SCOBEY",), "for the Egyptian delegation by February 12."),
    # the banner repeated after the signer
    ("79TEHRAN8980",
     "(FROM THE WESTERN POINT OF VIEW) NEGOTIATING PROCESS. \n \n \nLAINGEN \n \nCONFIDENTIAL",
     ("LAINGEN",), "NEGOTIATING PROCESS."),
    # NARA's review stamp and NNN after the signer
    ("73TEHRAN7005",
     "TOBE PRESENT AT CEREMONY, ALSO ARMED, TO PROVIDE DEVERSION \nIF NECESSARY. \n \nCOMMENT: NO INDICATION OF "
     "DATE ARREST TOOK PLACE. WILL \nREPORT FURTHER DEVELOPMENTS. \n \nHELMS \n \nDeclassified/Released US "
     "Department of State EO Systematic Review 30 JUN 2005 \n \nNNN",
     ("HELMS",), "WILL REPORT FURTHER DEVELOPMENTS."),
    # a relayed cable: the quoted cable's signer, then the sender
    ("08STATE125686",
     "¶5. Additional funds and relief supplies may be requested based on \nhumanitarian gaps identified by the "
     "USAID/OFDA assessment team on \nthe ground.  Relief assistance is likely to be channeled through the \n"
     "National Emergency Commission and the Costa Rica Red Cross. \n \nCIANCHETTE \nUNQUOTE \n \nRICE",
     ("CIANCHETTE", "RICE"), "the National Emergency Commission and the Costa Rica Red Cross."),
    ("09STATE127892",
     "-- President Obama acknowledged this when he said at\nPrague that \"We must work together as NATO "
     "members so that\nwe have contingency plans in place to deal with new\nthreats, wherever they may come from.\"\n"
     "CLINTON UNQUOTE CLINTON",
     ("CLINTON",), "wherever they may come from.\""),
    ("09STATE112644", dict((c[0], c[1]) for c in PARAGRAPH_CASES)["09STATE112644"],
     ("CLINTON",), "The Department appreciates Posts' assistance."),
    # the post's web-site footer with the signer glued to it
    ("08LONDON1688",
     "¶8. (C/NF)  Poloff's fortuitous presence at the XXXXXXXXXXXX event, and the circumstances of the encounter on "
     "the margins afterward, make it improbable that XXXXXXXXXXXX approach was pre-planned.  Whether any follow-up by "
     "other USG reps with XXXXXXXXXXXX proves feasible or desirable, his claim that XXXXXXXXXXXX refugee officials are "
     "dissatisfied with the XXXXXXXXXXXX's current rhetoric and policy on Afghan refugees appears plausible. End "
     "comment. Visit London's Classified Website: XXXXXXXXXXXX TUTTLE",
     ("TUTTLE",), "appears plausible. End comment."),
    ("06REYKJAVIK107",
     "ties with Europe, either in a NATO or EU context.  Indeed, we \nwelcome burden sharing. \n \nVAN VOORST \n"
     "van Voorst",
     ("van Voorst",), "Indeed, we welcome burden sharing."),
    # an all-caps telegram: the signer after a wide gap on the last line
    ("73STATE97844",
     "3.   IF UNREACHABLE HOTEL HE HAS ELEVEN A. M.  APPOINTMENT\nWEDNESDAY WITH MINISTER FOREIGN AFFAIRS.    PORTER"
     "\n\n\nLIMITED OFFICIAL USE\nNMAFVVZCZ\n\n\n\n\n\n*** Current Handling Restrictions ***   n/a\n"
     "***  Current Classification ***   LIMITED OFFICIAL USE\n",
     ("PORTER",), "WEDNESDAY WITH MINISTER FOREIGN AFFAIRS."),
    # no signer: the last word ends a wrapped sentence; the text ends with a comment
    ("06BRIDGETOWN2164",
     "¶3. PLEASE CABLE CONCURRENCE. BRIDGETOWN APPRECIATES TRINIDAD'S \nASSISTANCE.",
     (), "BRIDGETOWN APPRECIATES TRINIDAD'S ASSISTANCE."),
    ("03THEHAGUE1453",
     "counterterrorism laws. We will look to Washington agencies for\nsupport and expertise. End Comment.",
     (), "support and expertise. End Comment."),
])


@pytest.mark.parametrize("cable_id,body,signers,last_text", SIGNER_CASES, ids=[c[0] for c in SIGNER_CASES])
def test_signers(cable_id: str, body: str, signers: tuple, last_text: str) -> None:
    result = parse_body(body)
    assert result.signed_by == signers
    assert result.paragraphs[-1].text.endswith(last_text), result.paragraphs[-1].text[-120:]


# ------------------------------------------------------------ withheld codes
# (cable id, body snippet, [(number, withheld), …])
WITHHELD_CASES = unique_cases([
    ("MEXICO006043-2007 para 14",
     "He said that the statue of limitations would endure for decades on the charges Zhenli faces in Mexico.\n\n"
     "~~B1, B7(A)~~\n\n15. (SBU) The Attorney General also outlined recent GOM/PGR initiatives and successes, such as "
     "the new ban on imports of methamphetamine precursor chemicals, and a recent record-setting cocaine seizure of "
     "11.5 metric tons in one container. (Embassy note: this amount was to be surpassed latter the same day by the "
     "seizure of 23.5 metric tons, a world record.)\n\n~~B1~~\n\nB1\n\n",
     [(None, ("B1", "B7(A)")), ("15", ("B1",))]),
    # codes standing in for a wholly withheld paragraph 3 go to the paragraph before; 3 is not invented
    ("MEXICO006043-2007 para 3",
     "and stressed the importance of the Merida Initiative.\n\nB1\n\n\n\nB1\n\n\n\nB1\n\nSecretary for Public "
     "Security Outlines Proposed Police Reforms\n\n4. (SBU) In an follow-on meeting",
     [(None, ("B1",)), (None, ()), ("4", ())]),
    # the release stamp's code line, as a body line
    ("MEXICO006043-2007 stamp",
     "~~RELEASED IN PART~~  \n~~B1, 1.4(B), 1.4(D), B7(A)~~\n\n",
     [(None, ("B1", "1.4(B)", "1.4(D)", "B7(A)"))]),
])


@pytest.mark.parametrize("cable_id,body,expected", WITHHELD_CASES, ids=[c[0] for c in WITHHELD_CASES])
def test_withheld(cable_id: str, body: str, expected: list) -> None:
    got = _with_headings(parse_body(body).paragraphs)
    assert [(p.number, p.withheld) for p in got] == expected
    assert not any("B1" in p.text for p in got)


# -------------------------------------------------------- the worked example

def _mexico_body(clean: bool) -> str:
    text = FOIA_EXAMPLE.read_text(encoding="utf-8")
    if clean:
        text = strip_noise(text)
    marker = "Reason: 1.4 (b), (d)"
    return text[text.index(marker) + len(marker):]


@pytest.mark.parametrize("clean", [True, False], ids=["cleaned", "raw OCR"])
def test_mexico_006043_whole_body(clean: bool) -> None:
    body = parse_body(_mexico_body(clean))
    assert isinstance(body, Body)
    numbered = [p for p in body.paragraphs if p.number]
    assert [p.number for p in numbered] == ["1", "2"] + [str(n) for n in range(4, 16)]
    marks = {p.number: p.marking for p in numbered}
    assert marks["1"] is None and marks["2"] == "C"
    assert all(marks[str(n)] == "SBU" for n in range(4, 16))
    withheld = {p.number: p.withheld for p in numbered}
    assert withheld["14"] == ("B1", "B7(A)") and withheld["15"] == ("B1",)
    assert numbered[0].text.startswith("Summary: On October 30, Deputy Secretary Negroponte")
    assert body.summary.startswith("On October 30, Deputy Secretary Negroponte")
    assert body.summary.endswith("in coming weeks.")
    assert body.signed_by == ("GARZA",)
    last = numbered[-1].text
    assert last.endswith("a world record.)")
    assert "Visit" not in last and "NNNN" not in last and "GARZA" not in last
    # the OCR page break (a blank line) inside paragraph 4 does not split it
    assert "by his secretariat to improve law enforcement in Mexico" in numbered[2].text
    assert [p.number for p in body.paragraphs] == ["1", "2"] + [str(n) for n in range(4, 16)]
    headings = {p.number: p.heading for p in body.paragraphs if p.heading}
    assert list(headings.values()) == ["Interior Secretary, Staff Discuss New Intel Center",
                        "Secretary for Public Security Outlines Proposed Police Reforms",
                        "Attorney General Lauds Improved Law Enforcement Relationship and Outlines Its Results"]
    assert list(headings) == ["2", "4", "11"]


def test_mexico_006043_through_parse_cable() -> None:
    from cablesearch.parse.cable import parse_cable

    cable = parse_cable(FOIA_EXAMPLE.read_text(encoding="utf-8"))
    assert [p.number for p in cable.paragraphs if p.number] == ["1", "2"] + [str(n) for n in range(4, 16)]
    assert cable.signed_by == ("GARZA",)
    assert cable.summary.startswith("On October 30, Deputy Secretary Negroponte")


def test_injected_sipdis_is_not_text() -> None:
    # 06ROME439: SIPDIS injected where a line broke, between blank lines, mid-sentence
    body = ("¶1. (C) Summary: Gianni Letta, Under \nSecretary to the Council of Ministers requesting assistance \n \n"
            "SIPDIS \nto return to the United States 64 thorium-uranium")
    (para,) = parse_body(body).paragraphs
    assert para.text == ("Summary: Gianni Letta, Under Secretary to the Council of Ministers requesting assistance "
                         "to return to the United States 64 thorium-uranium")
    # FORMATS.md §3: inline, where the original had a line break
    (para,) = parse_body("¶2. (C) Mantega will have several key technical SIPDIS positions to fill.").paragraphs
    assert para.text == "Mantega will have several key technical positions to fill."


def test_empty_body() -> None:
    assert parse_body("") == Body((), None, ())
    assert parse_body("\n \n") == Body((), None, ())
