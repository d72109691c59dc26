"""The benchmark suite: `make bench` (or `python -m bench.run [--sizes 1000,10000,50000] [--quick]`).

Every figure that the machine's noise would distort is reported beside a baseline measured in the same run
(a bare Textual app, a plain icalendar loop), and the ratio is the figure that matters.  Results go to
bench/RESULTS.md (Markdown) and bench/results.json.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import icalendar

from bench.synthetic import generate, write

HERE = Path(__file__).resolve().parent
QUERIES = ["g", "gr", "gra", "grap", "graph", "graph ", "graph n", "graph ne", "graph neu", "graph neural"]
FIXED_NOW = datetime(2025, 1, 1, tzinfo=UTC)


def timed(function: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Best-of-``repeat`` wall time of ``function`` (the least disturbed run) and its last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# --- the apps whose first paint is compared ---------------------------------------------------------------------


def bare_app() -> Any:
    """A bare Textual app with the same kinds of widgets as the planner: header, input, a list, a pane, footer."""
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal
    from textual.widgets import Footer, Header, Input, OptionList, Static

    class Bare(App[None]):
        CSS = "OptionList { width: 2fr; height: 1fr; } Static { width: 1fr; }"

        def compose(self) -> ComposeResult:
            yield Header()
            yield Input(placeholder="search")
            with Horizontal():
                yield OptionList(*[f"row {i}" for i in range(40)])
                yield Static("detail")
            yield Footer()

    return Bare()


def planner_app(conference: Any, picks: int = 0) -> Any:
    from confplan.agenda import Agenda
    from confplan.tui.app import PlannerApp
    from confplan.tui.state import PlannerState

    agenda = Agenda.for_conference(conference)
    for event in random.Random(1).sample(list(conference.presentations or conference.sessions), picks):
        agenda.pick(event)
    return PlannerApp(PlannerState(conference, agenda, clock=lambda: FIXED_NOW))


async def first_paint(make_app: Callable[[], Any]) -> float:
    """Seconds from building the app to its first screen being composed and rendered (headless, 120×40)."""
    start = time.perf_counter()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        elapsed = time.perf_counter() - start
    return elapsed


def paint_ratio(load: Callable[[], Any], rounds: int) -> dict[str, float]:
    """Median first paint of the planner (schedule loading included) and of the bare app, run alternately."""
    planner, bare = [], []
    for _ in range(rounds):
        planner.append(asyncio.run(first_paint(lambda: planner_app(load()))))
        bare.append(asyncio.run(first_paint(bare_app)))
    p, b = statistics.median(planner), statistics.median(bare)
    return {"planner_s": p, "bare_s": b, "ratio": p / b}


async def search_latencies(conference: Any) -> list[float]:
    """Keystroke to updated list, for each keystroke of the scripted queries (Pilot)."""
    app = planner_app(conference)
    latencies: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        for query in QUERIES[-1:]:
            await pilot.press("slash")
            for char in query:
                start = time.perf_counter()
                await pilot.press("space" if char == " " else char)
                await app.workers.wait_for_complete()
                await pilot.pause()
                latencies.append(time.perf_counter() - start)
            await pilot.press("escape")
            await app.workers.wait_for_complete()
            await pilot.pause()
    return latencies


async def pick_latencies(conference: Any, picks: int, presses: int = 10) -> list[float]:
    """Pick toggle (space) to updated conflict markers, with ``picks`` picks already made."""
    app = planner_app(conference, picks)
    latencies: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("down", "down", "down")
        for _ in range(presses):
            start = time.perf_counter()
            await pilot.press("space")
            await app.workers.wait_for_complete()
            await pilot.pause()
            latencies.append(time.perf_counter() - start)
    return latencies


# --- export --------------------------------------------------------------------------------------------------


def plain_icalendar_loop(events: list[Any]) -> bytes:
    """The baseline: the same events written with icalendar directly, no checks, no state."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//bench//EN")
    calendar.add("version", "2.0")
    for event in events:
        vevent = icalendar.Event()
        vevent.add("uid", event.id)
        vevent.add("dtstamp", FIXED_NOW)
        vevent.add("dtstart", event.start)
        vevent.add("dtend", event.end)
        vevent.add("summary", event.title)
        vevent.add("location", event.room or "")
        vevent.add("description", event.abstract)
        calendar.add_component(vevent)
    calendar.add_missing_timezones()
    result: bytes = calendar.to_ical()
    return result


