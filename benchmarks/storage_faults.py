"""Storage-fault trial: damage an index's files one way at a time and see what each command does.

    python benchmarks/storage_faults.py                        # this checkout, sample_data
    python benchmarks/storage_faults.py --checkout ../other    # another checkout's code (e.g. the base of a branch)
    python benchmarks/storage_faults.py --only pst --jobs 4    # faults whose name contains `pst`

An index of sample_data is built once; for each fault a copy of it is damaged (a file
truncated, zeroed, its bytes flipped, deleted, garbage appended; the meta file and the
manifest cache likewise) and every command is run on the copy as a user would, in a
subprocess: searches of several kinds, facets, paragraphs, `stats`, `show`, `tags`, a plain
`index` update, `index --check`, and `index --rebuild` followed by a search.

Each cell of the table is one outcome:

  ok        exit 0 and the same output as on the undamaged index
  WRONG     exit 0 but a different answer (a damaged index answered as if whole)
  ERR       exit 1 and one line `cablesearch: error: ...` that says what to run (--check or --rebuild)
  err       exit 1 and one line, but no hint of what to run
  TB        a traceback, several lines, or another exit code
  HANG      still running after --timeout seconds
  n/a       the command does not exist in this checkout (`index --check` before it was added)

and, for the commands that write or check:

  index     ok: an update that rightly found nothing wrong (a harmless fault); REFUSED: one line
            pointing at --rebuild (what a damaged index must give); MISSED: exit 0 on a damaged
            index; ZERO: exit 0 after silently starting a new index (cables re-added)
  check     clean: exit 0 (right for a harmless fault); NAMED: exit 1 naming the damaged file;
            vague: exit 1 without naming it
  rebuild   FIXED: `--rebuild` exit 0 and the search answers as before the damage

The last lines count the outcomes, and how many faults gave a traceback in any command.
Outcomes depend only on the code, not on the machine (no timings); a run takes 10-30
minutes on 2 cores (every fault also rebuilds its copy).

The checkout's code is imported once by this process (first on sys.path) and every command
runs in a child forked from it, so no run pays for the imports. On the branch that added
`index --check` (base 65b443a -> after): tracebacks in 16 of 101 faults -> 0; a wrong answer
in 16 -> 3 (a zeroed stretch of a column, which keeps its size and reads back: searches
compare sizes only, `index --check` and `index` every byte); `index` went on over 86
damaged indexes and started one from zero -> refused all 97.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "sample_data"

#: name -> the command's arguments after `cablesearch` (the index folder is appended).
READ_COMMANDS: dict[str, list[str]] = {
    "word": ["search", "police", "--json"],
    "phrase": ["search", '"human rights"', "--json"],
    "wildcard": ["search", "gov*", "--json"],
    "field": ["search", "tags:PGOV", "--json"],
    "facets": ["search", "election", "--facet", "tags", "--facet", "year", "--facet", "classification",
               "--facet", "people", "--json"],
    "paras": ["search", "election", "--paragraphs", "--json"],
    "by-date": ["search", "*", "--sort", "date", "--limit", "30", "--json"],
    "stats": ["stats", "--json"],
    "show": ["show", "78TEHRAN389", "--json"],
    "tags": ["tags", "--json"],
}
WRITE_COMMANDS = ("index", "check", "rebuild")
ERROR_LINE = re.compile(r"^cablesearch: error: .+$")
HINT = re.compile(r"--check|--rebuild")


# -- faults -----------------------------------------------------------------------------------

def _truncate_to(frac: float) -> Callable[[Path], None]:
    def apply(p: Path) -> None:
        size = p.stat().st_size
        os.truncate(p, int(size * frac))
    return apply


def _drop_tail(n: int) -> Callable[[Path], None]:
    def apply(p: Path) -> None:
        os.truncate(p, max(0, p.stat().st_size - n))
    return apply


def _zero_middle(p: Path) -> None:
    data = bytearray(p.read_bytes())
    n = max(1, min(4096, len(data) // 4))
    start = (len(data) - n) // 2
    data[start:start + n] = bytes(n)
    p.write_bytes(bytes(data))


def _flip(p: Path) -> None:
    """Eight bytes inverted, spread over the file (not the first or last 1/16)."""
    data = bytearray(p.read_bytes())
    for k in range(8):
        i = len(data) // 16 + (len(data) * 7 // 8) * k // 8
        if i < len(data):
            data[i] ^= 0xFF
    p.write_bytes(bytes(data))


def _append(p: Path) -> None:
    with open(p, "ab") as f:
        f.write(b"\x00garbage\xff" * 8)


def _garbage(p: Path) -> None:
    p.write_bytes(b"\x80\x02garbage{not json" * 4)


def _delete(p: Path) -> None:
    p.unlink()


def _other_version(p: Path) -> None:
    meta = json.loads(p.read_text(encoding="utf-8"))
    meta["schema_version"] = -1
    p.write_text(json.dumps(meta), encoding="utf-8")


DAMAGES: dict[str, Callable[[Path], None]] = {
    "truncated to half": _truncate_to(0.5), "emptied": _truncate_to(0), "last 16 bytes cut": _drop_tail(16),
    "middle zeroed": _zero_middle, "8 bytes flipped": _flip, "deleted": _delete, "garbage appended": _append,
}


@dataclass(frozen=True)
class Fault:
    name: str
    target: str  # a glob in the index folder
    damage: Callable[[Path], None]
    harmful: bool = True  # False: the index is still whole (a cache damaged, a lock file gone)


def faults(folder: Path) -> list[Fault]:
    """Every fault the trial tries, on the files of the index in `folder`."""
    out: list[Fault] = []
    main_files = {"toc": "_*.toc", "trm": "*.trm", "pst": "*.pst", "stored": "*._stored.col",
                  "fc_tags.col": "*.fc_tags.col", "year.col": "*.year.col", "_body_len.col": "*._body_len.col"}
    for short, pattern in main_files.items():
        for how, damage in DAMAGES.items():
            out.append(Fault(f"{short}: {how}", pattern, damage))
    done = {p for short, p in main_files.items()}
    for col in sorted(folder.glob("*.col")):
        pattern = "*." + col.name.split(".", 1)[1]
        if not any(col.match(p) for p in done):
            out.append(Fault(f"{pattern[2:]}: truncated to half", pattern, _truncate_to(0.5)))
    out += [
        Fault("cablesearch.json: deleted", "cablesearch.json", _delete),
        Fault("cablesearch.json: garbage", "cablesearch.json", _garbage),
        Fault("cablesearch.json: truncated to half", "cablesearch.json", _truncate_to(0.5)),
        Fault("cablesearch.json: other schema version", "cablesearch.json", _other_version),
        Fault("manifest.json: deleted", "manifest.json", _delete, harmful=False),
        Fault("manifest.json: garbage", "manifest.json", _garbage, harmful=False),
        Fault("manifest.json: truncated to half", "manifest.json", _truncate_to(0.5), harmful=False),
        Fault("WRITELOCK: deleted", "*_WRITELOCK", _delete, harmful=False),
        Fault("every engine file deleted", "*cables_*", _delete),
    ]
    return out


# -- running ------------------------------------------------------------------------------------

def run_cli(args: list[str], timeout: float) -> tuple[int | None, str, str]:
    """`cablesearch ARGS` as a user runs it, in a child forked from this process (which has
    imported the checkout's code once, so no run pays for the imports): (exit code, or None
    when it ran past `timeout` seconds and was killed; stdout; stderr). An exception that
    escapes the CLI is printed as Python prints it, exit 1."""
    sys.stdout.flush()
    sys.stderr.flush()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 1
            try:
                os.setpgid(0, 0)
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                from cablesearch.cli import main as cli_main

                cli_main(args)
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except BaseException:  # noqa: BLE001 - what an uncaught exception looks like to the user
                traceback.print_exc()
            finally:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(code)
        deadline = time.monotonic() + timeout
        status = None
        while status is None:
            done, st = os.waitpid(pid, os.WNOHANG)
            if done:
                status = os.waitstatus_to_exitcode(st)
            elif time.monotonic() > deadline:
                try:
                    os.killpg(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                os.waitpid(pid, 0)
                return None, "", ""
            else:
                time.sleep(0.01)
        out.seek(0)
        err.seek(0)
        return status, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")


def normalise(name: str, stdout: str, folder: Path) -> str:
    """A command's output made comparable between index copies (their paths and sizes differ)."""
    text = stdout.replace(str(folder), "INDEX")
    if name == "stats":
        try:
            data = json.loads(text)
            data.pop("size_bytes", None)
            return json.dumps(data, sort_keys=True)
        except ValueError:
            return text
    return text


