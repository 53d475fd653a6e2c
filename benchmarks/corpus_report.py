"""Parse a whole folder of cables and report coverage, agreement and speed.

    python benchmarks/corpus_report.py ../shared/corpus [--metadata FILE] [--disagreements OUT.jsonl]

Archives (`*.tar.xz`, `*.tar.gz`, `*.zip`) under PATH are unpacked to a temporary
folder first (never into the repository). Every cable is parsed from its TEXT
alone — container metadata (the WikiLeaks table, cables.csv columns) is ignored
— and compared with WikiLeaks' own metadata (`wikileaks_metadata.jsonl`, matched
by file path) on id, date, classification (+ NOFORN), station and TAGS.
Not part of the test suite: it takes minutes on the full corpus.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tarfile
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cablesearch.errors import ParseError  # noqa: E402
from cablesearch.model import Skip  # noqa: E402
from cablesearch.parse import parse_cable  # noqa: E402
from cablesearch.parse.ids import repair_id  # noqa: E402
from cablesearch.read import read_path  # noqa: E402

ARCHIVE_SUFFIXES = (".tar.xz", ".tar.gz", ".tgz", ".zip")


def unpack_archives(root: Path, into: Path) -> list[tuple[Path, str]]:
    """(folder to read, metadata key prefix) pairs: the root itself, then each archive unpacked."""
    roots: list[tuple[Path, str]] = [(root, "")]
    for archive in sorted(p for p in root.rglob("*") if p.name.endswith(ARCHIVE_SUFFIXES)):
        dest = into / archive.name
        dest.mkdir(parents=True)
        if archive.name.endswith(".zip"):
            with zipfile.ZipFile(archive) as z:
                z.extractall(dest)
        else:
            with tarfile.open(archive) as t:
                t.extractall(dest, filter="data")
        roots.append((dest, archive.name + "::"))
    return roots


def load_metadata(path: Path | None) -> dict[str, dict]:
    if not path or not path.exists():
        return {}
    out = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            out[d["file"]] = d
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--metadata", type=Path, help="wikileaks_metadata.jsonl (default: PATH/wikileaks_metadata.jsonl)")
    ap.add_argument("--disagreements", type=Path, help="write every disagreement as JSON lines here")
    args = ap.parse_args(argv)
    meta = load_metadata(args.metadata or args.path / "wikileaks_metadata.jsonl")
    dis_out = args.disagreements.open("w", encoding="utf-8") if args.disagreements else None

    cov = Counter()
    agree = Counter()
    compared = Counter()
    skip_reasons: Counter[str] = Counter()
    formats: Counter[str] = Counter()
    crashes = 0
    n = 0
    parse_seconds = 0.0
    tmp = Path(tempfile.mkdtemp(prefix="cablesearch-corpus-"))
    try:
        t0 = time.perf_counter()
        roots = unpack_archives(args.path, tmp)
        unpack_s = time.perf_counter() - t0
        t_all = time.perf_counter()
        for root, prefix in roots:
            for item in read_path(root, root):
                if isinstance(item, Skip):
                    if prefix == "" and item.path.endswith(ARCHIVE_SUFFIXES):
                        continue  # unpacked above
                    skip_reasons[item.reason.split(":")[0]] += 1
                    continue
                t = time.perf_counter()
                try:
                    cable = parse_cable(item.text, source=item.source)
                except ParseError as exc:
                    skip_reasons["parse error: " + str(exc).split(":")[0]] += 1
                    continue
                except Exception as exc:  # the report exists to find these
                    crashes += 1
                    print(f"CRASH {item.source.path}: {type(exc).__name__}: {exc}", file=sys.stderr)
                    continue
                finally:
                    parse_seconds += time.perf_counter() - t
                n += 1
                formats[item.source.format or "?"] += 1
                cov["id"] += bool(cable.id)
                cov["date"] += bool(cable.date)
                cov["classification"] += bool(cable.classification)
                cov["subject"] += bool(cable.subject)
                cov["tags"] += bool(cable.tags)
                cov["paragraphs"] += bool(cable.paragraphs)
                m = meta.get(prefix + (item.source.path or ""))
                if not m:
                    continue
                _compare(cable, m, agree, compared, dis_out)
        wall = time.perf_counter() - t_all
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if dis_out:
            dis_out.close()

    print(f"cables parsed: {n}   crashes: {crashes}   archives unpacked in {unpack_s:.1f}s")
    print("formats: " + ", ".join(f"{k} {v}" for k, v in formats.most_common()))
    print(f"skipped: {sum(skip_reasons.values())}  " + "; ".join(f"{k} ×{v}" for k, v in skip_reasons.most_common()))
    print(f"speed: {n / parse_seconds:,.0f} cables/s parsing alone; {n / wall:,.0f} cables/s read+parse "
          f"({wall:.1f}s wall, 1 process)")
    print("coverage (share of parsed cables with the field):")
    for k in ("id", "date", "classification", "subject", "tags", "paragraphs"):
        print(f"  {k:15s} {cov[k] / max(n, 1):7.2%}  ({cov[k]}/{n})")
    print("agreement with wikileaks_metadata.jsonl (text only):")
    for k in ("id", "date", "classification", "noforn", "station", "tags"):
        print(f"  {k:15s} {agree[k] / max(compared[k], 1):7.2%}  ({agree[k]}/{compared[k]})")
    return 1 if crashes else 0


def _compare(cable, m: dict, agree: Counter, compared: Counter, out) -> None:
    want_id = repair_id(m["reference_id"]) or m["reference_id"]
    meta_class, *meta_cav = [p.strip() for p in m["classification"].split("//")]
    checks = {
        "id": (cable.id, want_id),
        "date": ((cable.date or "")[:16].replace("T", " "), m["created"]),
        "classification": (cable.classification, meta_class),
        "noforn": ("NOFORN" in cable.caveats, "NOFORN" in meta_cav),
        "station": (cable.station, _station(want_id)),
    }
    if m.get("tag_links"):
        checks["tags"] = (list(cable.tags), [t.upper() for t in m["tag_links"]])
    for key, (got, want) in checks.items():
        compared[key] += 1
        if got == want:
            agree[key] += 1
        elif out:
            out.write(json.dumps({"field": key, "file": m["file"], "id": want_id, "got": got, "want": want}) + "\n")


def _station(cable_id: str) -> str | None:
    import re

    mt = re.fullmatch(r"\d{2}([A-Z][A-Z0-9]*?)\d+", cable_id)
    return mt.group(1) if mt else None


if __name__ == "__main__":
    sys.exit(main())
