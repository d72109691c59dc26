"""The planner in a real terminal (issue 17): what a person waits for, measured on the screen.

`confplan` runs in a pseudo-terminal (120×40) whose output the pyte terminal emulator draws; the finish line of
every figure is text on that screen: the first titles of the programme, the count of a search's results, a view's
name in the header, a dialog's hint, the grid redrawn after an arrow key.  A bare Textual app (Header + DataTable +
Footer, bench/bare_app.py) is started in the same run, alternated with the planner, as the floor of a start: what
Python and Textual take, which confplan cannot go under.

Used by bench/run.py (``terminal_figures``); on its own: `python -m bench.terminal SCHEDULE [SCHEDULE…]`.
"""

from __future__ import annotations

import codecs
import json
import os
import queue
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import pyte

from bench.bare_app import DIALOG_HINT, SECOND_SCREEN

HERE = Path(__file__).resolve().parent
TERMINAL = (120, 40)
BARE_APP = [sys.executable, str(HERE / "bare_app.py")]
BARE_FINISH = "bare row 0"
#: A person types about ten keys a second: the next key comes this long after the screen answered the last.
KEY_GAP_S = 0.1
#: Before a key is pressed the screen must have been still this long (rows drawn after the first frame, the
#: search index folded in the background): a figure is one key's own work.
QUIET_S = 0.3
#: The views' names in the header, as the planner writes them ("confplan — ICLR 2023 · timeline").
VIEWS = {"2": " · my agenda", "3": " · timeline", "1": " · programme"}
FILTERS_TITLE = "Filters"  # the dialog's title (the footer's last line says it too)
NOTE_HINT = "Enter: save · Escape: cancel"
FIRST_LIST_LINE = 3  # the header, the search bar and the list's column labels come first


class Terminal:
    """A program in a pseudo-terminal; ``screen`` is what a terminal would show of its output.

    A thread reads the program's output the moment it is written and notes when each piece arrived; the emulator
    (pyte, pure Python: tens of milliseconds for a full redraw, where a real terminal takes well under one) draws
    it afterwards.  A figure ends when the piece that completed the answer arrived, so it is the program's time,
    not the emulator's.
    """

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.screen = pyte.Screen(*TERMINAL)
        self.stream = pyte.Stream(self.screen)
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._output: queue.Queue[tuple[float, bytes]] = queue.Queue()
        self.arrived = 0.0  # when the last piece drawn on ``screen`` arrived
        self.ended = threading.Event()  # the program closed its terminal
        self.started = time.perf_counter()
        self.child = pexpect.spawn(
            argv[0], argv[1:], env={**env, "TERM": "xterm-256color"}, dimensions=(TERMINAL[1], TERMINAL[0])
        )
        # pexpect sleeps 50 ms before each send unless told not to: that was in every key's figure until now.
        self.child.delaybeforesend = None
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self) -> None:
        """Take every piece of output as it comes, with its time of arrival; an empty piece says the output ended."""
        while True:
            try:
                data = os.read(self.child.child_fd, 1 << 20)
            except OSError:  # EIO: the program closed its terminal
                data = b""
            self._output.put((time.perf_counter(), data))
            if not data:
                self.ended.set()
                return

    def _read(self, timeout: float) -> bool:
        """Draw the next piece of output (waiting up to ``timeout`` for one); False when none came or it ended."""
        try:
            arrived, data = self._output.get(timeout=timeout)
        except queue.Empty:
            return False
        if not data:
            self._output.put((arrived, data))  # the end stays the end for whoever reads next
            return False
        self.stream.feed(self._decoder.decode(data))
        self.arrived = arrived
        return True

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 300) -> float:
        """When the output that made ``condition`` (of the screen) true arrived; checked after each piece drawn."""
        deadline = time.perf_counter() + timeout
        if condition():
            return time.perf_counter()
        while True:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{what} never appeared on the screen:\n{self.text()}")
            if self._read(0.05) and condition():
                return self.arrived

    def settle(self) -> None:
        """Read until the program has written nothing for QUIET_S."""
        while self._read(QUIET_S):
            pass

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def shows(self, text: str) -> bool:
        return text in self.text()

    def above_footer(self, text: str) -> bool:
        return any(text in line for line in self.screen.display[:-1])

    def key(self, keys: str, until: Callable[[], bool], what: str) -> float:
        """Seconds from sending ``keys`` until the screen shows what they should bring."""
        self.settle()
        self.screen.dirty.clear()
        start = time.perf_counter()
        self.child.send(keys)
        seconds = self.wait_for(until, what) - start
        time.sleep(KEY_GAP_S)
        return seconds

    def list_redrawn(self) -> bool:
        """Whether a line of the programme list (below the search bar and the column labels, above the footer)
        was drawn since the last key."""
        return any(FIRST_LIST_LINE <= y < TERMINAL[1] - 1 for y in self.screen.dirty)

    def redrawn(self) -> bool:
        """Whether anything on the screen changed since the last key (an arrow key moves a highlight only)."""
        return bool(self.screen.dirty)

    def peak_rss_mb(self) -> float:
        with open(f"/proc/{self.child.pid}/status", encoding="ascii") as status:
            return int(next(line for line in status if line.startswith("VmHWM:")).split()[1]) / 1024

    def quit(self) -> None:
        """q, as a person quits (the planner saves on the way out); the screen is shown if that does not work."""
        self.child.send("q")
        try:
            if not self.ended.wait(30):
                print(f"q did not quit; the screen was:\n{self.text()}", file=sys.stderr)
        finally:
            self.child.close(force=True)


