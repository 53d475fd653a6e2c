"""Parse a whole folder of cables and report coverage, agreement and speed.

    python benchmarks/corpus_report.py ../shared/corpus [--use-file-names]
        [--metadata FILE] [--disagreements OUT.jsonl]

Archives (`*.tar.xz`, `*.tar.gz`, `*.zip`) under PATH are unpacked to a temporary
folder first (never into the repository). Every cable is parsed from its TEXT
alone: the parser gets no container metadata (no WikiLeaks table, no PlusD
synopsis, no cables.csv columns, no tag links). With `--use-file-names` it also
gets the file's stem as the `name_id` hint (`04MADRID4887.txt`), which the
parser uses only to fill an id the text lacks; CSV rows never get one.

What the numbers mean
---------------------
Results are split by *collection*: the archive's name without `.tar.xz`, or the
top folder under PATH (cablegate-html-2010, cablegate-html-2011,
cablegate-html-2011-09, cablegate-pre, plusd-html, plusd-pdf, plaintext-latin1,
cables-csv, foia-ocr).

* crashes: exceptions other than ParseError (target 0). skipped: files the
  reader refused, or texts the parser refused with ParseError ("not a cable").
* coverage: share of parsed cables whose field is non-empty (id, date,
  classification, subject, tags, >=1 paragraph). Says nothing about correctness.
* agreement: the parsed field equals the reference value. The reference
  ("truth") for a cable is, in order:
    1. `wl`      -- its row in wikileaks_metadata.jsonl, joined on the file path
                    (key `ARCHIVE::path` inside an archive, else the path);
    2. `wl-name` -- the wikileaks_metadata.jsonl row whose reference_id equals
                    the file's stem (repaired), e.g. cablegate-pre/04MADRID4887.txt;
                    the page's copy may differ from this text (other scrape);
    3. `container` -- what the reader found in the container (cables.csv
                    columns, PlusD synopsis / PDF title, a cables.csv record
                    appended to a <pre> scrape). Used only as reference;
    4. `name`    -- else the file's stem, when it is a cable id
                    (plaintext-latin1/06NEWDELHI5135.txt): id and station only.
                    With --use-file-names this reference is given to the parser,
                    so it only shows that the hint is used, not the text.
  Fields:
    id              parsed id == repair_id(reference id)
    date            parsed date == created, to the HOUR ("YYYY-MM-DD HH").
                    WikiLeaks' `created` minutes are the 12-hour-clock hour
                    (13:59 is written 13:01) in 6,705 of 6,712 pages, so minutes
                    cannot be compared.
    classification  parsed classification == the part before `//`
                    (UNCLASSIFIED//FOR OFFICIAL USE ONLY -> UNCLASSIFIED)
    noforn          ("NOFORN" in parsed caveats) == ("//NOFORN" in reference)
    station         parsed station == the station part of the reference id
    tags            set(parsed tags) == set(the page's TAGS links), exact set
                    equality, only where the reference has tag links
  Every agreement is given twice:
    all   -- every cable with a reference (a page the parser refused or
             crashed on counts as a disagreement here);
    has   -- only where the TEXT carries the information, judged by simple
             regexes independent of the parser:
               id: the text has a date (DTG or dateline) and the reference
                   id's serial appears (zero-padded or not) in its first 3,000
                   characters;
               date: a DTG (`DDHHMMZ MON YY`) on a line of its own or
                   before FM in a flattened header (not one quoted in a REF
                   line), or a press dateline (`Friday, 23 February 2001, 15:53`,
                   `Cable dated:2005-05-23T14:26:00`);
               classification: a classification word / ZNY line in the first
                   3,000 characters;
               noforn: not (reference says NOFORN and the text has no
                   NOFORN, `/NF` or `//NF` mark anywhere);
               station: the station's letters appear in the first 3,000
                   characters with spaces and punctuation removed;
               tags: a TAGS line (or misspelt keyword) is in the text.
* speed: cables per second, parse only (sum of parse_cable calls) and
  read+parse (wall time of the walk, archives already unpacked), 1 process.

Not part of the test suite: it takes about a minute on the full corpus.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tarfile
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from pathlib import Path, PurePosixPath

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cablesearch.errors import ParseError  # noqa: E402
from cablesearch.model import Skip  # noqa: E402
from cablesearch.parse import parse_cable  # noqa: E402
from cablesearch.parse.ids import repair_id  # noqa: E402
from cablesearch.read import read_path  # noqa: E402

ARCHIVE_SUFFIXES = (".tar.xz", ".tar.gz", ".tgz", ".zip")
FIELDS = ("id", "date", "classification", "noforn", "station", "tags")
COVERAGE = ("id", "date", "classification", "subject", "tags", "paragraphs")

# --- "does the text carry it?" regexes (deliberately independent of the parser) ---
# A DTG on a line of its own (after an optional prosign), or a flattened header's
# "… /38 O 271459Z SEP 00 FM AMEMBASSY HARARE"; not the DTGs quoted in REF lines.
_DTG_CORE = (r"[0-3]\d[0-2]\d[0-5]\d[ \t]?Z[ \t]*(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*"
             r"[ \t]*(?:\d{4}|\d{2})\b")
_DTG = re.compile(rf"^[ \t]*(?:[ZOPR0]{{1,2}}[ \t]+){{0,2}}{_DTG_CORE}|(?<=\s)[ZOPR]{{1,2}}[ \t]+{_DTG_CORE}(?=[ \t]+FM[ \t])",
                  re.IGNORECASE | re.MULTILINE)
_DATELINE = re.compile(r"^[ \t]*(?:Cable dated:\s*\d{4}-\d\d-\d\dT|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,"
                       r"\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4},\s+\d\d:\d\d)", re.MULTILINE)
_CLASS_WORD = re.compile(r"\b(?:UNCLAS|UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\b|"
                         r"C O N F I D E N T I A L|S E C R E T|U N C L A S|^ZN[YR] [CSU]{5}", re.MULTILINE)
_NOFORN_MARK = re.compile(r"NOFORN|/ ?/?NF\b", re.IGNORECASE)
_TAGS_LINE = re.compile(r"^[ \t]*(?:TAGS?|TAS|TABS|TGS|TAGES|AGS)\b|TAGS[ \t]*:", re.MULTILINE | re.IGNORECASE)
_ID_PARTS = re.compile(r"\d{2}(?P<station>[A-Z][A-Z0-9]*?)(?P<serial>\d+)")


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


def load_metadata(path: Path | None) -> tuple[dict[str, dict], dict[str, dict]]:
    """wikileaks_metadata.jsonl rows by file key and by (repaired) reference id."""
    by_file: dict[str, dict] = {}
    by_id: dict[str, dict] = {}
    if not path or not path.exists():
        return by_file, by_id
    with path.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            by_file[d["file"]] = d
            by_id.setdefault(repair_id(d["reference_id"]) or d["reference_id"], d)
    return by_file, by_id


def collection_of(root: Path, prefix: str, rel: str) -> str:
    if prefix:
        name = prefix[:-2]
        for suffix in ARCHIVE_SUFFIXES:
            name = name.removesuffix(suffix)
        return name
    return rel.split("/", 1)[0] if "/" in rel else root.name


def stem_of(rel: str) -> str:
    return PurePosixPath(rel).name.split(".", 1)[0]


def reference_for(item, key: str, by_file: dict, by_id: dict) -> tuple[str, dict] | None:
    """(truth source, {id, created, classification, tags}) for one read cable, or None."""
    row = by_file.get(key)
    source = "wl"
    if row is None and item.source.format != "cablegate-csv":
        row = by_id.get(repair_id(stem_of(item.source.path or "")) or "")
        source = "wl-name"
    if row is not None:
        return source, {"id": row["reference_id"], "created": row["created"],
                        "classification": row["classification"], "tags": row.get("tag_links") or [],
                        "file": row["file"]}
    m = item.metadata
    published = m.get("id") or m.get("plusd_id")
    if published or m.get("created") or m.get("classification"):
        return "container", {"id": published, "created": m.get("created"),
                             "classification": m.get("classification"), "tags": m.get("tags") or [],
                             "file": key}
    named = repair_id(stem_of(item.source.path or "")) if item.source.format != "cablegate-csv" else None
    if named:
        return "name", {"id": named, "created": None, "classification": None, "tags": [], "file": key}
    return None


def expected(ref: dict) -> dict:
    """The reference values in the parser's vocabulary (None = not known)."""
    want_id = (repair_id(ref["id"]) or ref["id"]) if ref.get("id") else None
    cls = (ref.get("classification") or "").upper()
    parts = [p.strip() for p in cls.split("//") if p.strip()]
    parts_id = _ID_PARTS.fullmatch(want_id or "")
    out = {
        "id": want_id,
        "date": ref["created"][:13] if ref.get("created") else None,
        "classification": parts[0] if parts else None,
        "noforn": ("NOFORN" in parts[1:]) if parts else None,
        "station": parts_id["station"] if parts_id else None,
        "tags": sorted({t.upper() for t in ref.get("tags") or []}) or None,
    }
    return out