def error_kind(rc: int | None, stderr: str) -> str:
    if rc is None:
        return "HANG"
    lines = stderr.strip().splitlines()
    if "Traceback (most recent call last)" in stderr or rc not in (0, 1, 2) or len(lines) != 1:
        return "TB"
    if not ERROR_LINE.match(lines[0]):
        return "TB"
    return "ERR" if HINT.search(lines[0]) else "err"


def read_outcome(name: str, rc: int | None, out: str, err: str, folder: Path, baseline: dict[str, str]) -> str:
    if rc == 0:
        return "ok" if normalise(name, out, folder) == baseline[name] else "WRONG"
    return error_kind(rc, err)


def damaged_copy(pristine: Path, work: Path, fault: Fault, tag: str) -> Path:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", fault.name).strip("-")
    folder = work / f"{slug}.{tag}" / "index"
    shutil.rmtree(folder.parent, ignore_errors=True)
    folder.parent.mkdir(parents=True)
    shutil.copytree(pristine, folder)
    for target in sorted(folder.glob(fault.target)):
        fault.damage(target)
    return folder


def try_fault(number: int) -> dict[str, str]:
    """The outcome of every command on a copy of the pristine index with fault `number` applied."""
    fault = _TRIAL["faults"][number]
    pristine, work, sample, baseline, timeout = _TRIAL["pristine"], _TRIAL["work"], _TRIAL["sample"], \
        _TRIAL["baseline"], _TRIAL["timeout"]
    row: dict[str, str] = {}
    folder = damaged_copy(pristine, work, fault, "read")
    for name, args in READ_COMMANDS.items():
        rc, out, err = run_cli(args + ["--index", str(folder)], timeout)
        row[name] = read_outcome(name, rc, out, err, folder, baseline)
    shutil.rmtree(folder.parent)

    folder = damaged_copy(pristine, work, fault, "index")
    rc, out, err = run_cli(["index", str(sample), "--index", str(folder), "--quiet"], timeout)
    if rc == 0:
        added = re.search(r": (\d+) added", out)
        if added and int(added.group(1)):
            row["index"] = "ZERO"
        else:
            row["index"] = "MISSED" if fault.harmful else "ok"
    else:
        kind = error_kind(rc, err)
        row["index"] = "REFUSED" if kind == "ERR" and "--rebuild" in err else kind
    shutil.rmtree(folder.parent)

    folder = damaged_copy(pristine, work, fault, "check")
    rc, out, err = run_cli(["index", "--check", "--index", str(folder)], timeout)
    if rc == 2 and "--check" in err:
        row["check"] = "n/a"
    elif rc == 0:
        row["check"] = "clean"
    elif rc == 1 and "Traceback" not in err:
        named = [p.name for p in pristine.iterdir() if p.match(fault.target)]
        row["check"] = "NAMED" if any(name in out + err for name in named) else "vague"
    else:
        row["check"] = error_kind(rc, err)
    shutil.rmtree(folder.parent)

    folder = damaged_copy(pristine, work, fault, "rebuild")
    rc, out, err = run_cli(["index", str(sample), "--rebuild", "--index", str(folder), "--quiet"], timeout)
    if rc == 0:
        rc2, out2, err2 = run_cli(READ_COMMANDS["word"] + ["--index", str(folder)], timeout)
        row["rebuild"] = "FIXED" if read_outcome("word", rc2, out2, err2, folder, baseline) == "ok" else "broken"
    else:
        row["rebuild"] = error_kind(rc, err)
    shutil.rmtree(folder.parent, ignore_errors=True)
    return row


