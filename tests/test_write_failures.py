"""A build whose writing fails -- a full disk, a killed writer or parsing process, the index
folder removed under it -- ends within seconds with one line, removes what it wrote, and
leaves the last commit searchable; a re-run after the cause is gone completes. A build
killed outright leaves no process of its own behind.

Each case runs the real CLI in a subprocess (forked writer processes print to the real
stderr) on copies of sample_data's real cables: at least `PARALLEL_WRITER_FILES` files
take the writer-process path, fewer the parsing-pool path. The full disk is a real tmpfs
(mounting one needs root; CI runs as root).
"""

from __future__ import annotations

import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from cablesearch import CableIndex, IndexUnfinishedError, build_index, check_index
from cablesearch.engine.whoosh.docwriter import PARALLEL_WRITER_FILES
from conftest import SAMPLE

#: Generous: a failing run must end in seconds, not hang; a loaded CI machine is slow.
RUN_LIMIT_S = 60


def _copies(tmp_path: Path, files: int) -> Path:
    """`files` files under one folder: copies of sample_data's smallest real cables, each in a
    folder of its own per round (small, so a run is quick)."""
    cables = sorted((p for p in SAMPLE.rglob("*") if p.is_file() and p.suffix in (".txt", ".html")),
                    key=lambda p: p.stat().st_size)[:20]
    root = tmp_path / "copies"
    for i in range(files):
        dest = root / f"copy{i // len(cables)}" / cables[i % len(cables)].name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cables[i % len(cables)], dest)
    return root


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "cablesearch", *args]


def _total(ixdir: Path) -> int:
    """Every copy of every cable indexed (copies of one cable are not collapsed)."""
    with CableIndex.open(ixdir) as ix:
        return ix.search("*", all_versions=True).total


def _files(ixdir: Path) -> set[str]:
    return {p.name for p in ixdir.iterdir()}


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def _assert_one_line(proc: subprocess.CompletedProcess, *words: str) -> None:
    lines = _error_lines(proc.stderr)
    assert proc.returncode == 1, proc.stderr
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert lines[0].startswith("cablesearch: error: could not update the index at"), lines
    assert "nothing of this run was committed" in lines[0]
    for word in words:
        assert word in lines[0], lines


@pytest.fixture()
def small_disk(tmp_path: Path):
    """A 40 MB tmpfs, unmounted after the test."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root; CI runs as root): {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk: Path, leave_bytes: int) -> Path:
    """A file taking all the free space of `disk` but `leave_bytes`."""
    st = os.statvfs(disk)
    filler = disk / "filler"
    with open(filler, "wb") as f:
        f.write(b"\0" * max(0, st.f_bavail * st.f_frsize - leave_bytes))
    return filler


@pytest.mark.parametrize("workers", [1, 2], ids=["one writer", "writer processes"])
def test_a_full_disk_ends_the_run_with_one_line_and_keeps_the_last_commit(tmp_path: Path, small_disk: Path,
                                                                           workers: int) -> None:
    ixdir = small_disk / "ix"
    copies = _copies(tmp_path, PARALLEL_WRITER_FILES + 20)
    build_index([copies / "copy0"], ixdir, workers=1)
    before, files = _total(ixdir), _files(ixdir)
    filler = _fill(small_disk, 256 << 10)  # less than the new cables' segments need

    run = _cli("index", str(copies), "--index", str(ixdir), "-q", "--workers", str(workers))
    proc = subprocess.run(run, capture_output=True, text=True, timeout=RUN_LIMIT_S)
    _assert_one_line(proc, "No space left on device")
    assert _files(ixdir) == files  # no partial segment, sort run or job file left filling the disk
    assert _total(ixdir) == before

    filler.unlink()  # the cause gone, the same run completes
    proc = subprocess.run(run, capture_output=True, text=True, timeout=RUN_LIMIT_S)
    assert proc.returncode == 0, proc.stderr
    assert _total(ixdir) == before * (PARALLEL_WRITER_FILES + 20) // 20


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid`, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _cmdline(pid: int) -> bytes:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes()
    except OSError:
        return b""


def _writer_processes(pid: int) -> list[int]:
    """The build's forked writer processes: its children running its own command line."""
    return [c for c in _children(pid) if _cmdline(c) == _cmdline(pid)]