def export_figures(conference: Any, picks: int) -> dict[str, float]:
    from confplan.agenda import Agenda
    from confplan.export_ics import build_calendar

    agenda = Agenda.for_conference(conference)
    events = list(conference.events())
    for event in random.Random(2).sample(events, min(picks, len(events))):
        agenda.pick(event)
    ours, _ = timed(lambda: build_calendar(conference, agenda, now=FIXED_NOW), repeat=2)
    picked = [conference[p.id] for p in agenda]
    base, _ = timed(lambda: plain_icalendar_loop(picked), repeat=2)
    return {"confplan_s": ours, "icalendar_loop_s": base, "ratio": ours / base}


def export_all_figures(conference: Any) -> dict[str, float]:
    from confplan.agenda import Agenda
    from confplan.export_ics import build_calendar

    agenda = Agenda.for_conference(conference)
    ours, _ = timed(lambda: build_calendar(conference, agenda, now=FIXED_NOW, all_events=True), repeat=1)
    base, _ = timed(lambda: plain_icalendar_loop(list(conference.events())), repeat=1)
    return {"confplan_s": ours, "icalendar_loop_s": base, "ratio": ours / base}


# --- one size, in its own process so that its peak memory is its own ---------------------------------------------


def measure_size(size: int, path: Path, quick: bool) -> dict[str, Any]:
    from confplan.conflicts import find_conflicts
    from confplan.formats.registry import LoadOptions, load_schedule
    from confplan.tui.search_index import SearchIndex

    rounds = 3 if quick else 7
    result: dict[str, Any] = {"events": size}
    parse_s, (conference, _) = timed(lambda: load_schedule(path, LoadOptions()), repeat=2)
    index_s, _ = timed(lambda: SearchIndex(conference), repeat=2)
    result["parse_s"], result["search_index_s"] = parse_s, index_s
    result["first_paint"] = paint_ratio(lambda: load_schedule(path, LoadOptions())[0], rounds)

    latencies = asyncio.run(search_latencies(conference))
    result["search_keystroke"] = {"median_s": statistics.median(latencies), "p95_s": percentile(latencies, 0.95)}
    result["pick_toggle"] = {}
    for picks in (10, 100, 1000):
        if picks < len(conference.presentations or conference.sessions):
            values = asyncio.run(pick_latencies(conference, picks))
            result["pick_toggle"][str(picks)] = {
                "median_s": statistics.median(values),
                "p95_s": percentile(values, 0.95),
            }

    from confplan.agenda import Agenda

    result["conflicts"] = {}
    for picks in (1000, 10000):
        events = list(conference.events())
        if picks <= len(events):
            agenda = Agenda.for_conference(conference)
            for event in random.Random(3).sample(events, picks):
                agenda.pick(event)
            seconds, _ = timed(lambda a=agenda: find_conflicts(conference, list(a)), repeat=2)  # type: ignore[misc]
            result["conflicts"][str(picks)] = seconds
    if size >= 1000:
        result["export_1000_picks"] = export_figures(conference, 1000)
    if size == 10000:
        result["export_whole_programme"] = export_all_figures(conference)

    import resource

    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def command_to_screen(path: Path | None) -> dict[str, float]:
    """A fresh process: import, load the schedule and paint the first screen headless; wall time and peak memory."""
    script = (
        "import asyncio, resource, sys, time; t0 = time.perf_counter()\n"
        "from bench.run import first_paint, planner_app\n"
        "from confplan.formats.registry import load_schedule\n"
        "path = sys.argv[1] or None\n"
        "asyncio.run(first_paint(lambda: planner_app(load_schedule(path)[0])))\n"
        "print(time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", script, str(path or "")], capture_output=True, text=True, check=True, cwd=HERE.parent
        ).stdout.split()
        timings.append((time.perf_counter() - start, float(out[1])))
    wall = statistics.median(t for t, _ in timings)
    return {"wall_s": wall, "peak_rss_mb": max(m for _, m in timings)}