#: What every trial process shares (set before they are forked).
_TRIAL: dict = {}


def run_all(count: int, jobs: int, work: Path) -> list[dict[str, str]]:
    """`try_fault` of every fault, in `jobs` forked processes (each takes every jobs-th fault
    and leaves its rows in a JSON file). Plain forks, not a multiprocessing pool: a pool's
    daemonic workers may not start the parsing processes an `index` run starts."""
    pids = []
    for k in range(jobs):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                rows = {n: try_fault(n) for n in range(k, count, jobs)}
                (work / f"rows.{k}.json").write_text(json.dumps(rows), encoding="utf-8")
                code = 0
            finally:
                os._exit(code)
        pids.append(pid)
    for pid in pids:
        os.waitpid(pid, 0)
    rows: dict[int, dict[str, str]] = {}
    for k in range(jobs):
        rows.update({int(n): r for n, r in json.loads((work / f"rows.{k}.json").read_text("utf-8")).items()})
    return [rows[n] for n in range(count)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--checkout", type=Path, default=ROOT, help="The checkout whose code runs (default: this one).")
    ap.add_argument("--sample", type=Path, default=SAMPLE, help="What to index (default: sample_data).")
    ap.add_argument("--only", default="", help="Only faults whose name contains this.")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--json", type=Path, help="Also write the table as JSON to this file.")
    args = ap.parse_args(argv)

    os.environ["CABLESEARCH_LOCK_TIMEOUT"] = "2"
    os.environ.pop("CABLESEARCH_TRACEBACK", None)
    sys.path.insert(0, str(args.checkout.resolve()))
    os.chdir(args.checkout.resolve())
    import cablesearch.cli  # noqa: F401 - imported once here, so no forked run pays for it

    sample = args.sample.resolve()
    with tempfile.TemporaryDirectory(prefix="storage-faults-") as tmp:
        work = Path(tmp)
        pristine = work / "pristine"
        rc, out, err = run_cli(["index", str(sample), "--index", str(pristine), "--quiet"], args.timeout)
        if rc != 0:
            print(f"could not build the index: {err.strip()}", file=sys.stderr)
            return 1
        baseline = {}
        for name, cmd in READ_COMMANDS.items():
            rc, out, err = run_cli(cmd + ["--index", str(pristine)], args.timeout)
            if rc != 0:
                print(f"{name} fails on the undamaged index: {err.strip()}", file=sys.stderr)
                return 1
            baseline[name] = normalise(name, out, pristine)
        chosen = [f for f in faults(pristine) if args.only in f.name]
        _TRIAL.update(pristine=pristine, work=work, sample=sample, baseline=baseline, timeout=args.timeout,
                      faults=chosen)
        rows = run_all(len(chosen), args.jobs, work)
    print(f"code: {args.checkout.resolve()}; indexed: {sample}")
    print_table(chosen, rows)
    if args.json:
        args.json.write_text(json.dumps({f.name: r for f, r in zip(chosen, rows)}, indent=1), encoding="utf-8")
    return 0


def print_table(chosen: list[Fault], rows: list[dict[str, str]]) -> None:
    columns = list(READ_COMMANDS) + list(WRITE_COMMANDS)
    width = max(len(f.name) for f in chosen) + 1
    print("fault".ljust(width) + " ".join(c[:8].ljust(8) for c in columns))
    for fault, row in zip(chosen, rows):
        mark = "" if fault.harmful else " (harmless)"
        print((fault.name + mark).ljust(width) + " ".join(row[c].ljust(8) for c in columns))
    print()
    reads = Counter(row[c] for row in rows for c in READ_COMMANDS)
    print(f"{len(chosen)} faults ({sum(f.harmful for f in chosen)} harmful) x {len(READ_COMMANDS)} read commands: "
          + ", ".join(f"{k} {v}" for k, v in reads.most_common()))
    for c in WRITE_COMMANDS:
        print(f"{c}: " + ", ".join(f"{k} {v}" for k, v in Counter(row[c] for row in rows).most_common()))
    tb = sum(1 for row in rows if any(v in ("TB", "HANG") for v in row.values()))
    wrong = sum(1 for row in rows if any(row[c] == "WRONG" for c in READ_COMMANDS))
    print(f"faults with a traceback (or hang) in some command: {tb} of {len(chosen)}; "
          f"with a wrong answer in some read command: {wrong}")


if __name__ == "__main__":
    sys.exit(main())