def _parsing_processes(pid: int) -> list[int]:
    """The build's parsing processes: children of its forkserver."""
    return [g for c in _children(pid) if b"forkserver" in _cmdline(c) for g in _children(c)]


def _run_and_strike(args: list[str], find: Callable[[int], list[int]], strike: Callable[[list[int]], None]
                    ) -> subprocess.CompletedProcess:
    """Run the CLI; as soon as `find` sees its processes, `strike` them; wait for the end."""
    proc = subprocess.Popen(_cli(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + RUN_LIMIT_S
    struck = False
    while proc.poll() is None and time.monotonic() < deadline:
        found = find(proc.pid)
        if found:
            strike(found)
            struck = True
            break
        time.sleep(0.02)
    try:
        out, err = proc.communicate(timeout=RUN_LIMIT_S)
    finally:
        proc.kill()
    assert struck, f"the run ended before its processes were seen: {err}"
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def _kill_first(pids: list[int]) -> None:
    os.kill(pids[0], signal.SIGKILL)


def test_a_killed_writer_process_ends_the_run(tmp_path: Path) -> None:
    ixdir = tmp_path / "ix"
    copies = _copies(tmp_path, PARALLEL_WRITER_FILES + 20)
    build_index([copies / "copy0"], ixdir, workers=1)
    before, files = _total(ixdir), _files(ixdir)
    proc = _run_and_strike(["index", str(copies), "--index", str(ixdir), "-q", "--workers", "2"],
                           _writer_processes, _kill_first)
    _assert_one_line(proc, "a writer process was killed (SIGKILL)")
    assert _files(ixdir) == files
    assert _total(ixdir) == before


def test_a_killed_parsing_process_ends_the_run(tmp_path: Path) -> None:
    ixdir = tmp_path / "ix"
    build_index([SAMPLE / "foia-ocr"], ixdir, workers=1)
    before, files = _total(ixdir), _files(ixdir)
    proc = _run_and_strike(["index", str(SAMPLE), "--index", str(ixdir), "-q", "--workers", "2"],
                           _parsing_processes, _kill_first)
    _assert_one_line(proc, "a parsing process died")
    assert _files(ixdir) == files
    assert _total(ixdir) == before
    build_index([SAMPLE], ixdir, workers=2)  # nothing left behind stops the next run
    assert _total(ixdir) > before


def test_a_script_without_a_main_guard_is_told_what_to_add(tmp_path: Path) -> None:
    """Python runs a script again in each process it starts: a script calling build_index at
    its top level would build again in every parsing process. Each ends quietly, and the build
    says what the script needs, in its error's one line; nothing is committed."""
    script = tmp_path / "build.py"
    script.write_text("import cablesearch\n"
                      f"cablesearch.build_index([{str(SAMPLE)!r}], {str(tmp_path / 'ix')!r}, workers=2)\n")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=RUN_LIMIT_S,
                          cwd=tmp_path)
    assert proc.returncode == 1
    assert "multiprocessing" not in proc.stderr  # the script's own error only, no parsing process's
    assert proc.stderr.strip().splitlines()[-1].endswith(
        'must call it under `if __name__ == "__main__":` (Python\'s rule for scripts that start processes); '
        'nothing of this run was committed')
    guarded = tmp_path / "guarded.py"
    guarded.write_text("import cablesearch\n\nif __name__ == '__main__':\n"
                       f"    cablesearch.build_index([{str(SAMPLE)!r}], {str(tmp_path / 'ix')!r}, workers=2)\n")
    subprocess.run([sys.executable, str(guarded)], check=True, timeout=RUN_LIMIT_S * 3, cwd=tmp_path)
    assert _total(tmp_path / "ix") > 0


def test_an_index_folder_removed_during_the_run_ends_it(tmp_path: Path) -> None:
    ixdir = tmp_path / "ix"
    build_index([SAMPLE / "foia-ocr"], ixdir, workers=1)
    copies = _copies(tmp_path, PARALLEL_WRITER_FILES + 20)
    proc = _run_and_strike(["index", str(copies), "--index", str(ixdir), "-q", "--workers", "2"],
                           _writer_processes, lambda _: ixdir.rename(tmp_path / "removed"))  # atomic, as `rm -r` is not
    _assert_one_line(proc, "the index folder was removed during the run")


def test_a_rebuild_on_a_full_disk_keeps_the_old_index_and_leaves_nothing(tmp_path: Path, small_disk: Path) -> None:
    ixdir = small_disk / "ix"
    copies = _copies(tmp_path, 40)
    build_index([copies / "copy0"], ixdir, workers=1)
    before = _total(ixdir)
    _fill(small_disk, 256 << 10)
    proc = subprocess.run(_cli("index", str(copies), "--index", str(ixdir), "-q", "--rebuild"),
                          capture_output=True, text=True, timeout=RUN_LIMIT_S)
    _assert_one_line(proc, "No space left on device")
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "ix", "ix.lock"]  # no half-built index
    assert _total(ixdir) == before


