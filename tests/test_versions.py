"""Copies of one cable compared paragraph by paragraph (`versions`, `diff`).

The pairs are real: the December-2010 and April-2011 Cablegate copies of
10TRIPOLI95 and 09STATE68250 (names redacted in one, shown in the other),
and 01PRETORIA1173 as an HTML page and as a Guardian-style `<pre>` text.
The FOIA release of 07MEXICO6043 has no leaked twin in the corpus, so the
withheld cases compare it with versions of itself made here (named as such).
"""

from __future__ import annotations

import dataclasses

import pytest

from cablesearch import NotFoundError, UsageError
from cablesearch.output import diff_text_lines
from cablesearch.versions import Version, diff_cables, pick_version, word_edits


def copies(sample_records, cable_id: str, *folders: str):
    by_folder = {c.source.path.split("/")[0]: c for c in sample_records if c.id == cable_id}
    return [by_folder[f] for f in folders]


def test_later_redaction_is_found_with_its_words(sample_records) -> None:
    old, new = copies(sample_records, "10TRIPOLI95", "cablegate-html-2010", "cablegate-html-2011")
    d = diff_cables(old, new)
    assert d.id == "10TRIPOLI95" and not d.fields
    changed = [p for p in d.paragraphs if p.status != "same"]
    assert [p.number for p in changed] == ["3"]
    (p3,) = changed
    assert p3.status == "changed" and p3.marking == ("S/NF", "S/NF") and not p3.marking_changed
    (edit,) = p3.edits
    assert (edit.op, edit.old, edit.new, edit.redacted_in) == ("replace", "Our contact", "XXXXXXXXXXXX", "to")
    assert edit.before.endswith("over Christmas.") and edit.after.startswith("told us")
    assert d.summary == {"same": 5, "changed": 1, "withheld": 0, "only_in_from": 0, "only_in_to": 0,
                         "redacted": 1, "marking_changed": 0}
    back = diff_cables(new, old)  # the other way round, the redaction is in `from`
    assert [e.redacted_in for p in back.paragraphs for e in p.edits] == ["from"]


def test_names_restored_and_new_redactions_in_one_pair(sample_records) -> None:
    old, new = copies(sample_records, "09STATE68250", "cablegate-html-2010", "cablegate-html-2011")
    d = diff_cables(old, new)
    # 8 paragraphs in the 2010 copy, 6 in 2011: the talking points split off ¶4 travel with it
    assert len(old.paragraphs) == 8 and len(new.paragraphs) == 6
    assert [p.number for p in d.paragraphs] == ["1", "2", "3", "4", "5", "6"]
    by = {p.number: p for p in d.paragraphs}
    assert by["1"].status == by["3"].status == "same"
    restored = [e.new for n in ("2", "4") for e in by[n].edits if e.redacted_in == "from"]
    assert "Voetsch Industrietechnik sold a VC3 7018" in restored and "QC Chen" in restored
    assert "Wha Cheong Tai" in restored and "China North Wanxing International" in restored
    assert [e.old for e in by["6"].edits] == ["www.state.sgov.gov/demarche."]
    assert by["6"].redacted_in == ("to",) and by["2"].redacted_in == ("from",)
    assert d.summary["redacted"] == 4 and d.summary["only_in_from"] == d.summary["only_in_to"] == 0
    # the signer is written CLINTON in one copy and Clinton in the other: shown, not hidden
    assert [(f.field, f.old, f.new) for f in d.fields] == [("signed_by", ["Clinton"], ["CLINTON"])]


def test_same_cable_in_two_formats_is_identical(sample_records) -> None:
    html, pre = copies(sample_records, "01PRETORIA1173", "cablegate-html-2011", "cablegate-pre")
    d = diff_cables(html, pre)
    assert d.identical and d.summary["same"] == len(html.paragraphs) == 9
    assert d.to_dict()["identical"] is True
    # a field one format does not record is no difference (the <pre> copy has no origin line)
    assert all(f.old and f.new for f in d.fields)


@pytest.fixture()
def foia(sample_records):
    return next(c for c in sample_records if c.id == "07MEXICO6043")


def test_withheld_in_one_copy(foia) -> None:
    # A version of the FOIA release with ¶14's withholding lifted, its text unchanged.
    paras = list(foia.paragraphs)
    i = next(k for k, p in enumerate(paras) if p.number == "14")
    paras[i] = dataclasses.replace(paras[i], withheld=())
    lifted = dataclasses.replace(foia, paragraphs=tuple(paras))
    d = diff_cables(foia, lifted)
    (p14,) = [p for p in d.paragraphs if p.status != "same"]
    assert p14.number == "14" and p14.status == "withheld" and p14.withheld_in == "from"
    assert p14.withheld == (("B1", "B7(A)"), ()) and not p14.edits
    assert d.to_dict()["paragraphs"][i]["withheld"] == {"from": ["B1", "B7(A)"], "to": []}
    lines = list(diff_text_lines(dict(d.to_dict(), **{"from": {"n": 1, "source": {"path": "release"}},
                                                      "to": {"n": 2, "source": {"path": "lifted"}}})))
    assert "¶14 withheld: withheld in from (B1, B7(A) -> -)" in lines
    assert lines[-1].startswith(f"{len(d.paragraphs) - 1} same, 0 changed, 1 withheld")


