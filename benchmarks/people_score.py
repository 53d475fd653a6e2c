"""Precision and recall of the people extractor on the hand-annotated cables.

    python benchmarks/people_score.py [--verbose]

Reads `tests/data/people_gold.json` (39 real cables of `sample_data/`),
parses each cable from its sample file and compares `cable.people` with the
annotation (scoring rules: `tests/people_gold.py`). `--corpus-dev CORPUS_DIR`
scores the 117 corpus cables of `tests/data/people_corpus_dev.json` (a second
dev set, annotated blind, free to tune on); `--heldout CORPUS_DIR` the 60
held-out corpus cables of `tests/data/people_heldout.json` (never tuned on).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from cablesearch import parse_path  # noqa: E402
from people_gold import Score, gold_file, load_gold, score_cable  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", "-v", action="store_true", help="list each cable's misses and wrong names")
    ap.add_argument("--heldout", type=Path, metavar="CORPUS_DIR",
                    help="score tests/data/people_heldout.json instead: 60 cables of the corpus (archives unpacked "
                         "in place), annotated blind and never tuned on")
    ap.add_argument("--corpus-dev", type=Path, metavar="CORPUS_DIR",
                    help="score tests/data/people_corpus_dev.json instead: 117 other corpus cables, annotated blind, "
                         "free to tune on")
    args = ap.parse_args()
    total = Score()
    entries = load_gold()
    corpus, gold_name = ((args.heldout, "people_heldout.json") if args.heldout
                         else (args.corpus_dev, "people_corpus_dev.json"))
    if corpus:
        held = json.loads((ROOT / "tests" / "data" / gold_name).read_text(encoding="utf-8"))["cables"]
        entries = [{"source": str(corpus / e["corpus_path"]), "people": e["people"]} for e in held]
    for entry in entries:
        path, csv_id = gold_file(entry) if not corpus else (Path(entry["source"]), None)
        cables = [c for c in parse_path(path).cables if csv_id is None or c.id == csv_id]
        found = list(cables[0].people) if cables else []
        s, wrong, missed = score_cable(found, entry["people"])
        total.found += s.found
        total.gold += s.gold
        total.true_pos += s.true_pos
        if args.verbose and (wrong or missed):
            print(f"{entry['source']}{'#' + csv_id if csv_id else ''}: P {s.precision:.2f} R {s.recall:.2f}")
            for w in wrong:
                print(f"   wrong:  {w}")
            for m in missed:
                print(f"   missed: {m}")
    print(f"{len(entries)} cables, {total.gold} annotated people, {total.found} found, "
          f"{total.true_pos} right: precision {total.precision:.3f}, recall {total.recall:.3f}")


if __name__ == "__main__":
    main()
