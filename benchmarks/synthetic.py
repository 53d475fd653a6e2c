"""Write a SYNTHETIC corpus of any size, for index and search benchmarks.

These are NOT real cables. Each file is a plain-text telegram in the 2000s
layout (DTG, FM/TO, banner, E.O., TAGS, SUBJECT, numbered marked paragraphs)
whose fields and paragraphs are recombined from the real cables in
`sample_data/`, with made-up serials and dates so every id is distinct. The
point is a realistic workload — real vocabulary, real field shapes, cable
sizes like the real ones — at Cablegate scale (251,287 cables), which no
public-domain folder of ours reaches.

    python benchmarks/synthetic.py OUT_DIR --count 251287 [--from /tmp/corpus] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
PRECEDENCE = ["R", "R", "R", "P", "P", "O", "Z"]
BANNERS = {"UNCLASSIFIED": "UNCLAS", "CONFIDENTIAL": "C O N F I D E N T I A L", "SECRET": "S E C R E T",
           "LIMITED OFFICIAL USE": "LIMITED OFFICIAL USE", "TOP SECRET": "T O P S E C R E T"}
POSTS = [("MEXICO", "MEXICO"), ("BRASILIA", "BRASILIA"), ("ROME", "ROME"), ("MADRID", "MADRID"),
         ("CAIRO", "CAIRO"), ("TRIPOLI", "TRIPOLI"), ("BERN", "BERN"), ("PARIS", "PARIS"), ("LONDON", "LONDON"),
         ("ANKARA", "ANKARA"), ("NAIROBI", "NAIROBI"), ("BOGOTA", "BOGOTA"), ("SAN JOSE", "SANJOSE"),
         ("STOCKHOLM", "STOCKHOLM"), ("REYKJAVIK", "REYKJAVIK"), ("ABU DHABI", "ABUDHABI"), ("HARARE", "HARARE")]


def _templates(source: Path | None = None, limit: int = 3000, seed: int = 1) -> list:
    """Real cables to recombine: `sample_data/`, or up to `limit` files drawn (seeded) from `source`."""
    sys.path.insert(0, str(ROOT))
    from cablesearch import parse_path
    from cablesearch.read import iter_files

    if source is None:
        cables = parse_path(ROOT / "sample_data").cables
    else:
        files = sorted(str(f) for f in iter_files(source, str(source)) if isinstance(f, (str, Path)))
        random.Random(seed).shuffle(files)
        cables = []
        for f in files[:limit]:
            cables += parse_path(f).cables
    cables = [c for c in cables if c.paragraphs]
    if not cables:
        raise SystemExit(f"{source or 'sample_data/'} gave no cables to recombine")
    return cables


def synthetic_text(n: int, rng: random.Random, templates: list) -> str:
    """The n-th synthetic telegram."""
    a, b = rng.choice(templates), rng.choice(templates)
    post, _station = rng.choice(POSTS)
    year = rng.randint(1966, 2010)
    day, hour, minute = rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59)
    classification = a.classification or "UNCLASSIFIED"
    paragraphs = list(a.paragraphs[:8]) + list(b.paragraphs[: rng.randint(0, 6)])
    lines = [f"{rng.choice(PRECEDENCE)} {day:02d}{hour:02d}{minute:02d}Z {rng.choice(MONTHS)} {year % 100:02d}",
             f"FM AMEMBASSY {post}", "TO SECSTATE WASHDC", "", f"{BANNERS.get(classification, 'UNCLAS')} "
             f"{post} {n:06d}", "", f"E.O. 12958: DECL: {rng.randint(1, 12):02d}/{day:02d}/{year + 10}",
             "TAGS: " + " ".join(a.tags or ("PREL",)), f"SUBJECT: {a.subject or b.subject or 'SYNTHETIC'}", ""]
    for i, p in enumerate(paragraphs, 1):
        mark = f"({p.marking}) " if p.marking else ""
        lines += [f"{i}. {mark}{p.text}", ""]
    lines.append((a.signed_by or ("SYNTHETIC",))[0])
    return "\n".join(lines) + "\n"


def write_corpus(out: Path, count: int, seed: int = 1, source: Path | None = None) -> int:
    """Write `count` synthetic cables under `out` (1,000 files a folder); returns bytes written.

    The same `count`, `seed` and `source` always give the same files.
    """
    rng = random.Random(seed)
    templates = _templates(source, seed=seed)
    total = 0
    for n in range(1, count + 1):
        folder = out / f"synthetic-{(n - 1) // 1000:04d}"
        if n % 1000 == 1:
            folder.mkdir(parents=True, exist_ok=True)
        data = synthetic_text(n, rng, templates).encode("utf-8")
        (folder / f"SYNTHETIC{n:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--from", dest="source", type=Path, default=None,
                    help="recombine real cables drawn from this folder (archives unpacked) instead of sample_data/")
    args = ap.parse_args(argv)
    size = write_corpus(args.out, args.count, args.seed, args.source)
    print(f"wrote {args.count:,} SYNTHETIC cables ({size / 1e6:.0f} MB) under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
