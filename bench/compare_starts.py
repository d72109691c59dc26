"""Two installations of confplan started alternately in a real terminal, with the bare Textual app: the before and
after of a change to the start (`python -m bench.compare_starts OLD_CONFPLAN NEW_CONFPLAN [SCHEDULE] [ROUNDS]`).
Prints the median seconds to the first titles, warm (cache filled) and first time (cache emptied), and the ratios
to the bare app."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench.run import first_row_title
from bench.terminal import BARE_APP, BARE_FINISH, clear_cache, start


def main() -> None:
    old, new = sys.argv[1], sys.argv[2]
    schedule = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    finish = first_row_title(Path(schedule) if schedule else None)
    with tempfile.TemporaryDirectory() as tmp:
        envs = {}
        for name in ("old", "new"):
            (Path(tmp) / name / "cache").mkdir(parents=True)
            (Path(tmp) / name / "data").mkdir(parents=True)
            envs[name] = {
                **os.environ,
                "CONFPLAN_CACHE_DIR": f"{tmp}/{name}/cache",
                "CONFPLAN_DATA_DIR": f"{tmp}/{name}/data",
            }
        times: dict[str, list[float]] = {}
        for round_ in range(rounds + 1):
            runs = [("bare", BARE_APP, envs["new"], BARE_FINISH)]
            for name, command in (("old", old), ("new", new)):
                argv = [command, *(["--schedule", schedule] if schedule else [])]
                runs += [(f"{name} first time", argv, envs[name], finish), (f"{name} warm", argv, envs[name], finish)]
            for label, argv, env, text in runs:
                if label.endswith("first time"):
                    clear_cache(env)
                terminal, seconds = start(argv, env, text)
                terminal.settle()
                terminal.quit()
                if round_:
                    times.setdefault(label, []).append(seconds)
    bare = statistics.median(times["bare"])
    for label, values in times.items():
        median = statistics.median(values)
        print(f"{label:<16} {median:.3f} s  ({median / bare:.2f}× the bare app; {len(values)} rounds)")


if __name__ == "__main__":
    main()