def start(argv: list[str], env: dict[str, str], finish: str) -> tuple[Terminal, float]:
    """Start ``argv`` and wait until ``finish`` is on the screen: the terminal and the seconds it took."""
    terminal = Terminal(argv, env)
    return terminal, terminal.wait_for(lambda: terminal.shows(finish), repr(finish)) - terminal.started


def confplan_argv(schedule: Path | None) -> list[str]:
    command = str(Path(sys.executable).with_name("confplan"))
    return [command, *(["--schedule", str(schedule)] if schedule is not None else [])]


def clear_cache(env: dict[str, str]) -> None:
    for entry in Path(env["CONFPLAN_CACHE_DIR"]).glob("schedules/*"):
        entry.unlink()


def starts(schedule: Path | None, env: dict[str, str], finish: str, rounds: int) -> dict[str, Any]:
    """The planner's start to its first titles, the first time (empty cache) and warm, each alternated with the
    bare app's start; medians of ``rounds`` after one unmeasured start of each."""
    cold: list[float] = []
    warm: list[float] = []
    bare: list[float] = []
    peaks: dict[str, float] = {"cold": 0.0, "warm": 0.0, "bare": 0.0}
    for round_ in range(rounds + 1):
        clear_cache(env)
        for kind, argv, text, into in (
            ("cold", confplan_argv(schedule), finish, cold),
            ("bare", BARE_APP, BARE_FINISH, bare),
            ("warm", confplan_argv(schedule), finish, warm),
        ):
            terminal, seconds = start(argv, env, text)
            terminal.settle()  # the rest of the rows, the cache written after the first screen
            peaks[kind] = max(peaks[kind], terminal.peak_rss_mb())
            terminal.quit()
            if round_ or kind == "cold":  # the first cold start is a cold start too; the others warm Python up
                into.append(seconds)
    bare_s = statistics.median(bare)
    return {
        "cold_peak_rss_mb": peaks["cold"],
        "warm_peak_rss_mb": peaks["warm"],
        "bare_peak_rss_mb": peaks["bare"],
        "bare_s": bare_s,
        "warm_s": statistics.median(warm),
        "cold_s": statistics.median(cold),
        "warm_ratio": statistics.median(warm) / bare_s,
        "cold_ratio": statistics.median(cold) / bare_s,
        "rounds": rounds,
    }


def search_counts(schedule: Path | None, query: str) -> list[int]:
    """How many events each prefix of ``query`` finds, as the planner counts them ("12 found")."""
    from confplan.storage.loading import load_schedule
    from confplan.views.search_index import SearchIndex

    conference, _ = load_schedule(schedule)
    index = SearchIndex(conference)
    return [len(index.search(query[: n + 1]) or ()) for n in range(len(query))]


