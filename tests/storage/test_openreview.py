"""Fetching a venue's papers from a server on 127.0.0.1 that answers like OpenReview's notes API: paging, busy
answers asked again, a server that does not answer in time, revalidation, and offline use of what was fetched."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from confplan.errors import ConfplanError
from confplan.storage.openreview import fetch_venue

VENUE = "ICLR.cc/2023/Conference"


def note(number: int) -> dict[str, object]:
    return {
        "id": f"n{number}",
        "forum": f"n{number}",
        "content": {
            "title": f"Paper {number}",
            "abstract": f"Abstract {number}.",
            "authors": [f"Author {number}"],
            "venue": "ICLR 2023 poster",
            "venueid": VENUE,
        },
    }


@dataclass
class NotesApi:
    """What the imitation serves, how it misbehaves, and what it was asked."""

    notes: list[dict[str, object]] = field(default_factory=lambda: [note(i) for i in range(5)])
    busy: list[int] = field(default_factory=list)  # statuses to answer with first, one per request (429, 503…)
    delay: float = 0.0  # seconds before answering
    asked: list[dict[str, list[str]]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    api: NotesApi

    def do_GET(self) -> None:
        api = self.api
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        api.asked.append(query)
        if api.delay:
            time.sleep(api.delay)
        if api.busy:
            status = api.busy.pop(0)
            api.statuses.append(status)
            self.send_response(status)
            self.send_header("Retry-After", "0")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if url.path != "/notes" or query.get("content.venueid") != [VENUE]:
            api.statuses.append(404)
            self.send_error(404)
            return
        offset, limit = int(query["offset"][0]), int(query["limit"][0])
        page = api.notes[offset : offset + limit]
        body = json.dumps({"notes": page, "count": len(api.notes)}).encode()
        etag = f'"{offset}-{len(api.notes)}"'
        if self.headers.get("If-None-Match") == etag:
            api.statuses.append(304)
            self.send_response(304)
            self.end_headers()
            return
        api.statuses.append(200)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        with suppress(BrokenPipeError, ConnectionResetError):  # a client that gave up waiting (the timeout test)
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)  # the server is on 127.0.0.1; never ask a proxy
    monkeypatch.delenv("CONFPLAN_OFFLINE", raising=False)


@dataclass
class Running:
    api: NotesApi
    url: str
    httpd: ThreadingHTTPServer

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Running]:
    api = NotesApi()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (_Handler,), {"api": api}))
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    running = Running(api, f"http://127.0.0.1:{httpd.server_address[1]}", httpd)
    monkeypatch.setenv("CONFPLAN_OPENREVIEW_API", running.url)
    yield running
    running.stop()


def no_sleep(seconds: float) -> None:
    pass


def test_every_page_is_fetched_and_only_the_venue_id_is_sent(server: Running) -> None:
    paper_list, notes = fetch_venue(VENUE, page_size=2, sleep=no_sleep)
    assert [p.title for p in paper_list.papers] == [f"Paper {i}" for i in range(5)]
    assert paper_list.papers[0].url == "https://openreview.net/forum?id=n0"
    assert paper_list.papers[0].decision == "poster"
    assert notes == ()
    assert [q["offset"] for q in server.api.asked] == [["0"], ["2"], ["4"]]
    assert all(set(q) == {"content.venueid", "offset", "limit"} for q in server.api.asked)


def test_busy_answers_are_asked_again(server: Running) -> None:
    server.api.busy = [429, 503]
    paper_list, _ = fetch_venue(VENUE, page_size=10, sleep=no_sleep)
    assert len(paper_list.papers) == 5
    assert server.api.statuses == [429, 503, 200]


def test_a_server_that_stays_busy_is_one_message(server: Running) -> None:
    server.api.busy = [503] * 10
    with pytest.raises(ConfplanError, match="cannot download the paper list: the server answered 503"):
        fetch_venue(VENUE, page_size=10, sleep=no_sleep)
    assert len(server.api.statuses) == 4  # the first try and 3 more


def test_a_second_fetch_revalidates_and_offline_uses_the_pages_fetched_before(server: Running) -> None:
    fetch_venue(VENUE, page_size=10, sleep=no_sleep)
    fetch_venue(VENUE, page_size=10, sleep=no_sleep)
    assert server.api.statuses == [200, 304]
    server.stop()
    offline, notes = fetch_venue(VENUE, page_size=10, offline=True)
    assert len(offline.papers) == 5
    assert notes and notes[0].startswith("offline: using the paper list cached")
    unreachable, notes = fetch_venue(VENUE, page_size=10, sleep=no_sleep, timeout=2)
    assert len(unreachable.papers) == 5
    assert "could not check for a newer paper list" in notes[0]


def test_offline_by_the_environment_never_asks(server: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFPLAN_OFFLINE", "1")
    with pytest.raises(ConfplanError, match="offline, and no paper list was downloaded from here before"):
        fetch_venue(VENUE)
    assert server.api.asked == []


def test_a_server_that_does_not_answer_in_time(server: Running) -> None:
    server.api.delay = 1.5
    started = time.monotonic()
    with pytest.raises(ConfplanError, match="no answer within the time limit"):
        fetch_venue(VENUE, timeout=0.3, sleep=no_sleep)
    assert time.monotonic() - started < 10


def test_a_venue_without_papers_and_a_portal_page(server: Running, tmp_path: Path) -> None:
    server.api.notes = []
    with pytest.raises(ConfplanError, match="OpenReview lists no paper for the venue id"):
        fetch_venue(VENUE, sleep=no_sleep)
    server.api.notes = ["<html>Sign in to the hotel Wi-Fi</html>"]  # type: ignore[list-item]
    with pytest.raises(ConfplanError, match="paper 1: expected an object"):
        fetch_venue(VENUE, sleep=no_sleep)