def got_values(cable) -> dict:
    return {
        "id": cable.id,
        "date": cable.date[:13].replace("T", " ") if cable.date else None,
        "classification": cable.classification,
        "noforn": "NOFORN" in cable.caveats,
        "station": cable.station,
        "tags": sorted(set(cable.tags)),
    }


def text_has(text: str, want: dict) -> dict:
    """Whether the text itself carries each reference value (see the module docstring)."""
    head = text[:3000]
    has_date = bool(_DTG.search(text) or _DATELINE.search(text))
    parts = _ID_PARTS.fullmatch(want["id"] or "")
    compact = re.sub(r"[^A-Z0-9]", "", head.upper())
    has_id = bool(has_date and parts and re.search(rf"(?<![\d/.:]){'0*' + parts['serial'].lstrip('0')}(?!\d)", head))
    return {
        "id": has_id,
        "date": has_date,
        "classification": bool(_CLASS_WORD.search(head)),
        "noforn": not (want["noforn"] and not _NOFORN_MARK.search(text)),
        "station": bool(want["station"] and want["station"] in compact),
        "tags": bool(_TAGS_LINE.search(text)),
    }


class Stats:
    """Counters for one collection."""

    def __init__(self) -> None:
        self.parsed = 0
        self.crashes = 0
        self.skips: Counter[str] = Counter()
        self.coverage: Counter[str] = Counter()
        self.truth: Counter[str] = Counter()
        self.n_all: Counter[str] = Counter()
        self.ok_all: Counter[str] = Counter()
        self.n_has: Counter[str] = Counter()
        self.ok_has: Counter[str] = Counter()
        self.parse_s = 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--metadata", type=Path, help="wikileaks_metadata.jsonl (default: PATH/wikileaks_metadata.jsonl)")
    ap.add_argument("--use-file-names", action="store_true",
                    help="give the parser the file's stem as the name_id hint (default: text alone)")
    ap.add_argument("--disagreements", type=Path, help="write every disagreement as JSON lines here")
    args = ap.parse_args(argv)
    by_file, by_id = load_metadata(args.metadata or args.path / "wikileaks_metadata.jsonl")
    dis_out = args.disagreements.open("w", encoding="utf-8") if args.disagreements else None

    stats: dict[str, Stats] = defaultdict(Stats)
    seen_wl_files: set[str] = set()
    skipped_keys: dict[str, str] = {}
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
                    if item.path.endswith((".jsonl", ".md")) and "/" not in item.path:
                        continue  # the corpus' own metadata and notes
                    st = stats[collection_of(root, prefix, item.path)]
                    st.skips["read: " + item.reason.split(":")[0]] += 1
                    skipped_keys[prefix + item.path] = "read: " + item.reason
                    continue
                rel = item.source.path or ""
                key = prefix + rel
                coll = collection_of(root, prefix, rel)
                st = stats[coll]
                meta = None
                if args.use_file_names and item.source.format != "cablegate-csv":
                    meta = {"name_id": item.metadata.get("name_id") or stem_of(rel)}
                ref = reference_for(item, key, by_file, by_id)
                if ref and ref[0] == "wl":
                    seen_wl_files.add(key)
                cable = None
                failure = None
                t = time.perf_counter()
                try:
                    cable = parse_cable(item.text, source=item.source, metadata=meta)
                except ParseError as exc:
                    failure = "parse error: " + str(exc).split(":")[0]
                    st.skips[failure] += 1
                except Exception as exc:  # the report exists to find these
                    failure = f"CRASH {type(exc).__name__}"
                    st.crashes += 1
                    print(f"CRASH {key}: {type(exc).__name__}: {exc}", file=sys.stderr)
                finally:
                    dt = time.perf_counter() - t
                    parse_seconds += dt
                    st.parse_s += dt
                if cable is not None:
                    n += 1
                    st.parsed += 1
                    st.coverage["id"] += bool(cable.id)
                    st.coverage["date"] += bool(cable.date)
                    st.coverage["classification"] += bool(cable.classification)
                    st.coverage["subject"] += bool(cable.subject)
                    st.coverage["tags"] += bool(cable.tags)
                    st.coverage["paragraphs"] += bool(cable.paragraphs)
                if ref:
                    _compare(coll, key, item.text, cable, failure, ref, st, dis_out)
        wall = time.perf_counter() - t_all
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    # Pages in the metadata that yielded no cable at all (reader refused them).
    for key, row in by_file.items():
        if key in seen_wl_files:
            continue
        prefix, _, rel = key.rpartition("::")
        coll = collection_of(args.path, prefix + "::" if prefix else "", rel)
        ref = ("wl", {"id": row["reference_id"], "created": row["created"],
                      "classification": row["classification"], "tags": row.get("tag_links") or [],
                      "file": key})
        _compare(coll, key, "", None, skipped_keys.get(key, "not read"), ref, stats[coll], dis_out)
    if dis_out:
        dis_out.close()

    _print_report(stats, n, parse_seconds, wall, unpack_s, args.use_file_names)
    return 1 if any(s.crashes for s in stats.values()) else 0


