"""`make reports` stops cleanly: SIGINT to the process group (Ctrl-C) and SIGTERM to the batch.

A real batch (pool workers running papermill kernels) builds briefs from a small notebook
that sleeps, is stopped mid-run, and must: end every worker and kernel within 5 s, exit
130 / 143, keep the previous briefs byte for byte, leave no temporary folder, say what was
finished and what not; the next run skips the briefs that are still up to date.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
import time

import pytest
from stubs import stub_brief

from conftest import ROOT
from helpers.cli.batch import code_fingerprint

PROVINCES = "62,63"


def notebook(path, sleep_s):
    return stub_brief(path, f"time.sleep({sleep_s})\n")


def command(tmp_path, nb, provinces=PROVINCES):
    return [
        sys.executable, "-m", "helpers.cli.batch", "--jobs", "2", "--provinces", provinces,
        "--reports-dir", str(tmp_path / "reports"), "--notebook", str(nb),
        "--pdf", "0",  # the stop is under test, not printing: no browser start to wait for
        "--pptx", "0", "--xlsx", "0",  # the stub notebook writes no brief content
    ]  # fmt: skip


def env(tmp_path):
    return {**os.environ, "IPAK_PROCESSED_DIR": str(tmp_path / "processed")}


def processes():
    """{pid: (ppid, state, command)} of every process, from ps."""
    out = subprocess.run(
        ["ps", "-ww", "-eo", "pid=,ppid=,stat=,args="], capture_output=True, text=True, check=True
    ).stdout
    table = {}
    for line in out.splitlines():
        pid, ppid, state, *args = line.split(None, 3)
        table[int(pid)] = (int(ppid), state, args[0] if args else "")
    return table


def tree(root):
    table = processes()
    found, todo = [], [root]
    while todo:
        parent = todo.pop()
        for pid, (ppid, state, _) in table.items():
            if ppid == parent and not state.startswith("Z"):
                found.append(pid)
                todo.append(pid)
    return found, table


def alive(pids):
    table = processes()
    return [p for p in pids if p in table and not table[p][1].startswith("Z")]


def digests(folder):
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix in (".html", ".json", ".key", ".ipynb")
    }


def wait_for_kernels(proc, count, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids, table = tree(proc.pid)
        kernels = [p for p in pids if "ipykernel" in table[p][2]]
        if len(kernels) >= count:
            time.sleep(1.0)  # let both kernels start executing the sleeping cell
            return tree(proc.pid)[0]
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.2)
    proc.terminate()  # the batch's own handler stops its workers and kernels
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.communicate(timeout=30)
    pytest.fail("the batch never started its kernels")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("signals")
    quick = notebook(tmp / "quick.ipynb", 0)
    first = subprocess.run(
        command(tmp, quick), cwd=ROOT, env=env(tmp), capture_output=True, text=True, timeout=600
    )
    assert first.returncode == 0, first.stderr[-3000:]
    return tmp, quick


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("sig", "to_group", "exit_code"),
    [(signal.SIGINT, True, 130), (signal.SIGTERM, False, 143)],
    ids=["SIGINT-to-group", "SIGTERM"],
)
def test_batch_stops_cleanly_and_the_next_run_picks_up(built, sig, to_group, exit_code):
    tmp, quick = built
    before, code_key = digests(tmp / "reports"), code_fingerprint(quick)
    assert {"kalimantan-tengah/brief.html", "kalimantan-selatan/brief.html"} <= set(before)
    slow = notebook(tmp / "slow.ipynb", 120)
    proc = subprocess.Popen(
        command(tmp, slow, "62,63,11"), cwd=ROOT, env=env(tmp), start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    children = wait_for_kernels(proc, 2)
    assert len(children) >= 4  # two workers, two kernels
    start = time.monotonic()
    if to_group:
        os.killpg(proc.pid, sig)  # what Ctrl-C at the terminal does
    else:
        os.kill(proc.pid, sig)
    stdout, stderr = proc.communicate(timeout=30)
    left = alive(children)
    while left and time.monotonic() - start < 5:
        time.sleep(0.1)
        left = alive(children)
    assert left == [], f"still running 5 s after {sig.name}: {left}"
    print(f"{sig.name}: {len(children)} processes gone {time.monotonic() - start:.2f} s after")
    assert proc.returncode == exit_code, stderr[-3000:]
    assert "Dihentikan" in stderr and sig.name in stderr
    assert "belum    62 Kalimantan Tengah" in stderr and "belum    11 Aceh" in stderr
    reports = tmp / "reports"
    assert digests(reports) == before, "a previous brief was changed"
    assert not list(reports.rglob(".tmp-*")), "temporary folder left behind"
    assert not (reports / "aceh" / "brief.html").exists() or "aceh/brief.html" in before
    again = subprocess.run(
        command(tmp, quick, "62,63,11"), cwd=ROOT, env=env(tmp), capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr[-3000:]
    if code_fingerprint(quick) == code_key:  # (a shared checkout may be edited meanwhile)
        skipped = 3 if "aceh/brief.html" in before else 2
        assert f"{3 - skipped} dibuat, {skipped} sudah mutakhir" in again.stdout, again.stdout