def table(results: dict[str, Any]) -> str:
    rows = [
        "| events | parse+model s | search index s | first paint s (bare) | ratio | keystroke median / p95 ms "
        "| pick 10 / 100 / 1000 ms | conflicts 1k / 10k picks s | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for key, r in results["sizes"].items():
        fp, ks = r["first_paint"], r["search_keystroke"]
        picks = " / ".join(f"{v['median_s'] * 1000:.0f}" for v in r["pick_toggle"].values())
        conflicts = " / ".join(f"{v:.3f}" for v in r["conflicts"].values()) or "-"
        rows.append(
            f"| {key} | {r['parse_s']:.3f} | {r['search_index_s']:.3f} | {fp['planner_s']:.3f} ({fp['bare_s']:.3f}) "
            f"| {fp['ratio']:.2f} | {ks['median_s'] * 1000:.0f} / {ks['p95_s'] * 1000:.0f} | {picks} | {conflicts} "
            f"| {r['peak_rss_mb']:.0f} |"
        )
    lines = ["\n".join(rows), ""]
    for key, r in results["sizes"].items():
        for name in ("export_1000_picks", "export_whole_programme"):
            if name in r:
                e = r[name]
                lines.append(
                    f"- {key} events, {name.replace('_', ' ')}: confplan {e['confplan_s']:.2f} s, plain icalendar loop "
                    f"{e['icalendar_loop_s']:.2f} s, ratio {e['ratio']:.2f}"
                )
    for key, c in results.get("command_to_screen", {}).items():
        lines.append(f"- command to first screen, {key}: {c['wall_s']:.2f} s wall, peak {c['peak_rss_mb']:.0f} MB")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="confplan benchmarks")
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--quick", action="store_true", help="fewer rounds (for a smoke run)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size in this process
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()

    if args.one:
        print(json.dumps(measure_size(args.one, args.path, args.quick)))
        return

    results: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "sizes": {},
        "command_to_screen": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        results["sizes"]["ICLR 2023 (bundled)"] = json.loads(_one_size(0, None, args.quick))
        results["command_to_screen"]["ICLR 2023 (bundled)"] = command_to_screen(None)
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"synthetic-{size}.xml"
            write(generate(size), "xml", path)
            print(f"measuring {size} events…", file=sys.stderr)
            results["sizes"][str(size)] = json.loads(_one_size(size, path, args.quick))
            if size == 1000:
                results["command_to_screen"]["1000 events (schedule.xml)"] = command_to_screen(path)
    markdown = table(results)
    print(markdown)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (args.out / "RESULTS.md").write_text(
        f"# Benchmark results\n\n{results['date']}, Python {results['machine']['python']}, "
        f"{results['machine']['cpus']} CPUs. Produced by `make bench`; see bench/README.md for what each column "
        f"measures.\n\n{markdown}\n",
        encoding="utf-8",
    )


def _one_size(size: int, path: Path | None, quick: bool) -> str:
    command = [sys.executable, "-m", "bench.run", "--one", str(size or 1)]
    if path is not None:
        command += ["--path", str(path)]
    else:
        from confplan import locations

        command += ["--path", str(locations.bundled_schedule())]
    if quick:
        command.append("--quick")
    return subprocess.run(command, capture_output=True, text=True, check=True, cwd=HERE.parent).stdout


if __name__ == "__main__":
    main()
