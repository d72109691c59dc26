"""XML attacks: entity expansion bombs and external entities are refused; external DTDs are never fetched."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from confplan.errors import ConfplanError
from confplan.storage.loading import load_schedule
from format_helpers import FIXTURES


@pytest.mark.parametrize("name", ["billion_laughs.xml", "external_entity.xml", "external_parameter_entity.xml"])
def test_entity_declarations_are_refused(name: str) -> None:
    with pytest.raises(ConfplanError) as caught:
        load_schedule(FIXTURES / name)
    (problem,) = caught.value.problems
    assert problem.message.startswith("refused: the XML declares entities")
    assert problem.line == 3  # refused at the first <!ENTITY …>, before anything is expanded


def test_no_local_file_content_leaks_into_the_error() -> None:
    with pytest.raises(ConfplanError) as caught:
        load_schedule(FIXTURES / "external_entity.xml")
    assert "root:" not in str(caught.value)


class _Recorder(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        _Recorder.requests.append(self.path)
        body = b'<!ENTITY title "from the network">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_an_external_dtd_is_never_fetched(tmp_path: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        document = tmp_path / "schedule.xml"
        document.write_text(
            f'<?xml version="1.0"?>\n<!DOCTYPE schedule SYSTEM "http://127.0.0.1:{port}/evil.dtd">\n'
            "<schedule><conference><title>Plain</title><time_zone_name>UTC</time_zone_name></conference>"
            '<day date="2023-01-01"><room name="A"><event id="1"><start>10:00</start><duration>00:30</duration>'
            "<title>Safe</title></event></room></day></schedule>\n"
        )
        conference, _ = load_schedule(document)
    finally:
        server.shutdown()
        server.server_close()
    assert [e.title for e in conference.events()] == ["Safe"]
    assert _Recorder.requests == []