def _gone(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_a_build_killed_with_sigkill_leaves_no_process_behind(tmp_path: Path) -> None:
    ixdir = tmp_path / "ix"
    build_index([SAMPLE / "foia-ocr"], ixdir, workers=1)
    proc = subprocess.Popen(_cli("index", str(SAMPLE), "--index", str(ixdir), "-q", "--workers", "2"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + RUN_LIMIT_S
    workers: list[int] = []
    while not workers and proc.poll() is None and time.monotonic() < deadline:
        workers = _parsing_processes(proc.pid)
        time.sleep(0.02)
    assert workers, "the build ended before its parsing processes were seen"
    forkservers = [c for c in _children(proc.pid) if b"forkserver" in _cmdline(c)]
    proc.kill()
    proc.wait()
    left = workers + forkservers
    deadline = time.monotonic() + 15  # they check for their build every second
    while time.monotonic() < deadline and not all(map(_gone, left)):
        time.sleep(0.1)
    assert all(map(_gone, left)), [p for p in left if not _gone(p)]


def _cli_line(*args: str) -> tuple[int, list[str]]:
    proc = subprocess.run(_cli(*args), capture_output=True, text=True, timeout=RUN_LIMIT_S)
    return proc.returncode, _error_lines(proc.stderr)


def test_a_first_build_that_never_committed_says_so_and_what_to_run(tmp_path: Path) -> None:
    """A first build stopped before its commit leaves an index of nothing: reading it says, in
    one line, that the build is still running or that it must be run again (its own command),
    never "0 cables match"; running that command finishes it."""
    ixdir = tmp_path / "ix"
    meta = ixdir / "cablesearch.json"
    build = subprocess.Popen(_cli("index", str(SAMPLE), "--index", str(ixdir), "-q", "--workers", "1"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + RUN_LIMIT_S
        while not meta.exists() and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        build.send_signal(signal.SIGSTOP)  # the build, paused long before its commit, holds its lock
        assert "first_build" in meta.read_text(), "the first build committed before it could be paused"
        rc, lines = _cli_line("search", "police", "--index", str(ixdir))
        assert rc == 1 and len(lines) == 1, lines
        assert "is not built yet: its first build" in lines[0] and "is still running" in lines[0]
    finally:
        build.kill()
        build.communicate()

    run_again = f"run `cablesearch index {SAMPLE} --index {ixdir}` again"
    for command in (["search", "police"], ["stats"], ["show", "04RANGOON1100"]):
        rc, lines = _cli_line(*command, "--index", str(ixdir))
        assert rc == 1 and len(lines) == 1, (command, lines)
        assert lines[0].startswith(f"cablesearch: error: index at {ixdir} is not built yet") and run_again in lines[0]
    with pytest.raises(IndexUnfinishedError) as caught:
        CableIndex.open(ixdir)
    assert caught.value.sources == (str(SAMPLE),)
    report = check_index(ixdir)
    assert report.ok and any(run_again in note for note in report.notes)

    rc, lines = _cli_line("index", str(SAMPLE), "--index", str(ixdir), "-q")  # the command it names
    assert rc == 0, lines
    assert _total(ixdir) > 100
    assert "first_build" not in meta.read_text()


def test_the_unfinished_error_crosses_process_boundaries() -> None:
    err = IndexUnfinishedError("/x y", ("data",), running=True)
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err) and again.running and again.sources == ("data",)
    assert "`cablesearch index data --index '/x y'`" in str(err)
