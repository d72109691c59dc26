"""YAML from others (agendas, conference.yaml, reading lists): bombs are refused at once, in bounded memory.

Each hostile document is read in a child process, whose peak memory (from the kernel, so libyaml's C allocations
count too) is compared with a child reading a small valid file.  The bounds are generous: a bomb that were built
would need gigabytes; refused while streaming, it needs nothing measurable.  A timeout stands guard for hangs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from confplan.errors import ConfplanError
from confplan.storage.conference_yaml import load_settings
from confplan.storage.listings import load_reading_list_file
from confplan.storage.safe_yaml import Mapping, Scalar, Sequence, read_tree
from confplan.storage.store import load_agenda

#: Nine levels of nine aliases: 9**9 (387 million) "lol"s once expanded, in under 1 KB.
BILLION_LAUGHS = "\n".join(
    ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    + ["version: 1", "timezone: UTC", "papers: *a9"]
)
#: One large anchored text referenced ten thousand times: quadratic growth without nesting.
QUADRATIC = "big: &big '" + "x" * 100_000 + "'\nmany: [" + ", ".join(["*big"] * 10_000) + "]\n"
DEEP_FLOW = "version: " + "[" * 200_000 + "]" * 200_000 + "\n"
DEEP_BLOCK = "".join(" " * i + "- \n" for i in range(0, 4000, 2))
DEEP_MAPPING = "".join(" " * i + f"k{i}:\n" for i in range(0, 4000, 2)) + " " * 4000 + "v\n"
BOMBS = {
    "billion laughs": BILLION_LAUGHS,
    "quadratic": QUADRATIC,
    "deep flow": DEEP_FLOW,
    "deep block": DEEP_BLOCK,
    "deep mapping": DEEP_MAPPING,
}
VALID = {
    "agenda.yaml": "version: 1\nconference: {name: X}\npicks: []\n",
    "conference.yaml": "timezone: UTC\n",
    "list.yaml": "keywords: [graphs]\n",
}
READERS = {"agenda.yaml": load_agenda, "conference.yaml": load_settings, "list.yaml": load_reading_list_file}

CHILD = """
import os, resource, sys
from pathlib import Path
from confplan.errors import ConfplanError
from confplan.storage.listings import load_reading_list_file
from confplan.storage.conference_yaml import load_settings
from confplan.storage.store import load_agenda

path = Path(sys.argv[1])
read = {"agenda.yaml": load_agenda, "conference.yaml": load_settings, "list.yaml": load_reading_list_file}[path.name]
try:
    read(path)
    print("read")
except ConfplanError as exc:
    print("refused:", exc)
"""


def peak_kib_reading(path: Path) -> tuple[int, str]:
    """(the child's peak resident memory in KiB, what it printed) for reading ``path`` in a fresh process."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        _, status, usage = os.wait4(child.pid, 0)  # the child's own usage, not that of every child so far
    finally:
        assert child.stdout is not None
        said = child.stdout.read()
        child.stdout.close()
    assert os.waitstatus_to_exitcode(status) == 0, said
    return usage.ru_maxrss, said  # KiB on Linux


@pytest.mark.parametrize("name", sorted(READERS))
def test_bombs_are_refused_in_bounded_memory(tmp_path: Path, name: str) -> None:
    baseline_path = tmp_path / "valid" / name
    baseline_path.parent.mkdir()
    baseline_path.write_text(VALID[name], encoding="utf-8")
    baseline, said = peak_kib_reading(baseline_path)
    assert said.startswith("read")
    for bomb, text in BOMBS.items():
        path = tmp_path / bomb.replace(" ", "-") / name
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        peak, said = peak_kib_reading(path)
        assert said.startswith(f"refused: {path}:"), (bomb, said)  # located, in the project's own words
        # The text itself is at most 400 KB; 64 MiB over the baseline is room for any allocator's noise.
        assert peak - baseline < 64 * 1024, f"{bomb}: {peak - baseline} KiB more than reading a valid file"


@pytest.mark.parametrize("bomb", sorted(BOMBS))
@pytest.mark.parametrize("name", sorted(READERS))
def test_each_bomb_is_refused_with_what_and_where(tmp_path: Path, name: str, bomb: str) -> None:
    path = tmp_path / name
    path.write_text(BOMBS[bomb], encoding="utf-8")
    with pytest.raises(ConfplanError) as caught:
        READERS[name](path)
    [problem] = caught.value.problems
    assert problem.path == str(path) and problem.line is not None and problem.column is not None
    expected = "anchors and aliases are not allowed" if bomb in ("billion laughs", "quadratic") else "nesting"
    assert expected in problem.message and "\n" not in problem.message


def test_only_plain_data_is_ever_built() -> None:
    """Every YAML type tag (sets, binary, ordered maps, timestamps, Python objects) is refused, not constructed."""
    for tag in ("!!set {a: null}", "!!binary aGk=", "!!omap [{a: 1}]", "!!timestamp 2023-05-02", "!!python/none ''"):
        with pytest.raises(ConfplanError, match=r"tags are not allowed in this file, it holds plain data only"):
            read_tree(f"value: {tag}\n", "x.yaml")
    # Untagged values stay text with their position: read_tree builds no int, date or bool of its own.
    root = read_tree("a: 2023-05-02\nb: [1, yes, null, 0x1F]\n", "x.yaml")
    assert isinstance(root, Mapping)
    leaves = [value for _, value in root.items]
    assert isinstance(leaves[0], Scalar) and leaves[0].value == "2023-05-02" and leaves[0].line == 1
    assert isinstance(leaves[1], Sequence)
    assert [item.value for item in leaves[1].items if isinstance(item, Scalar)] == ["1", "yes", "null", "0x1F"]


def test_a_bound_on_values_refuses_more_where_it_is_reached() -> None:
    """Each value costs a node, however short its text: an agenda packing 340,000 tiny picks into its byte limit
    took a minute and a gigabyte; agendas are read with a bound (store.MAX_VALUES)."""
    text = "picks:\n" + "".join(f"- {{id: a{i}, n: {i}}}\n" for i in range(10))
    assert read_tree(text, "a.yaml", max_values=100) is not None
    with pytest.raises(ConfplanError, match=r"a.yaml:5:8: more than 20 values"):
        read_tree(text, "a.yaml", max_values=20)
