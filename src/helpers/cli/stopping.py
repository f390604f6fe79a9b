"""Stopping a batch cleanly on SIGINT (Ctrl-C), SIGTERM or SIGHUP — all of it in one place.

:func:`stop_signals` turns those signals in the batch's main process into
:class:`Stopped` (exit code 128 + signal: 130, 143, 129). :func:`worker_init` puts every
pool worker in its own process group, so Ctrl-C at the terminal (SIGINT to the foreground
group) reaches only the main process, which decides. :func:`stop_tree` then ends every
process below the main one — pool workers and the Jupyter kernels and headless Chromium
they started (the warm workers of :mod:`helpers.cli.warm` keep them for the whole batch;
kernels run in their own session, so a process-group signal would miss them): SIGTERM, a short grace,
SIGKILL, and it removes the connection files of the kernels it killed. It finds them through
``/proc`` each time it is called, so it needs no bookkeeping and works whether a worker
starts a kernel per brief or keeps a warm one.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
GRACE_S = 1.5
PROC = Path("/proc")


class Stopped(Exception):  # noqa: N818 - reads as "the batch was stopped", not an error
    """The batch received a stop signal; ``exit_code`` is 128 + the signal number."""

    def __init__(self, signum: int):
        self.signum = signum
        self.exit_code = 128 + signum
        super().__init__(signal.Signals(signum).name)


def _raise_stopped(signum: int, _frame) -> None:
    # Further signals while stopping are ignored: the clean-up must finish.
    for sig in STOP_SIGNALS:
        signal.signal(sig, signal.SIG_IGN)
    raise Stopped(signum)


@contextlib.contextmanager
def stop_signals() -> Iterator[None]:
    """Within the block, SIGINT/SIGTERM/SIGHUP raise :class:`Stopped`; restored after."""
    previous = {sig: signal.signal(sig, _raise_stopped) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def worker_init() -> None:
    """Pool worker initializer: own process group (the main process stops the workers)."""
    os.setpgid(0, 0)
    for sig in STOP_SIGNALS:
        signal.signal(sig, signal.SIG_DFL)


def _stat(pid: int) -> tuple[int, str] | None:
    """Return (parent pid, state) of ``pid`` from ``/proc``, or None when it is gone."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), fields[0]


def descendants(pid: int | None = None) -> list[int]:
    """Return every live process below ``pid`` (default: this process), parents first."""
    root = os.getpid() if pid is None else pid
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            info = _stat(int(entry.name))
            if info is not None and info[1] != "Z":
                children.setdefault(info[0], []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie."""
    info = _stat(pid)
    return info is not None and info[1] != "Z"


def _kernel_connection_file(pid: int) -> Path | None:
    try:
        argv = (PROC / str(pid) / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    words = [word.decode(errors="replace") for word in argv]
    if not any("kernel" in word for word in words):
        return None
    for flag, value in zip(words, words[1:], strict=False):
        if flag in ("-f", "--f") and value.endswith(".json"):
            return Path(value)
    return None


def _signal_all(pids: list[int], sig: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, sig)


def _wait_gone(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    left = [pid for pid in pids if alive(pid)]
    while left and time.monotonic() < deadline:
        time.sleep(0.05)  # zombies count as gone: their parent (the pool) reaps them
        left = [pid for pid in left if alive(pid)]
    return left


def stop_tree(grace: float = GRACE_S) -> list[int]:
    """End every process below this one (workers, kernels); return the pids that were ended.

    SIGTERM first; whatever is still alive after ``grace`` seconds gets SIGKILL. Connection
    files of the kernels ended here are removed (a killed kernel cannot remove its own).
    """
    pids = descendants()
    connection_files = [f for f in map(_kernel_connection_file, pids) if f is not None]
    _signal_all(pids, signal.SIGTERM)
    left = _wait_gone(pids, grace)
    pids += [pid for pid in descendants() if pid not in pids]  # started meanwhile
    _signal_all(left + descendants(), signal.SIGKILL)
    _wait_gone(pids, grace)
    for path in connection_files:
        with contextlib.suppress(OSError):
            path.unlink()
    return pids