def _compare(coll: str, key: str, text: str, cable, failure: str | None, ref: tuple[str, dict],
             st: Stats, out) -> None:
    source, values = ref
    st.truth[source] += 1
    want = expected(values)
    got = got_values(cable) if cable is not None else dict.fromkeys(FIELDS)
    has = text_has(text, want)
    for field in FIELDS:
        if want[field] is None:
            continue
        ok = got[field] == want[field]
        st.n_all[field] += 1
        st.ok_all[field] += ok
        if has[field]:
            st.n_has[field] += 1
            st.ok_has[field] += ok
        if not ok and out:
            out.write(json.dumps({"collection": coll, "truth": source, "field": field, "file": key,
                                  "ref_file": values.get("file"), "id": want["id"], "got": got[field],
                                  "want": want[field], "text_has": has[field], "failure": failure,
                                  "got_id": got["id"]}) + "\n")


def _pct(ok: int, n: int) -> str:
    return f"{ok / n:7.2%} ({ok}/{n})" if n else "      –"


def _print_report(stats: dict[str, Stats], n: int, parse_seconds: float, wall: float, unpack_s: float,
                  use_names: bool) -> None:
    total = Stats()
    for st in stats.values():
        total.parsed += st.parsed
        total.crashes += st.crashes
        total.parse_s += st.parse_s
        for name in ("skips", "coverage", "truth", "n_all", "ok_all", "n_has", "ok_has"):
            getattr(total, name).update(getattr(st, name))
    rows = sorted(stats.items()) + [("ALL", total)]
    mode = "text + file-name hint (--use-file-names)" if use_names else "text alone"
    print(f"## corpus report: {mode}\n")
    print(f"cables parsed: {n}   crashes: {total.crashes}   skipped: {sum(total.skips.values())}   "
          f"archives unpacked in {unpack_s:.1f}s")
    print(f"speed: {n / max(parse_seconds, 1e-9):,.0f} cables/s parse only ({parse_seconds:.1f}s); "
          f"{n / max(wall, 1e-9):,.0f} cables/s read+parse ({wall:.1f}s wall, 1 process)\n")

    print("### parsed, skipped, reference used\n")
    print("| collection | parsed | crashes | skipped (why) | reference | parse cables/s |")
    print("|---|---:|---:|---|---|---:|")
    for name, st in rows:
        skips = "; ".join(f"{k} ×{v}" for k, v in st.skips.most_common()) or "0"
        truth = ", ".join(f"{k} {v}" for k, v in st.truth.most_common()) or "none"
        speed = f"{st.parsed / st.parse_s:,.0f}" if st.parse_s else "–"
        print(f"| {name} | {st.parsed} | {st.crashes} | {skips} | {truth} | {speed} |")

    print("\n### coverage (share of parsed cables with the field)\n")
    print("| collection | " + " | ".join(COVERAGE) + " |")
    print("|---|" + "---:|" * len(COVERAGE))
    for name, st in rows:
        cells = [f"{st.coverage[k] / st.parsed:.1%}" if st.parsed else "–" for k in COVERAGE]
        print(f"| {name} | " + " | ".join(cells) + " |")

    print("\n### agreement with the reference (all | where the text has it)\n")
    for field in FIELDS:
        print(f"**{field}**\n")
        print("| collection | all | where the text has it |")
        print("|---|---:|---:|")
        for name, st in rows:
            if st.n_all[field]:
                print(f"| {name} | {_pct(st.ok_all[field], st.n_all[field])} | "
                      f"{_pct(st.ok_has[field], st.n_has[field])} |")
        print()


if __name__ == "__main__":
    sys.exit(main())
