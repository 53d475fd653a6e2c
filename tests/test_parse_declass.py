"""E.O. line and Classified By — real snippets with their cable ids."""

from __future__ import annotations

import pytest

from cablesearch.parse.declass import parse_classified_by, parse_declassification, parse_reasons
from tests.conftest import unique_cases

EO_CASES = unique_cases([
    ("06SANJOSE707", "E.O. 12958: DECL: 03/29/2016 \nTAGS: PGOV ETRD CS", "E.O. 12958", "2016-03-29", "DECL: 03/29/2016"),
    ("00HARARE5461", "EO 12958 DECL: 09/21/10 \nTAGS PGOV, PINS, ZI", "E.O. 12958", "2010-09-21", "DECL: 09/21/10"),
    ("09ABUDHABI1151", "E.O. 12958: DECL: 2019/12/17 \nTAGS: PGOV", "E.O. 12958", "2019-12-17", "DECL: 2019/12/17"),
    ("79TEHRAN8980", "E.O. 12065: GDS 8/12/85 (TOMSETH, VICTOR L.) OR-P \nTAGS: PEPR IR", "E.O. 12065", "1985-08-12",
     "GDS 8/12/85 (TOMSETH, VICTOR L.) OR-P"),
    ("73TEHRAN7005", "E.O. 11652: N/A \nTAGS: PINS IR", "E.O. 11652", None, "N/A"),
    ("07REYKJAVIK116", "E.O.12958:  N/A \nTAGS: SENV EFIS IWC IC", "E.O. 12958", None, "N/A"),
    ("66BUENOSAIRES2481", "E.O. 12958: DECL: DECLASSIFIED BY NARA 09/02/2009 \nTAGS: EFIS", "E.O. 12958",
     "2009-09-02", "DECL: DECLASSIFIED BY NARA 09/02/2009"),
    ("07MEXICO6043", "E.O. 12958: DECL.: 12/05/2017  \n TAGS: PGOV", "E.O. 12958", "2017-12-05", "DECL.: 12/05/2017"),
    ("09CAIRO2205", "POSTS FOR FRAUD PREVENTION UNITS E.O. 12958: N/A TAGS: KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG",
     "E.O. 12958", None, "N/A"),
])


@pytest.mark.parametrize("cable_id,text,order,date,rule", EO_CASES)
def test_declassification(cable_id, text, order, date, rule) -> None:
    d = parse_declassification(text)
    assert d is not None, cable_id
    assert (d.order, d.date, d.text) == (order, date, rule)


