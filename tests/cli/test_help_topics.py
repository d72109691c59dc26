"""What messages and agenda files point to is installed: `confplan help TOPIC` prints it (issue 15)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from confplan.cli.help_cmds import TOPICS
from confplan.storage.store import HEADER

SOURCE = Path(__file__).resolve().parents[2] / "src" / "confplan"


def run_installed(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "confplan", *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_every_topic_is_printed_by_the_installed_package(tmp_path: Path) -> None:
    listing = run_installed("help", cwd=tmp_path)
    assert listing.returncode == 0 and all(topic in listing.stdout for topic in TOPICS)
    shown = run_installed("help", "agenda-format", cwd=tmp_path)
    assert shown.returncode == 0 and shown.stdout.startswith("# ") and "priority" in shown.stdout
    # The start of one topic's name is that topic ("agenda" was refused although agenda-format is the only one).
    assert run_installed("help", "agenda", cwd=tmp_path).stdout == shown.stdout
    wrong = run_installed("help", "agendas", cwd=tmp_path)
    assert wrong.returncode == 2 and "no help topic 'agendas'" in wrong.stderr and "Traceback" not in wrong.stderr


def test_no_message_points_to_a_docs_file_a_user_does_not_have() -> None:
    """User-facing strings name `confplan help TOPIC`, not docs/… (docstrings and comments may)."""
    pointing = re.compile(r"docs/[a-z-]+\.md")
    found = []
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        found += [
            f"{path.name}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and pointing.search(node.value)
        ]
    assert found == []
    assert "confplan help agenda-format" in HEADER


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_each_topic_names_an_existing_document(topic: str) -> None:
    assert (SOURCE.parents[1] / "docs" / TOPICS[topic][0]).is_file()
