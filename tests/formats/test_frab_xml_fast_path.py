"""schedule.xml read the fast way (the C parser, for documents without a DOCTYPE) gives what the careful way gives,
event line numbers included; anything unusual is left to the careful way."""

from __future__ import annotations

from pathlib import Path

import pytest
from format_helpers import FIXTURES

from bench.synthetic import generate, to_frab_xml
from confplan.formats import frab_xml
from confplan.formats.common import ImportOptions

PLAIN = ["fosdem_style.xml", "ccc_day_change.xml", "ccc_day_change_v2.xml", "pretalx_schedule.xml"]


def careful(data: bytes, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as patched:
        patched.setattr(frab_xml, "_parse_plain_document", lambda data: None)
        return frab_xml.parse_frab_xml(data, "schedule.xml", ImportOptions())


@pytest.mark.parametrize("data", [(FIXTURES / name).read_bytes() for name in PLAIN] + [to_frab_xml(generate(300))])
def test_the_fast_way_reads_what_the_careful_way_reads(data: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    assert frab_xml._parse_plain_document(data) is not None  # these documents do take the fast way
    fast = frab_xml.parse_frab_xml(data, "schedule.xml", ImportOptions())
    assert fast == careful(data, monkeypatch)
    assert all(e.source_line for e in fast[0].events())


def test_event_lines_with_crlf_and_event_like_text(monkeypatch: pytest.MonkeyPatch) -> None:
    data = to_frab_xml(generate(20)).replace(b"><", b">\r\n<")
    fast = frab_xml.parse_frab_xml(data, "schedule.xml", ImportOptions())
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
    assert frab_xml._parse_plain_document(data) is None