CLASSIFIED_BY_CASES = unique_cases([
    # title words around the name: an office symbol, a bureau acronym, a title after a comma
    ("04RANGOON1100", "Classified By: CDA, A.I. RON MCMULLEN FOR REASON 1.5 (A/C).\n",
     "RON MCMULLEN", "CDA, A.I.", ("1.5(a)", "1.5(c)")),
    ("09STATE68250", "Classified By: ISN/MTR DIRECTOR PAM DURHAM FOR REASONS 1.4(B), (D), (H)\n",
     "PAM DURHAM", "ISN/MTR DIRECTOR", ("1.4(b)", "1.4(d)", "1.4(h)")),
    ("09STATE83026", "Classified By: IO Assistant Secretary Esther Brimmer for reasons 1.4 (b) and (d)\n",
     "Esther Brimmer", "IO Assistant Secretary", ("1.4(b)", "1.4(d)")),
    ("10TRIPOLI95", "CLASSIFIED BY: Gene A. Cretz, Ambassador, U.S. Embassy Tripoli,\nDepartment of State. \n"
     "REASON: 1.4 (b), (d) \n", "Gene A. Cretz", "Ambassador, U.S. Embassy Tripoli, Department of State",
     ("1.4(b)", "1.4(d)")),
    ("09STATE127892", "Classified By: ACTING EUR A/S NANCY MCELDOWNEY -FOR REASONS 1.4(B) AND (D)\n",
     "NANCY MCELDOWNEY", "ACTING EUR A/S", ("1.4(b)", "1.4(d)")),
    ("06SANJOSE707", "Classified By: Ambassador Mark Langdale for reasons 1.4 (b) & (d) \n",
     "Mark Langdale", "Ambassador", ("1.4(b)", "1.4(d)")),
    ("07MEXICO6043", "Classified By: Political Minister Counselor Charles V. Barclay.  \n Reason: 1.4 (b), (d)\n",
     "Charles V. Barclay", "Political Minister Counselor", ("1.4(b)", "1.4(d)")),
    ("03ANKARA3694", "(U) Classified by Ambassador W. Robert Pearson; reasons: 1.5 (b,d). \n",
     "W. Robert Pearson", "Ambassador", ("1.5(b)", "1.5(d)")),
    ("97WELLINGTON1656", "CLASSIFIED BY: JOSIAH H. BEEMAN, AMBASSADOR.\nREASONS: 1.5(B) AND (D).\n",
     "JOSIAH H. BEEMAN", "AMBASSADOR", ("1.5(b)", "1.5(d)")),
    ("04THEHAGUE1846", "Classified By: CLASSIFIED BY POLITICAL COUNSELOR ANDREW SCHOFER FOR REA \nSONS 1.5 (B AND D) \n",
     "ANDREW SCHOFER", "POLITICAL COUNSELOR", ("1.5(b)", "1.5(d)")),
    ("00HARARE5461", "CLASSIFIED BY DCM EARL IRVING. REASONS: 1.5 (B) AND (D).\n",
     "EARL IRVING", "DCM", ("1.5(b)", "1.5(d)")),
    ("06TELAVIV145", "Classified By: Political Counselor Norman H. Olsen.  Reason 1.4 (B/D). \n",
     "Norman H. Olsen", "Political Counselor", ("1.4(b)", "1.4(d)")),
    ("05MADRID3519", "Classified By: ESTHOFF KEN FORDER PER 1.4 (B/D)\n", "ESTHOFF KEN FORDER", None, ("1.4(b)", "1.4(d)")),
    ("06BOGOTA10571", "Classified By: Ambassador William B. Wood \nReason: 1.4 (b,d) \n",
     "William B. Wood", "Ambassador", ("1.4(b)", "1.4(d)")),
    # issue 20: the name alone, whatever the render split or the drafter typed around it
    # (snippets copied from the April-2011 pages in ../shared/corpus/cablegate-html-2011.tar.xz)
    ("06PARIS7579", "Classified By: Political Minister Counselor Josiah Rosenblatt for Reaso\nns 1.4 (b) and (d)\n",
     "Josiah Rosenblatt", "Political Minister Counselor", ("1.4(b)", "1.4(d)")),
    ("06BRASILIA546", "Classified by Deputy Economic Counselor J. Andrew Plowman, resons 1.4 (b) and (d). \n",
     "J. Andrew Plowman", "Deputy Economic Counselor", ("1.4(b)", "1.4(d)")),
    ("06MEXICO858", " Classified By: ACTING POLITICAL MINISTER-COUNSELOR WILLIAM H. DUNCAN, R \nEASONS: 1.4(B/D). \n",
     "WILLIAM H. DUNCAN", "ACTING POLITICAL MINISTER-COUNSELOR", ("1.4(b)", "1.4(d)")),
    ("06DAMASCUS404", "Classified By: Charge d'Affaires Stephen A. Seche, per 1.4 b,d.\n",
     "Stephen A. Seche", "Charge d'Affaires", ("1.4(b)", "1.4(d)")),
    ("06SANTODOMINGO409", "Classified By: Charge d\u2019Affaires Lisa Kubiske. Reason: 1.4(b) and (d).   \n",
     "Lisa Kubiske", "Charge d'Affaires", ("1.4(b)", "1.4(d)")),
    ("06THEHAGUE380", "Classified By: GLOBAL ISSUES CHIEF SUSAN GARRO\nFOR REASONS 1.5(B) and (D)\n",
     "SUSAN GARRO", "GLOBAL ISSUES CHIEF", ("1.5(b)", "1.5(d)")),
    ("96ANKARA12278", "\u00b61.  CLASSIFIED BY POLITICAL COUNSELOR RICHARD MCKEE, \nEMBASSY ANKARA.  REASON: 1.5(B)(D). \n",
     "RICHARD MCKEE", "POLITICAL COUNSELOR, EMBASSY ANKARA", ("1.5(b)", "1.5(d)")),
    ("08TRIPOLI642", "CLASSIFIED BY: Chris Stevens, CDA, U.S. Embassy - Tripoli, Dept of State. REASON: 1.4 (b), (d) ",
     "Chris Stevens", "CDA, U.S. Embassy - Tripoli, Dept of State", ("1.4(b)", "1.4(d)")),
    # the keyword typed again, misspelt (sample_data/plaintext-latin1/09PARIS1007.txt)
    ("09PARIS1007", "Classified By: Classifed by POL M/C Kathleen Allegrone for reasons 1.4 \n(B) AND (D). \n",
     "Kathleen Allegrone", "POL M/C", ("1.4(b)", "1.4(d)")),
    # a title and no name; an abbreviated title after the name (April-2011 pages)
    ("09SANSALVADOR708", "Classified By: Charge d'Affaires, for reasons 1.4 (b) and (d) \n",
     None, "Charge d'Affaires", ("1.4(b)", "1.4(d)")),
    ("09STATE52767", "Classified By: SUZANNE MCCORMICK, DIR., INR/OPS. REASON: 1.4(C).\n",
     "SUZANNE MCCORMICK", "DIR., INR/OPS", ("1.4(c)",)),
    # a comma typed for an apostrophe inside the title (FORMATS.md §7: `Charge d,Affaires`)
    ("09ACCRA1070", "Classified By: Charge d,Affaires Julie Furuta-Toy for reasons 1.4(b) an d (d).\n",
     "Julie Furuta-Toy", "Charge d'Affaires", ("1.4(b)", "1.4(d)")),
    # a page cut short in the clause: the cut word is no part of the name (08ROME1018, 08BRUSSELS1256)
    ("08ROME1018", "Classified By: Ronald P. Spogli, A...\n", "Ronald P. Spogli", None, ()),
    ("08BRUSSELS1256", "Classified By: USEU POLMC Chr...\n", None, "USEU POLMC", ()),
])


@pytest.mark.parametrize("cable_id,text,name,title,reasons", CLASSIFIED_BY_CASES)
def test_classified_by(cable_id, text, name, title, reasons) -> None:
    c = parse_classified_by(text)
    assert c is not None, cable_id
    assert (c.name, c.title, c.reasons) == (name, title, reasons)


@pytest.mark.parametrize("text,expected", [
    ("1.4 (b) & (d)", ("1.4(b)", "1.4(d)")),
    ("1.4(b), (d)", ("1.4(b)", "1.4(d)")),
    ("1.4(B)(D)", ("1.4(b)", "1.4(d)")),
    ("1.5 (b, d, X6)", ("1.5(b)", "1.5(d)")),  # 03ANKARA2521
    ("1.4 (b), (c), and (f)", ("1.4(b)", "1.4(c)", "1.4(f)")),  # 08KINSHASA189
])
def test_reason_codes(text: str, expected: tuple[str, ...]) -> None:
    assert parse_reasons(text) == expected


def test_no_classified_by() -> None:
    assert parse_classified_by("E.O. 12958: N/A\nTAGS: SENV\n") is None
