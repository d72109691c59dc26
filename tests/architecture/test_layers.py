"""The package's layers, checked from the source: every import (at the top or inside a function) points down.

The picture is in docs/architecture.md.  A module may import its own layer and the layers below it, never one
above: a parser never saves a file, the planning rules never know a file format, and nothing below the planner
knows Textual.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "confplan"

#: Lowest first.  A module belongs to the first entry its dotted name starts with.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("confplan.text",),
    ("confplan.errors", "confplan.collector", "confplan.model", "confplan.__init__"),
    ("confplan.domain",),
    ("confplan.formats",),
    ("confplan.storage",),
    ("confplan.views",),
    ("confplan.tui",),
    ("confplan.cli", "confplan.__main__"),
)

#: Only the planner (and the command line, for a download bar) may import what draws on a terminal.
DRAWING = ("textual", "rich")
DRAWING_FROM = "confplan.tui"


def layer_of(module: str) -> int:
    if module == "confplan":
        module = "confplan.__init__"
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    raise AssertionError(f"{module} is in no layer: add its folder to LAYERS and to docs/architecture.md")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in the file, resolving relative ones and ``from confplan import x``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = module_name(path).split(".")
                keep = here[: len(here) - node.level + (1 if path.name == "__init__.py" else 0)]
                base = ".".join([*keep, base] if base else keep)
            found.append((node.lineno, base))
            if base == "confplan" or (base.startswith("confplan.") and node.level == 0):
                # `from confplan import model` names a module; `from confplan.x import name` names a thing in x.
                found += [
                    (node.lineno, f"{base}.{a.name}")
                    for a in node.names
                    if (PACKAGE.parent / base.replace(".", "/") / a.name).exists()
                    or (PACKAGE.parent / base.replace(".", "/") / f"{a.name}.py").exists()
                ]
    return found


def upward_imports() -> list[str]:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = module_name(path)
        rank = layer_of(here)
        for line, target in imports_of(path):
            top = target.split(".")[0]
            if top in DRAWING and not (here.startswith(DRAWING_FROM) or here.startswith("confplan.cli")):
                wrong.append(
                    f"{path.relative_to(PACKAGE.parent)}:{line}: {here} imports {target}, but only the planner draws"
                )
            if top != "confplan" or target == "confplan":
                continue
            if layer_of(target) > rank:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {here} imports {target}, a layer above it")
    return wrong


def test_every_import_points_down() -> None:
    assert upward_imports() == []


@pytest.mark.parametrize(
    "folder", sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())
)
def test_every_folder_has_a_layer(folder: str) -> None:
    layer_of(f"confplan.{folder}")


def test_no_module_imports_another_modules_private_names() -> None:
    """A name starting with ``_`` is its module's own business: what others need is made public where it belongs."""
    private = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("confplan"):
                names = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
                private += [f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {node.module}.{n}" for n in names]
    assert private == []
