"""How many TAGS uses in a corpus have a meaning in `cablesearch/data/tags.tsv`.

    python benchmarks/tag_coverage.py ../shared/corpus [--cache USES.json] [--missing N]

A *use* is one code in one parsed cable's `tags` (a cable read twice, from two
collections, counts twice: that is what a reader of the corpus meets). The
figure reported is uses whose code has a dictionary meaning / all uses, then
the same over distinct ids (copies collapsed by id, as search totals are).
Person tags (`SURNAME, GIVEN`) and free text typed into the line (`HUMAN
RIGHTS`) are counted in the denominator and never have a meaning; they are
also shown apart so the codes-only figure can be read.

Parsing the whole corpus takes minutes: `--cache FILE` keeps the uses (one
`[id, [tags…]]` per parsed cable) so the dictionary can be re-scored at once
(delete the file after a parser change). `--missing N` lists the N most used
codes still without a meaning.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_report import unpack_archives  # noqa: E402

from cablesearch.errors import ParseError  # noqa: E402
from cablesearch.model import Skip  # noqa: E402
from cablesearch.parse import parse_cable  # noqa: E402
from cablesearch.parse.tag_dictionary import describe  # noqa: E402


def collect_uses(root: Path) -> list[tuple[str | None, list[str]]]:
    """(id, tags) of every cable parsed from `root` (archives unpacked to a temporary folder)."""
    out: list[tuple[str | None, list[str]]] = []
    tmp = Path(tempfile.mkdtemp(prefix="cablesearch-tags-"))
    try:
        for folder, _prefix in unpack_archives(root, tmp):
            from cablesearch.read import read_path
            for item in read_path(folder, folder):
                if isinstance(item, Skip):
                    continue
                try:
                    cable = parse_cable(item.text, source=item.source)
                except ParseError:
                    continue
                out.append((cable.id, list(cable.tags)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def score(uses: list[tuple[str | None, list[str]]]) -> dict:
    """Coverage figures for a list of (id, tags): per parsed cable and per distinct id."""
    per_use: Counter[str] = Counter()
    seen: dict[str, set[str]] = {}
    for cid, tags in uses:
        per_use.update(tags)
        if cid:
            seen.setdefault(cid, set()).update(tags)
    distinct: Counter[str] = Counter()
    for tags in seen.values():
        distinct.update(tags)

    def figures(counts: Counter[str]) -> dict:
        total = sum(counts.values())
        meant = sum(n for c, n in counts.items() if describe(c).meaning)
        persons = sum(n for c, n in counts.items() if describe(c).kind in ("person", "unknown"))
        return {"uses": total, "with_meaning": meant, "person_or_free_text": persons,
                "codes": len(counts), "codes_with_meaning": sum(1 for c in counts if describe(c).meaning)}

    return {"per_cable": figures(per_use), "per_distinct_id": figures(distinct), "counts": per_use}


def _line(name: str, f: dict) -> str:
    codes_only = f["uses"] - f["person_or_free_text"]
    return (f"| {name} | {f['with_meaning'] / f['uses']:.2%} ({f['with_meaning']}/{f['uses']}) | "
            f"{f['with_meaning'] / codes_only:.2%} ({f['with_meaning']}/{codes_only}) | "
            f"{f['codes_with_meaning']}/{f['codes']} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--cache", type=Path, help="JSON file keeping the parsed uses between runs")
    ap.add_argument("--missing", type=int, default=20, help="list this many most used codes without meaning")
    args = ap.parse_args(argv)
    if args.cache and args.cache.exists():
        uses = [(c, t) for c, t in json.loads(args.cache.read_text(encoding="utf-8"))]
    else:
        uses = collect_uses(args.path)
        if args.cache:
            args.cache.write_text(json.dumps(uses), encoding="utf-8")
    result = score(uses)
    print(f"## TAGS with a meaning: {len(uses)} parsed cables\n")
    print("| counted | uses with a meaning / all uses | without person and free-text tags | codes |")
    print("|---|---:|---:|---:|")
    print(_line("per parsed cable", result["per_cable"]))
    print(_line("per distinct id", result["per_distinct_id"]))
    missing = [(c, n) for c, n in result["counts"].most_common() if not describe(c).meaning]
    if args.missing and missing:
        print(f"\nmost used codes without a meaning ({len(missing)} codes, "
              f"{sum(n for _, n in missing)} uses):\n")
        print(", ".join(f"{c} {n}" for c, n in missing[:args.missing]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
