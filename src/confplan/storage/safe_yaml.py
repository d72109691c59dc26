"""YAML for files people share: read as plain data with positions, written readable and diffable.

Reading never constructs Python objects: the parser's event stream is turned into a small tree of nodes that
remember their line and column, so that every later complaint can say where.  Tags (``!!python/object`` and
friends), anchors and aliases (the "billion laughs" bomb), deep nesting and oversized input are refused while
streaming, before any work proportional to their expansion is done.

Writing uses a SafeDumper that puts multi-line text in literal blocks (``|``), long text in folded blocks
(``>``) and keeps keys in the order given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from confplan.errors import ConfplanError, Problem

if TYPE_CHECKING:
    import yaml

# PyYAML is imported when a file is read or written, not with this module: importing it takes about 10 ms, which
# the planner's start need not spend on a programme without conference.yaml and an agenda not written yet.

#: More than any sensible hand-written data file needs; a deeper document is refused before it is built.
MAX_DEPTH = 20
#: Text longer than this is written in a folded block instead of on one line.
LONG_TEXT = 100
_WIDTH = 120

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass
class Node:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Scalar(Node):
    value: str
    plain: bool  # written without quotes or block style, so `null`, `1` and `yes` mean something to YAML

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in _NULLS


@dataclass
class Sequence(Node):
    items: list[Node] = field(default_factory=list)


@dataclass
class Mapping(Node):
    items: list[tuple[Node, Node]] = field(default_factory=list)


def describe(node: Node) -> str:
    """What a node is, in words for messages ("a list", "a mapping", "nothing", "text")."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    assert isinstance(node, Scalar)
    return "nothing (null)" if node.is_null else f"{node.value!r}"


# --- reading a tree: the checks every reader of a hand-written file makes, each failing with a location -----------


def located(node: Node, where: str, message: str) -> ConfplanError:
    """An error about ``node`` of the file ``where``, at the node's line and column."""
    return ConfplanError(Problem(message, where, node.line, node.column))


def fields_of(
    node: Node, where: str, expected: str, allowed: tuple[str, ...], within: str = ""
) -> dict[str, tuple[Scalar, Node]]:
    """A mapping's entries by key (key node, value node); one located error for anything else, a key given twice
    or a key not in ``allowed`` (``within`` names the mapping in that message: "a paper")."""
    if not isinstance(node, Mapping):
        raise located(node, where, f"expected {expected}; found {describe(node)}")
    found: dict[str, tuple[Scalar, Node]] = {}
    for key, value in node.items:
        if not isinstance(key, Scalar):
            raise located(key, where, f"a key should be a plain word; found {describe(key)}")
        name = key.value.strip()
        if name in found:
            raise located(key, where, f"the key {name!r} is given twice")
        if name not in allowed:
            inside = f" in {within}" if within else ""
            raise located(key, where, f"unknown key {name!r}{inside}; expected {', '.join(allowed)}")
        found[name] = (key, value)
    return found


def items_of(node: Node, where: str, expected: str) -> list[Node]:
    """A list's items; one located error for anything else (a missing value counts as an empty list)."""
    if isinstance(node, Scalar) and node.is_null:
        return []
    if not isinstance(node, Sequence):
        raise located(node, where, f"expected {expected}; found {describe(node)}")
    return node.items


def text_of(node: Node, where: str, expected: str) -> str:
    """A scalar's text, stripped ("" for null); one located error for a list or a mapping."""
    if not isinstance(node, Scalar):
        raise located(node, where, f"expected {expected}, not {describe(node)}")
    return "" if node.is_null else node.value.strip()


