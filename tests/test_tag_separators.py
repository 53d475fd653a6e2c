"""TAGS written with semicolons are five tags, in the record as in the index (issue 23).

10ZAGREB97 is the one cable in the corpus whose TAGS line uses `;` between codes
(`TAGS PREL;PGOV;KCOR;HU;HR`, in all three of its copies). The record kept the
line as one tag while the index, which stores a cable's tags joined by `;`,
counted five.
"""

from __future__ import annotations

from pathlib import Path

from cablesearch import CableIndex, build_index
from cablesearch.model import RawCable
from cablesearch.parse import parse_raw
from cablesearch.read import read_file

# The first 12 lines of the real file cablegate-pre/10ZAGREB97.txt (corpus:
# cablegate-pre.tar.xz, from tathagata/reveal), byte for byte: the header fields and
# paragraph 1. The rest of the cable (paragraphs 2-8, signer FOLEY) is cut off here.
ZAGREB97_HEAD = (
    "<code><pre>Friday, 12 February 2010, 11:51\n"
    "C O N F I D E N T I A L SECTION 01 OF 02 ZAGREB 000097 \n"
    "SIPDIS \n"
    "STATE FOR EUR/SCE AND INL/AAE, VIENNA FOR FBI/CALDWELL \n"
    "EO 12958 DECL: 01/01/2020 \n"
    "TAGS PREL;PGOV;KCOR;HU;HR \n"
    "SUBJECT: PODRAVKA CORRUPTION CASE TIED TO XXXXXXXXXXXX AND \n"
    " XXXXXXXXXXXX DEAL\n"
    "REF: A. ZAGREB 0053  B. ZIMMER-CALDWELL E-MAILS\n"
    "Classified By: Political Officer Chris Zimmer for Reasons 1.4 (b) and ( d)\n"
    "\n"
    "<a id='par1' href='#par1'>¶</a>1. (C) SUMMARY: The investigation of former Deputy Prime Minister "
    "Damir Polancec and the Podravka food company (which is 26 percent state-owned) is uncovering a "
    "growing scandal and has now tied Podravka’s financing schemes to the XXXXXXXXXXXX. The majority "
    "of Podravka’s board are under arrest. Prosecutors are seeking information from XXXXXXXXXXXX, who "
    "provided XXXXXXXXXXXX to the Podravka management board. Prosecutors believeXXXXXXXXXXXX was then "
    "used in the board’s scheme to take over the company, which led to subsequent illegal actions to "
    "cover up their activities and financial losses. Media are beginning to speculate on the role of "
    "former Prime Minister Ivo Sanader in the affair. End Summary.\n"
)
FIVE = ("PREL", "PGOV", "KCOR", "HU", "HR")


def write_cable(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "10ZAGREB97.txt"
    path.write_text(ZAGREB97_HEAD, encoding="utf-8")
    return path


def test_semicolons_separate_tags(tmp_path: Path) -> None:
    items = list(read_file(write_cable(tmp_path)))
    assert len(items) == 1 and isinstance(items[0], RawCable)
    cable = parse_raw(items[0])
    assert cable.id == "10ZAGREB97"
    assert cable.tags == FIVE
    # The country codes now count: Hungary (HU) and Croatia (HR).
    assert cable.country == ("Hungary", "Croatia")
    assert cable.subject == "PODRAVKA CORRUPTION CASE TIED TO XXXXXXXXXXXX AND XXXXXXXXXXXX DEAL"


def test_the_record_and_the_index_count_the_same_tags(tmp_path: Path) -> None:
    write_cable(tmp_path / "cables")
    build_index([tmp_path / "cables"], tmp_path / "ix", workers=1)
    with CableIndex.open(tmp_path / "ix") as ix:
        stored = ix.get("10ZAGREB97").tags
        counted = {t.code: t.count for t in ix.tags()}
        hit = ix.search("tags:KCOR").hits
    assert stored == FIVE
    assert counted == dict.fromkeys(FIVE, 1)
    assert [h.tags for h in hit] == [FIVE]
