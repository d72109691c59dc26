"""A conference's paper list, from bytes to ``Paper`` records.

Three shapes are read (docs/papers.md shows each):

* OpenReview's notes, as its API returns them: ``{"notes": [{"id", "forum", "content": {"title", "abstract",
  "authors", "venue", …}}, …]}``; the values may be plain (API 1) or wrapped as ``{"value": …}`` (API 2).
* A plain JSON list of ``{title, abstract, authors, url, decision}`` (or an object holding it under ``papers`` or
  ``records``; ``paper_url``/``forum`` and ``presentation`` are understood for ``url`` and ``decision``).
* The same records as JSON Lines, one object per line.

Whatever is wrong is one ``ConfplanError`` naming the record (and its line, for JSON Lines) and what was expected.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from confplan.errors import ConfplanError, Problem
from confplan.formats.bounded_json import loads_bounded
from confplan.model import Paper

#: Limits no real list comes near; beyond them a "list" is something else, and is refused rather than kept.
MAX_PAPERS = 200_000
MAX_TITLE = 2_000
MAX_ABSTRACT = 50_000
MAX_AUTHORS = 1_000
OPENREVIEW_FORUM = "https://openreview.net/forum?id="
EXPECTED = (
    'expected OpenReview notes ({"notes": [...]}) or a JSON / JSON Lines list of '
    "{title, abstract, authors, url, decision}"
)
_WHAT = "a paper list"
_YEAR = re.compile(r"\b(?:19|20)\d\d\b\s*")


def parse_paper_list(data: bytes, where: str) -> tuple[Paper, ...]:
    """The papers in ``data`` (the contents of ``where``)."""
    text = _decode(data, where)
    stripped = text.lstrip()
    if stripped[:1] == "<":
        raise ConfplanError(
            Problem(f"this is an HTML or XML page, not a paper list (a login or Wi-Fi portal page?); {EXPECTED}", where)
        )
    if not stripped:
        raise ConfplanError(Problem(f"the paper list is empty; {EXPECTED}", where))
    try:
        whole = loads_bounded(text, where, _WHAT)
    except json.JSONDecodeError as exc:
        if stripped[:1] != "{" or "\n" not in stripped.rstrip():
            raise ConfplanError(Problem(f"not JSON: {exc.msg}; {EXPECTED}", where, exc.lineno, exc.colno)) from None
        return _records(_json_lines(text, where), where, by_line=True)
    return _records(enumerate(_top_level(whole, where), start=1), where, by_line=False)


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfplanError(Problem(f"not UTF-8 text (byte {exc.start}); {EXPECTED}", where)) from None


def _top_level(whole: object, where: str) -> list[Any]:
    if isinstance(whole, dict):
        for key in ("notes", "papers", "records"):
            if isinstance(whole.get(key), list):
                return whole[key]  # type: ignore[no-any-return]
        keys = ", ".join(sorted(map(str, whole))[:8]) or "none"
        raise ConfplanError(Problem(f"an object without a list of papers (its keys: {keys}); {EXPECTED}", where))
    if isinstance(whole, list):
        return whole
    raise ConfplanError(Problem(f"a single JSON {type(whole).__name__}, not a list of papers; {EXPECTED}", where))


def _json_lines(text: str, where: str) -> Iterable[tuple[int, Any]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, loads_bounded(line, where, _WHAT, first_line=number)
        except json.JSONDecodeError as exc:
            raise ConfplanError(
                Problem(f"not a JSON object: {exc.msg}; {EXPECTED}", where, number, exc.colno)
            ) from None


def _records(items: Iterable[tuple[int, Any]], where: str, by_line: bool) -> tuple[Paper, ...]:
    papers: list[Paper] = []
    for number, item in items:
        if len(papers) >= MAX_PAPERS:
            raise ConfplanError(Problem(f"refused: more than {MAX_PAPERS:,} papers", where))

        def fail(message: str, number: int = number) -> ConfplanError:
            if by_line:
                return ConfplanError(Problem(message, where, number))
            return ConfplanError(Problem(f"paper {number}: {message}", where))

        papers.append(_paper(item, fail))
    return tuple(papers)


def _paper(item: object, fail: Any) -> Paper:
    if not isinstance(item, dict):
        raise fail(f"expected an object {{title, abstract, …}}, got {_kind(item)}")
    content = item.get("content")
    if isinstance(content, dict):  # an OpenReview note
        fields = {key: _unwrapped(value) for key, value in content.items()}
        forum = item.get("forum") or item.get("id")
        url = f"{OPENREVIEW_FORUM}{forum}" if isinstance(forum, str) and forum.isprintable() else ""
        decision = _decision(_text(fields, "venue", fail, 500))
    else:
        fields = item
        url = _text(fields, "url", fail, 2_000) or _text(fields, "paper_url", fail, 2_000)
        decision = _text(fields, "decision", fail, 500) or _text(fields, "presentation", fail, 500)
    title = " ".join(_text(fields, "title", fail, MAX_TITLE).split())
    if not title:
        raise fail("'title' is missing or empty")
    return Paper(
        title=title,
        abstract=_text(fields, "abstract", fail, MAX_ABSTRACT).strip(),
        authors=_authors(fields.get("authors"), fail),
        url=url if url.startswith(("https://", "http://")) else "",
        decision=" ".join(decision.split()),
    )


def _unwrapped(value: object) -> object:
    """API 2 wraps every value: {"value": …}."""
    return value["value"] if isinstance(value, dict) and "value" in value else value


def _text(fields: dict[str, Any], key: str, fail: Any, limit: int) -> str:
    value = fields.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise fail(f"'{key}' should be text, got {_kind(value)}")
    if len(value) > limit:
        raise fail(f"'{key}' is {len(value):,} characters long, more than {limit:,}")
    return value


def _authors(value: object, fail: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [name for name in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise fail(f"'authors' should be a list of names, got {_kind(value)}")
    if len(value) > MAX_AUTHORS or any(len(name) > 500 for name in value):
        raise fail(f"'authors' is too long (more than {MAX_AUTHORS} names, or a name of more than 500 characters)")
    return tuple(name for name in (" ".join(n.split()) for n in value) if name)


def _decision(venue: str) -> str:
    """'ICLR 2023 notable top 5%' → 'notable top 5%': what follows the year, else the whole venue."""
    parts = _YEAR.split(venue, maxsplit=1)
    return parts[1] if len(parts) == 2 and parts[1] else venue


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}
    return "nothing" if value is None else names.get(type(value), type(value).__name__)