def interactions(schedule: Path | None, env: dict[str, str], finish: str, query: str, rounds: int) -> dict[str, Any]:
    """In one running planner (warm cache): each key of a search, view switches, arrow keys in the timeline and
    dialogs opening, each from the key to the screen that answers it; the session's peak memory."""
    counts = search_counts(schedule, query)
    terminal, _ = start(confplan_argv(schedule), env, finish)
    try:
        figures: dict[str, list[float]] = {"search": [], "view": [], "timeline_arrow": [], "filters": [], "note": []}
        for _ in range(rounds):
            terminal.key("/", lambda: True, "")  # to the search box: nothing to wait for
            for n, count in enumerate(counts):
                typed = query[: n + 1]

                def answered(typed: str = typed, count: int = count) -> bool:
                    line = terminal.screen.display[1]
                    # The list drawn again too: a letter that finds the same events as the one before ("kerne",
                    # "kernel") shows the same count, which was on the screen beside the bare echo of the key.
                    shown = line.startswith(typed + " ") and f" {count} found" in line
                    return shown and terminal.list_redrawn()

                figures["search"].append(terminal.key(query[n], answered, f"{count} found for {typed!r}"))
            terminal.key("\x1b", lambda: " found" not in terminal.screen.display[1], "the search cleared")
            terminal.key("\x1b", lambda: True, "")  # back to the list from the search box
            figures["filters"].append(terminal.key("f", lambda: terminal.above_footer(FILTERS_TITLE), "the filters"))
            terminal.key("\x1b", lambda: not terminal.above_footer(FILTERS_TITLE), "the filters closed")
            figures["note"].append(terminal.key("n", lambda: terminal.shows(NOTE_HINT), "the note dialog"))
            terminal.key("\x1b", lambda: not terminal.shows(NOTE_HINT), "the note dialog closed")
            for key, name in VIEWS.items():
                figures["view"].append(terminal.key(key, lambda name=name: name in terminal.screen.display[0], name))
                if key == "3":
                    for arrow in ["\x1b[C"] * 4 + ["\x1b[B"] * 4 + ["\x1b[D"] * 4:
                        figures["timeline_arrow"].append(terminal.key(arrow, terminal.redrawn, "the grid redrawn"))
        peak = terminal.peak_rss_mb()
    finally:
        terminal.quit()
    return {**{name: _summary(values) for name, values in figures.items()}, "peak_rss_mb": peak, "query": query}


def bare_interactions(env: dict[str, str], query: str, rounds: int) -> dict[str, Any]:
    """The floor of each kind of key, in the bare Textual app (bench/bare_app.py --keys) measured the same way: a
    letter filtering its table until "N found" shows, a second screen and back, a modal dialog, arrow keys in the
    table."""
    terminal, _ = start([*BARE_APP, "--keys"], env, BARE_FINISH)
    try:
        figures: dict[str, list[float]] = {"search": [], "view": [], "arrow": [], "dialog": []}
        for _ in range(rounds):
            terminal.key("/", lambda: True, "")
            for n in range(len(query)):
                typed = query[: n + 1]
                figures["search"].append(
                    terminal.key(query[n], lambda typed=typed: terminal.shows(f"{typed} 0 found"), typed)
                )
            terminal.key("\x1b", lambda: " found" not in terminal.text(), "the search cleared")
            figures["dialog"].append(terminal.key("n", lambda: terminal.shows(DIALOG_HINT), "the dialog"))
            terminal.key("\x1b", lambda: not terminal.shows(DIALOG_HINT), "the dialog closed")
            figures["view"].append(terminal.key("2", lambda: terminal.shows(SECOND_SCREEN), "the second screen"))
            for arrow in ["\x1b[B"] * 4 + ["\x1b[A"] * 4:
                figures["arrow"].append(terminal.key(arrow, terminal.redrawn, "the table redrawn"))
            figures["view"].append(terminal.key("1", lambda: not terminal.shows(SECOND_SCREEN), "the first screen"))
    finally:
        terminal.quit()
    return {name: _summary(values) for name, values in figures.items()}


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median_s": statistics.median(values),
        "max_s": ordered[-1],
        "n": len(values),
    }


def terminal_figures(
    schedule: Path | None, env: dict[str, str], finish: str, query: str, rounds: int
) -> dict[str, Any]:
    return {
        "start": starts(schedule, env, finish, rounds),
        "keys": interactions(schedule, env, finish, query, max(1, rounds // 2)),
        "bare_keys": bare_interactions(env, query, max(1, rounds // 2)),
    }


def main() -> None:
    from bench.run import first_row_title

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "CONFPLAN_CACHE_DIR": f"{tmp}/cache",
            "CONFPLAN_DATA_DIR": f"{tmp}/data",
            "CONFPLAN_OFFLINE": "1",  # no paper titles fetched in the background while keys are timed
        }
        for argument in sys.argv[1:] or [""]:
            schedule = Path(argument) if argument else None
            figures = terminal_figures(schedule, env, first_row_title(schedule), "kernel", 3)
            print(json.dumps({argument or "bundled": figures}, indent=1))


if __name__ == "__main__":
    main()
