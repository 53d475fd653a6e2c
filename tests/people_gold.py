"""Hand-annotated people in real sample cables, and the precision/recall scorer.

`tests/data/people_gold.json` lists, for 39 cables of `sample_data/` (every
format and era, ALL CAPS included), each person named in the cable: the
fullest name written there, the surname, and every surface form. It was
annotated by reading the texts, not from the extractor's output. See
`GUIDE` in that file for the rules (FOIA reviewers, drafters and places are
not people).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from cablesearch.parse.names import fold, person_key

GOLD_PATH = Path(__file__).parent / "data" / "people_gold.json"
SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"


def load_gold() -> list[dict]:
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))["cables"]


def _words(name: str) -> list[str]:
    return person_key(name).replace("-", " ").split()


def matches(found: str, gold: dict) -> bool:
    """Does an extracted name denote this annotated person?

    Equal keys, an annotated surface form, or the same surname ending
    (`Garcia Luna` for `Genaro Garcia Luna`).
    """
    key = person_key(found)
    names = [gold["name"], *gold.get("mentions", ())]
    if key in {person_key(n) for n in names}:
        return True
    fw, sw = _words(found), _words(gold.get("surname") or gold["name"])
    if not fw or not sw:
        return False
    if fw[-len(sw):] == sw or sw[-len(fw):] == fw:
        return True
    return any(_words(m)[-len(fw):] == fw for m in names if len(_words(m)) >= len(fw))


@dataclass
class Score:
    found: int = 0
    gold: int = 0
    true_pos: int = 0

    @property
    def precision(self) -> float:
        return self.true_pos / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.true_pos / self.gold if self.gold else 1.0


def score_cable(found: list[str], gold: list[dict]) -> tuple[Score, list[str], list[str]]:
    """One-to-one matching: a second name for an already-matched person is a false positive."""
    unmatched = list(range(len(gold)))
    wrong: list[str] = []
    for name in found:
        hit = next((i for i in unmatched if matches(name, gold[i])), None)
        if hit is None:
            wrong.append(name)
        else:
            unmatched.remove(hit)
    missed = [gold[i]["name"] for i in unmatched]
    return Score(len(found), len(gold), len(found) - len(wrong)), wrong, missed


def gold_file(entry: dict) -> tuple[Path, str | None]:
    """(sample file, cable id for a CSV row) of a gold entry."""
    return SAMPLE / entry["source"], entry.get("csv_id")


__all__ = ["load_gold", "matches", "score_cable", "Score", "gold_file", "fold"]
