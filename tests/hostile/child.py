"""Running the real `confplan` command on hostile input in a child process, with limits, and measuring it.

The child gets an address-space limit (``RLIMIT_AS``) so that a runaway allocation ends in the child instead of
swapping the machine, and a timeout so that a hang ends the test.  Peak memory comes from the kernel
(``wait4``), so C allocations (expat, libyaml) count too.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass

#: The promise of docs/security.md, for every hostile file: a result or one clear message within these.
SECONDS = 10.0
PEAK_MB = 300
#: Room for the interpreter, its libraries and what a bounded reading needs; far below what a bomb takes.
ADDRESS_SPACE_MB = 1500
_PROXIES = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")


@dataclass(frozen=True)
class Outcome:
    status: int  # exit status; -9 when the timeout killed it
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    cpu_seconds: float = 0.0  # the child's own work (user + system): what a loaded machine does not stretch

    @property
    def said(self) -> str:
        return self.stdout + self.stderr

    def describe(self) -> str:
        return (
            f"exit {self.status} after {self.seconds:.1f} s ({self.cpu_seconds:.1f} s of CPU), peak {self.peak_mb:.0f} MB\n"
            f"stdout: {self.stdout[-1500:]}\nstderr: {self.stderr[-1500:]}"
        )


def _limit_memory() -> None:
    size = ADDRESS_SPACE_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (size, size))


def run_confplan(*arguments: str, env: dict[str, str] | None = None, timeout: float = SECONDS * 3) -> Outcome:
    """``confplan ARGUMENTS`` in a fresh process with the memory limit; killed after ``timeout`` seconds."""
    environment = {**os.environ, "COLUMNS": "200", **(env or {})}
    for name in ("CONFPLAN_DEBUG", *_PROXIES):
        environment.pop(name, None)  # no traceback on purpose; servers are on 127.0.0.1, never behind a proxy
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-m", "confplan", *arguments],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=environment,
            preexec_fn=_limit_memory,
        )
        killer = threading.Timer(timeout, lambda: os.kill(child.pid, signal.SIGKILL))
        killer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not the largest child's so far
        finally:
            killer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait for it again
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Outcome(
            child.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            usage.ru_maxrss / 1024,  # KiB on Linux
            usage.ru_utime + usage.ru_stime,
        )


def assert_refused_cleanly(outcome: Outcome, message: str, statuses: tuple[int, ...] = (1, 2)) -> None:
    """One clear message (``message`` among what was said), exit 1 or 2, in time and memory; no traceback."""
    assert outcome.status in statuses, outcome.describe()
    assert message in outcome.said, outcome.describe()
    assert "Traceback" not in outcome.said and "internal error" not in outcome.said, outcome.describe()
    assert outcome.seconds < SECONDS, outcome.describe()
    assert outcome.peak_mb < PEAK_MB, outcome.describe()