def test_paragraph_missing_from_one_copy_and_marking_changed(foia) -> None:
    # ¶3 is absent from the release itself (withheld whole); here ¶5 is dropped and ¶6 re-marked.
    paras = [p for p in foia.paragraphs if p.number != "5"]
    paras = [dataclasses.replace(p, marking="C") if p.number == "6" else p for p in paras]
    other = dataclasses.replace(foia, paragraphs=tuple(paras))
    d = diff_cables(foia, other)
    status = {p.number: p.status for p in d.paragraphs if p.status != "same"}
    assert status == {"5": "only_in_from", "6": "changed"}
    p6 = next(p for p in d.paragraphs if p.number == "6")
    assert p6.marking == ("SBU", "C") and p6.marking_changed and not p6.edits
    p5 = next(p for p in d.paragraphs if p.number == "5")
    assert p5.to_index is None and p5.from_text.startswith("Garcia Luna began")


def test_word_edits_ignore_case_and_punctuation() -> None:
    assert word_edits("THE MINISTER SAID, “NO.”", "The minister said, \"no.\"") == ()
    (e,) = word_edits("met with Calderón today", "met with XXXXXXXXXXXX today")
    assert (e.old, e.new, e.redacted_in, e.before, e.after) == ("Calderón", "XXXXXXXXXXXX", "to", "met with", "today")
    (e,) = word_edits("a b c", "a b c d")
    assert (e.op, e.old, e.new) == ("insert", "", "d")


def test_unnumbered_copies_pair_by_text(sample_records) -> None:
    old, new = copies(sample_records, "10TRIPOLI95", "cablegate-html-2010", "cablegate-html-2011")
    strip = lambda c: dataclasses.replace(c, paragraphs=tuple(dataclasses.replace(p, number=None)  # noqa: E731
                                                                for p in c.paragraphs))
    d = diff_cables(strip(old), strip(new))
    assert [p.status for p in d.paragraphs] == ["same", "same", "changed", "same", "same", "same"]


# -- through the index ---------------------------------------------------------------------------------
def test_index_lists_copies_with_source_and_read_time(sample_index) -> None:
    vs = sample_index.copies("73TEHRAN2077")
    assert [v.n for v in vs] == [1, 2, 3]
    paths = sorted(v.source["path"] for v in vs)
    assert paths == ["cablegate-html-2011-09/73TEHRAN2077.html", "cablegate-html-2011/73TEHRAN2077.html",
                     "cables-csv/cables_first37rows.csv"]
    for v in vs:
        d = v.to_dict()
        assert d["id"] == "73TEHRAN2077" and d["format"] in ("cablegate-html", "cablegate-csv")
        assert d["read_at"] and d["read_at"].endswith("Z") and d["sha1"] and d["size"] > 0
    assert isinstance(vs[0], Version)
    with pytest.raises(NotFoundError):
        sample_index.copies("99NOWHERE1")


def test_index_diff_picks_copies(sample_index) -> None:
    d = sample_index.diff("10TRIPOLI95")
    assert d.source_from["source"]["path"] == "cablegate-html-2010/10TRIPOLI95.html"
    assert d.source_to["source"]["path"] == "cablegate-html-2011/10TRIPOLI95.html"
    rev = sample_index.diff("10TRIPOLI95", from_="2", to="cablegate-html-2010")
    assert rev.source_from["n"] == 2 and rev.summary == d.summary
    with pytest.raises(UsageError, match="matches 2 copies"):
        sample_index.diff("10TRIPOLI95", from_="10TRIPOLI95")
    with pytest.raises(UsageError, match="matches no copy"):
        sample_index.diff("10TRIPOLI95", to="foia")
    with pytest.raises(NotFoundError, match="only one copy"):
        sample_index.diff("07MEXICO6043")


def test_pick_version_by_number_path_and_part(sample_index) -> None:
    vs = sample_index.copies("09STATE68250")
    assert pick_version(vs, "1") is vs[0] and pick_version(vs, "2") is vs[1]
    assert pick_version(vs, vs[1].source["path"]) is vs[1]
    assert pick_version(vs, "html-2010") is vs[0]
    with pytest.raises(UsageError):
        pick_version(vs, "3")  # no third copy, and "3" is in no path
