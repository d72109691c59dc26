"""Schedule text that tries to act (markup, escape sequences, bidi overrides, NUL, huge lines) stays inert text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from confplan.cli import main

HOSTILE_ABSTRACT = (
    "[bold red]Not bold[/] [ AD10 ] [/] [link=https://evil.example]x[/link] "
    "\x1b[31mred\x1b[0m \x1b]0;pwned title\x07 \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ "
    "\u202egnp.exe\u202c nul\x00byte bell\x07 backspace\x08 "
    "END:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected"
)


@pytest.fixture
def hostile_schedule(tmp_path: Path) -> Path:
    lines = [
        "Poster Session 3 Tue 2 May 11:30 a.m.",
        "[ MH1 ]",
        HOSTILE_ABSTRACT.replace("\r\n", " "),
        "[ MH1 ]",
        "x" * 1_000_000,
    ]
    path = tmp_path / "programme.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "conference.yaml").write_text("timezone: Africa/Kigali\nyear: 2023\n")
    return path


def test_plain_output_never_carries_control_characters(
    hostile_schedule: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in (["list"], ["list", "--search", "bold"]):
        assert main(["--schedule", str(hostile_schedule), *args]) == 0
        out = capsys.readouterr().out
        assert out
        assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0 for c in out)
        assert "\u202e" not in out
        assert "[bold red]Not bold[/]" in out  # shown literally, not interpreted
    (poster_id,) = [e["id"] for e in _events(hostile_schedule, capsys) if "Not bold" in e["title"]]
    assert main(["--schedule", str(hostile_schedule), "show", poster_id]) == 0
    shown = capsys.readouterr().out
    assert "\\x1b[31mred\\x1b[0m" in shown and "\\u202e" in shown and "\\x00" in shown
    assert "\x1b" not in shown


def test_json_output_keeps_the_text_exactly(hostile_schedule: Path, capsys: pytest.CaptureFixture[str]) -> None:
    abstracts = [e["abstract"] for e in _events(hostile_schedule, capsys) if e["level"] == "presentation"]
    assert abstracts[0] == HOSTILE_ABSTRACT.replace("\r\n", " ")  # JSON escapes it; the data is not altered
    assert len(abstracts[1]) == 1_000_000


def _events(path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    assert main(["--schedule", str(path), "list", "--json"]) == 0
    events: list[dict[str, str]] = json.loads(capsys.readouterr().out)
    return events