def read_tree(text: str, where: str, max_values: int | None = None) -> Node | None:
    """The one YAML document in ``text`` as located nodes, or None when it holds no document at all.

    ``max_values`` bounds the nodes built (each costs time and memory however short its text): more is refused.
    """
    import yaml

    parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same events, faster
    root: Node | None = None
    values = 0
    stack: list[Node] = []  # open collections, innermost last
    pending_key: list[Node | None] = []  # per open mapping: a key waiting for its value
    documents = 0

    def fail(message: str, mark: Any) -> ConfplanError:
        return ConfplanError(Problem(message, where, mark.line + 1, mark.column + 1))

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
        elif isinstance(parent, Mapping):
            key = pending_key[-1]
            if key is None:
                pending_key[-1] = node
            else:
                parent.items.append((key, node))
                pending_key[-1] = None

    try:
        for event in yaml.parse(text, Loader=parser):
            mark: Any = event.start_mark  # never None for events from a parser
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise fail("a second YAML document (---); the file must hold exactly one", mark)
            if isinstance(event, yaml.AliasEvent):
                raise fail(f"an alias (*{event.anchor}); anchors and aliases are not allowed in this file", mark)
            if not isinstance(event, yaml.NodeEvent):
                if isinstance(event, yaml.CollectionEndEvent):
                    closed = stack.pop()
                    if isinstance(closed, Mapping):
                        pending_key.pop()
                    attach(closed)
                continue
            if event.anchor is not None:
                raise fail(f"an anchor (&{event.anchor}); anchors and aliases are not allowed in this file", mark)
            tag = getattr(event, "tag", None)
            if tag is not None:
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                raise fail(f"the tag {shown}; tags are not allowed in this file, it holds plain data only", mark)
            line, column = mark.line + 1, mark.column + 1
            values += 1
            if max_values is not None and values > max_values:
                raise fail(f"more than {max_values:,} values; far more than this kind of file holds", mark)
            if isinstance(event, yaml.ScalarEvent):
                attach(Scalar(line, column, event.value, plain=bool(event.implicit[0])))
                continue
            if len(stack) >= MAX_DEPTH:
                raise fail(f"nesting deeper than {MAX_DEPTH} levels; this file is flat data", mark)
            if isinstance(event, yaml.MappingStartEvent):
                stack.append(Mapping(line, column))
                pending_key.append(None)
            else:
                stack.append(Sequence(line, column))
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. a control character
        raise _bad_character(text, chr(exc.character), where) from None
    except UnicodeEncodeError as exc:  # half a surrogate pair, which only a str (never a file) can hold
        raise _bad_character(text, text[exc.start], where) from None
    except yaml.MarkedYAMLError as exc:
        message = " ".join(part for part in (exc.context, exc.problem) if part) or "unreadable"
        mark = exc.problem_mark or exc.context_mark
        if mark is None:
            raise ConfplanError(Problem(f"not valid YAML: {message}", where)) from None
        raise fail(f"not valid YAML: {message}", mark) from None
    except yaml.YAMLError as exc:
        raise ConfplanError(Problem(f"not valid YAML: {exc}", where)) from None
    return root


def _bad_character(text: str, character: str, where: str) -> ConfplanError:
    """Locate the first ``character`` (the reader stops at the first one; libyaml reports bytes, not characters)."""
    at = text.find(character)
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return ConfplanError(
        Problem(f"not valid YAML: the character U+{ord(character):04X} cannot appear in it", where, line, column)
    )


# --- writing -----------------------------------------------------------------------------------------------------


# Text that YAML 1.2 readers (ruamel.yaml, yq, Go's and JavaScript's YAML libraries) take for a number, although
# PyYAML (YAML 1.1) writes it unquoted: ids such as 047845 (an integer there), 22e549 (infinity), 0x1f.  Quoted, so a
# colleague's tools read the agenda's ids as the text they are.
_NUMBER_IN_YAML_1_2 = re.compile(
    r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else ">" if len(text) > LONG_TEXT else None
    if "\x85" in text:  # PyYAML writes NEL as it is in other styles, then reads it back as a line break
        style = '"'
    elif _NUMBER_IN_YAML_1_2.fullmatch(text):
        style = "'"
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


@cache
def _block_dumper() -> type[yaml.SafeDumper]:
    """A SafeDumper with block style for long or multi-line text, and lists indented under their key."""
    import yaml

    class BlockDumper(yaml.SafeDumper):
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            super().increase_indent(flow, False)

    BlockDumper.add_representer(str, _represent_text)
    return BlockDumper


def dump(data: dict[str, Any]) -> str:
    """``data`` (dicts, lists, text, ints, None) as block-style YAML, keys in the order given.

    PyYAML falls back to a quoted style by itself when text cannot be written as a block (leading spaces,
    trailing spaces on a line, control characters), so what is written always reads back the same.
    """
    import yaml

    text: str = yaml.dump(
        data, Dumper=_block_dumper(), sort_keys=False, allow_unicode=True, width=_WIDTH, default_flow_style=False
    )
    return text


@cache
def fast_dump_available() -> bool:
    """Whether PyYAML was built with libyaml's emitter: the same text as ``dump`` for plain printable text of the
    Basic Multilingual Plane, about eight times faster (an agenda of 50,000 picks).  Its callers check what it
    wrote."""
    import yaml

    return hasattr(yaml, "CSafeDumper")


@cache
def _fast_block_dumper() -> type[yaml.SafeDumper]:
    import yaml

    class FastBlockDumper(yaml.CSafeDumper):
        pass

    FastBlockDumper.add_representer(str, _represent_text)  # type: ignore[arg-type]
    return FastBlockDumper  # type: ignore[return-value]


def dump_item_fast(data: dict[str, Any]) -> str:
    """``data`` as one item of a block list indented under its key (``  - key: …``), written by libyaml (only
    where ``fast_dump_available()``)."""
    import yaml

    text: str = yaml.dump(
        [data],
        Dumper=_fast_block_dumper(),
        sort_keys=False,
        allow_unicode=True,
        width=_WIDTH - 2,
        default_flow_style=False,
    )
    return "".join("  " + line if line.strip() else line for line in text.splitlines(keepends=True))
