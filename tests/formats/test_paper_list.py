"""Reading paper lists: OpenReview notes (API 1 and 2), plain JSON, JSON Lines, and everything else refused in one
message."""

from __future__ import annotations

import json

import pytest

from confplan.errors import ConfplanError
from confplan.formats.paper_list import parse_paper_list
from confplan.model import Paper

NOTE_V1 = {
    "id": "abc",
    "forum": "abc",
    "content": {
        "title": "Counting  Substructures",
        "abstract": "We count.",
        "authors": ["Ada Lovelace", "Alan Turing"],
        "venue": "ICLR 2023 notable top 5%",
        "venueid": "ICLR.cc/2023/Conference",
    },
}
NOTE_V2 = {
    "id": "xyz",
    "forum": "xyz",
    "content": {
        "title": {"value": "Four-Step Diffusion"},
        "abstract": {"value": "We distil."},
        "authors": {"value": ["Grace Hopper"]},
        "venue": {"value": "ICLR 2024 poster"},
    },
}


def test_openreview_notes_of_either_api() -> None:
    papers = parse_paper_list(json.dumps({"notes": [NOTE_V1, NOTE_V2], "count": 2}).encode(), "notes.json")
    assert papers == (
        Paper(
            "Counting Substructures",
            "We count.",
            ("Ada Lovelace", "Alan Turing"),
            "https://openreview.net/forum?id=abc",
            "notable top 5%",
        ),
        Paper("Four-Step Diffusion", "We distil.", ("Grace Hopper",), "https://openreview.net/forum?id=xyz", "poster"),
    )


def test_plain_json_and_json_lines_say_the_same() -> None:
    records = [
        {"title": "A", "abstract": "x", "authors": ["P"], "url": "https://e.org/a", "decision": "oral"},
        {"title": "B", "authors": "Q, R", "paper_url": "https://e.org/b", "presentation": "poster"},
    ]
    as_list = parse_paper_list(json.dumps(records).encode(), "l.json")
    as_object = parse_paper_list(json.dumps({"records": records}).encode(), "o.json")
    as_lines = parse_paper_list("\n".join(json.dumps(r) for r in records).encode(), "l.jsonl")
    assert as_list == as_object == as_lines
    assert as_list[1] == Paper("B", "", ("Q", "R"), "https://e.org/b", "poster")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "the paper list is empty"),
        (b"<!DOCTYPE html><html><title>Log in to the Wi-Fi</title>", "HTML or XML page, not a paper list"),
        (b"title,abstract\nA,B", "not JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"notes": 3}', "an object without a list of papers (its keys: notes)"),
        (b'"a string"', "a single JSON str"),
        (b"[1, 2]", "paper 1: expected an object"),
        (b'[{"abstract": "no title"}]', "paper 1: 'title' is missing or empty"),
        (b'[{"title": ["A"]}]', "paper 1: 'title' should be text, got a list"),
        (b'[{"title": "A", "authors": [1]}]', "paper 1: 'authors' should be a list of names"),
        (b'{"title": "A"}\n{"title": ', ":2:11: not a JSON object"),
        (b"[" * 100_000 + b"]" * 100_000, "nested more than 32 levels deep"),
        (b'[{"title": "A", "n": ' + b"9" * 5000 + b"}]", ":1:22: a number of 5,000 characters"),
        (b'{"title": "A"}\n{"title": "B", "n": NaN}', ":2:21: NaN is not a JSON value"),
        (b'{"title": "A"}\n{"title": ' + b"[" * 50 + b"]" * 50 + b"}", ":2:42: JSON nested more than 32 levels deep"),
    ],
    ids=lambda value: value[:40] if isinstance(value, bytes) else None,
)
def test_bad_lists_are_one_clear_message(data: bytes, expected: str) -> None:
    with pytest.raises(ConfplanError) as raised:
        parse_paper_list(data, "list.json")
    assert len(raised.value.problems) == 1
    assert expected in str(raised.value)
    assert str(raised.value).startswith("list.json")


def test_a_giant_title_is_refused_and_markup_is_kept_as_text() -> None:
    with pytest.raises(ConfplanError, match="'title' is 100,000 characters long"):
        parse_paper_list(json.dumps([{"title": "x" * 100_000}]).encode(), "l.json")
    (paper,) = parse_paper_list(json.dumps([{"title": "[b]Bold[/b] <i>\x1b[31m", "url": "javascript:x"}]).encode(), "")
    assert paper.title == "[b]Bold[/b] <i>\x1b[31m"  # data; whoever shows it makes it printable
    assert paper.url == ""  # only http(s) links are kept
