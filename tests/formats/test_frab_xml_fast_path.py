"""schedule.xml read the fast way (the C parser, for documents without a DOCTYPE) gives what the careful way gives,
event line numbers included; anything unusual is left to the careful way."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.synthetic import generate, to_frab_xml
from confplan.formats import frab_xml
from confplan.formats.common import LoadOptions
from format_helpers import FIXTURES

PLAIN = ["fosdem_style.xml", "ccc_day_change.xml", "ccc_day_change_v2.xml", "pretalx_schedule.xml"]


def careful(data: bytes, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as patched:
        patched.setattr(frab_xml, "_read_plain_document", lambda data: None)
        return frab_xml.parse_frab_xml(data, "schedule.xml", LoadOptions())


@pytest.mark.parametrize("data", [(FIXTURES / name).read_bytes() for name in PLAIN] + [to_frab_xml(generate(300))])
def test_the_fast_way_reads_what_the_careful_way_reads(data: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    assert frab_xml._read_plain_document(data) is not None  # these documents do take the fast way
    fast = frab_xml.parse_frab_xml(data, "schedule.xml", LoadOptions())
    assert fast == careful(data, monkeypatch)
    assert all(e.source_line for e in fast[0].events())


def test_event_lines_with_crlf_and_event_like_text(monkeypatch: pytest.MonkeyPatch) -> None:
    data = to_frab_xml(generate(20)).replace(b"><", b">\r\n<")
    fast = frab_xml.parse_frab_xml(data, "schedule.xml", LoadOptions())
    assert fast == careful(data, monkeypatch)
    lines = data.split(b"\n")
    for event in fast[0].events():
        assert event.source_line is not None
        assert lines[event.source_line - 1].lstrip().startswith(b"<event")


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.replace(b"<schedule>", b"<schedule><!-- an <event> in a comment -->", 1),
        lambda d: d.replace(b"<schedule>", b'<!DOCTYPE schedule SYSTEM "x.dtd"><schedule>', 1),
        lambda d: d.replace(b"\n", b"\r"),  # old Mac line ends: expat counts them, the scan would not
        lambda d: d.replace(b"<schedule>", b"<schedule><day>", 1),  # not well-formed: the careful way says where
    ],
)
def test_unusual_documents_are_left_to_the_careful_way(change: object, tmp_path: Path) -> None:
    data = change(to_frab_xml(generate(5)))  # type: ignore[operator]
    assert frab_xml._read_plain_document(data) is None


@pytest.mark.parametrize(
    ("change", "fast"),
    [
        # <conference> after the days: its day_change and base_url still apply to every day.
        (lambda d: d.replace(b"<conference>", b"<x>", 1).replace(b"</conference>", b"</x>", 1), True),
        (
            lambda d: d.replace(b"</schedule>", b"<conference><day_change>10:00</day_change></conference></schedule>"),
            True,
        ),
        # An <event> outside the days: not listed; after the last day it changes nothing, before a day it makes
        # the events that ended with that day more than the day lists, and the careful way reads the document.
        (
            lambda d: d.replace(b"</schedule>", b"<extra><event id='0'><title>No</title></event></extra></schedule>"),
            True,
        ),
        (
            lambda d: d.replace(b"<schedule>", b"<schedule><extra><event id='0'><title>No</title></event></extra>", 1),
            False,
        ),
        (lambda d: d.replace(b"</day><day", b"</day><extra><event id='0'/></extra><day", 1), False),
        # A <day> where days do not go, and an <event> inside an <event>: left to the careful way.
        (lambda d: d.replace(b"<title>", b"<day date='2020-01-01'><event id='9'/></day><title>", 1), False),
        (lambda d: d.replace(b"<title>", b"<event id='9'><title>Inner</title></event><title>", 1), False),
    ],
)
def test_unusual_structures_are_read_as_the_careful_way_reads_them(
    change: object, fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = change(to_frab_xml(generate(200)))  # type: ignore[operator]
    assert data.count(b"<day ") > 1
    assert (frab_xml._read_plain_document(data) is not None) is fast
    assert frab_xml.parse_frab_xml(data, "schedule.xml", LoadOptions()) == careful(data, monkeypatch)


def test_the_fast_way_keeps_only_plain_strings_of_every_listed_event() -> None:
    data = to_frab_xml(generate(200))
    document = frab_xml._read_plain_document(data)
    assert document is not None and len(document.days) > 1
    assert sum(len(day.events) for day in document.days) == 200
    assert all(isinstance(text, str) for day in document.days for _, event in day.events for text in event[1:15])
