"""parse_foia on FOIA stamps copied verbatim from the corpus.

The FOIA OCR release is foia-ocr/MEXICO006043-2007.txt; the page stamp forms
are quoted in FORMATS.md §9 from nsarchive's OCR of case F-2016-07743.
"""


import pytest

from cablesearch.model import Foia
from cablesearch.parse.foia import parse_foia

MEXICO_STAMPS = (
    " NSC WASHDC\n\n~~RELEASED IN PART~~  \n~~B1, 1.4(B), 1.4(D), B7(A)~~\n\n~~CONFIDENTIAL~~ MEXICO 006043\n\n"
    "UNITED STATES DEPARTMENT OF STATE  \n REVIEW AUTHORITY: APPEALS REVIEW PANEL  \n"
    " APPEAL ACTION: ADDITIONAL INFORMATION RELEASED  \n REASON(S): B1, 1.4(B), 1.4(D)  \n"
    " DATE/CASE ID: 29 JUN 2011 200804526\n\nSENSITIVE  \n SIPDIS\n")
MEXICO_REVIEW = (
    "UNITED STATES DEPARTMENT OF STATE  \n CLASSIFIED BY DEPT. OF STATE, L. HEDGBETH, DAS, A/GIS  \n"
    " REVIEW AUTHORITY: ADOLPH H EISNER  \n CLASSIFICATION: CONFIDENTIAL REASON: 1.4(B), 1.4(D)  \n"
    " DECLASSIFY AFTER: 5 DEC 2017  \n DATE/CASE ID: 05 NOV 2009 200804526\n\n"
    "committed to boosting our joint efforts against narcotics trafficking")

# (source, text, expected Foia or None)
CASES = [
    ("MEXICO006043-2007 release + appeal stamps", MEXICO_STAMPS,
     Foia("RELEASED IN PART", ("B1", "1.4(B)", "1.4(D)", "B7(A)"), "200804526", ("2011-06-29",))),
    ("MEXICO006043-2007 review stamp", MEXICO_REVIEW,
     Foia(None, ("1.4(B)", "1.4(D)"), "200804526", ("2009-11-05",))),
    ("FORMATS.md§9 page stamp",
     "UNCLASSIFIED U.S. Department of State Case No. F-2016-07743 Doc No. C17980027 Date: 07/31/2017",
     Foia(None, (), "F-2016-07743", ("2017-07-31",), "C17980027", "2017-07-31")),
    ("FORMATS.md§9 page stamp, OCR without punctuation",
     "U S Department of State Case No F-2016-07743",
     Foia(None, (), "F-2016-07743", ())),
    # the systematic-review stamp is a declassification review, not a FOIA release
    ("73TEHRAN7005",
     "HELMS \n \nDeclassified/Released US Department of State EO Systematic Review 30 JUN 2005 \n \nNNN \n", None),
    ("1979RIYADH00905_e (PlusD)",
     "I SEE NO NEED\nSheryl P. Walter Declassified/Released US Department of State EO Systematic Review 2", None),
    # "released" in the cable's own text, and its own Classified By reasons
    ("MEXICO006043-2007 body", "Classified By: Political Minister Counselor Charles V. Barclay.  \n Reason: 1.4 (b), (d)",
     None),
    ("02VATICAN819", "THE COMPLETE RELEASE OF ALL DOCUMENTATION RELATING TO PIUS XI’S PONTIFICATE IS STILL SOME "
     "THREE YEARS AWAY", None),
    ("02ROME1196", "THE REPORT WAS TO BE RELEASED AND THAT WE WERE SEEKING TO DELIVER IT IN ADVANCE OF ITS "
     "PUBLIC RELEASE.)", None),
    ("09NEWDELHI1778", "¶3. Sessions Case No.175 of 2009 is pending trial before the Court of Sessions", None),
    ("", "", None),
]

assert len({(src, text) for src, text, _ in CASES}) == len(CASES), "duplicate case"


@pytest.mark.parametrize("source, text, expected", CASES, ids=[c[0] or "empty" for c in CASES])
def test_parse_foia(source, text, expected):
    assert parse_foia(text) == expected


def test_whole_mexico_release_matches_fields_md(foia_text: str):
    foia = parse_foia(foia_text)
    assert foia == Foia("RELEASED IN PART", ("B1", "1.4(B)", "1.4(D)", "B7(A)"), "200804526",
                        ("2011-06-29", "2009-11-05"))
    assert foia.to_dict()["exemptions"] == ["B1", "1.4(B)", "1.4(D)", "B7(A)"]


def test_release_in_full_is_normalised():
    # FORMATS.md §9: the page stamp "is followed by RELEASE IN FULL / RELEASED IN PART"
    text = "UNCLASSIFIED U.S. Department of State Case No. F-2016-07743 Doc No. C17980027 Date: 07/31/2017\nRELEASE IN FULL"
    assert parse_foia(text).status == "RELEASED IN FULL"


def test_page_stamp_gives_the_document_number_and_release_date():
    # SYNTHETIC stamps on two pages of a release (tests/scans.py draws the same): the first names it.
    text = ("UNCLASSIFIED U.S. Department of State Case No. F-2017-01234 Doc No. C06500001 Date: 07/31/2017\n"
            "RELEASED IN PART\nB1, 1.4(B)\n...\n"
            "UNCLASSIFIED U S Department of State Case No F-2017-01234 Doc No C06500001 Date 07/31/2017\n")
    foia = parse_foia(text)
    assert (foia.case_id, foia.doc_id, foia.released) == ("F-2017-01234", "C06500001", "2017-07-31")
    assert foia.to_dict()["doc_id"] == "C06500001"


def test_exemption_codes_after_the_status_on_one_line():
    # FORMATS.md §9: "RELEASED IN PART" followed by the codes "B1, 1.4(B), 1.4(D), B6, B7(A)"
    foia = parse_foia("RELEASED IN PART B1, 1.4(B), 1.4(D), B6, B7(A)")
    assert foia == Foia("RELEASED IN PART", ("B1", "1.4(B)", "1.4(D)", "B6", "B7(A)"), None, ())
