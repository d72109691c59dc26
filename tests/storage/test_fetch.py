"""--schedule URL: first download, revalidation (304 with ETag / Last-Modified), offline fallback from the cache.

A real HTTP server on 127.0.0.1 serves the schedule; the cache lives in a temporary directory.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from confplan.cli import main
from confplan.errors import ConfplanError
from confplan.formats.common import Note
from confplan.storage.fetch import fetch_schedule
from confplan.storage.loading import load_schedule
from format_helpers import FIXTURES

SCHEDULE = (FIXTURES / "pretalx_schedule.json").read_bytes()
LAST_MODIFIED = "Mon, 17 Apr 2023 08:00:00 GMT"


@dataclass
class Site:
    """What the test server serves and what it was asked."""

    body: bytes = SCHEDULE
    etag: str | None = '"v1"'
    last_modified: str | None = LAST_MODIFIED
    fail_with: int | None = None  # answer every request with this error status
    requests: list[dict[str, str]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def do_GET(self) -> None:
        site = self.site
        site.requests.append({k.lower(): v for k, v in self.headers.items()})
        if site.fail_with is not None:
            site.statuses.append(site.fail_with)
            self.send_error(site.fail_with)
            return
        fresh = (site.etag is not None and self.headers.get("If-None-Match") == site.etag) or (
            site.etag is None
            and site.last_modified is not None
            and self.headers.get("If-Modified-Since") == site.last_modified
        )
        if fresh:
            site.statuses.append(304)
            self.send_response(304)
            self.end_headers()
            return
        site.statuses.append(200)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(site.body)))
        if site.etag:
            self.send_header("ETag", site.etag)
        if site.last_modified:
            self.send_header("Last-Modified", site.last_modified)
        self.end_headers()
        self.wfile.write(site.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Server:
    site: Site
    url: str
    stop: object


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("CONFPLAN_CACHE_DIR", str(cache))
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)  # the server is on 127.0.0.1; never ask a proxy
    return cache


@pytest.fixture
def server() -> Iterator[Server]:
    site = Site()
    handler = type("Handler", (_Handler,), {"site": site})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    port = httpd.server_address[1]

    def stop() -> None:
        httpd.shutdown()
        httpd.server_close()

    yield Server(site, f"http://127.0.0.1:{port}/pyconde-2023/schedule.json", stop)
    if thread.is_alive():
        stop()


T0 = datetime(2023, 4, 10, 12, 0, tzinfo=UTC)


def test_first_download_is_cached(server: Server, isolated_cache: Path) -> None:
    fetched = fetch_schedule(server.url, now=lambda: T0)
    assert fetched.content == SCHEDULE and fetched.notes == ()
    assert server.site.statuses == [200]
    assert "if-none-match" not in server.site.requests[0]
    assert server.site.requests[0]["user-agent"].startswith("confplan/")
    assert fetched.cached_path.read_bytes() == SCHEDULE
    assert fetched.cached_path.parent == isolated_cache / "schedules"
    assert fetched.cached_path.name.endswith("-schedule.json")


def test_second_load_revalidates_with_etag_and_gets_304(server: Server) -> None:
    fetch_schedule(server.url, now=lambda: T0)
    server.site.body = b"this would be wrong: the server says 304 before sending it"
    fetched = fetch_schedule(server.url, now=lambda: T0 + timedelta(hours=1))
    assert server.site.statuses == [200, 304]
    assert server.site.requests[1]["if-none-match"] == '"v1"'
    assert server.site.requests[1]["if-modified-since"] == LAST_MODIFIED
    assert fetched.content == SCHEDULE and fetched.notes == ()


def test_revalidation_with_last_modified_only(server: Server) -> None:
    server.site.etag = None
    fetch_schedule(server.url, now=lambda: T0)
    fetched = fetch_schedule(server.url, now=lambda: T0)
    assert server.site.statuses == [200, 304]
    assert "if-none-match" not in server.site.requests[1]
    assert fetched.content == SCHEDULE


def test_a_changed_schedule_is_downloaded_again(server: Server) -> None:
    fetch_schedule(server.url, now=lambda: T0)
    server.site.body, server.site.etag = SCHEDULE.replace(b"Keynote: Open", b"Keynote: Closed"), '"v2"'
    fetched = fetch_schedule(server.url, now=lambda: T0)
    assert server.site.statuses == [200, 200] and b"Keynote: Closed" in fetched.content
    assert fetched.cached_path.read_bytes() == fetched.content


def test_offline_falls_back_to_the_cache_and_says_how_old_it_is(server: Server) -> None:
    fetch_schedule(server.url, now=lambda: T0)
    fetch_schedule(server.url, now=lambda: T0 + timedelta(hours=5))  # a 304: confirmed current then
    server.stop()  # type: ignore[operator]
    fetched = fetch_schedule(server.url, now=lambda: T0 + timedelta(days=2, hours=5), timeout=5)
    assert fetched.content == SCHEDULE
    (note,) = fetched.notes
    assert "could not check for a newer schedule" in note
    assert "using the copy cached 2 days ago (last confirmed 2023-04-10 17:00 UTC)" in note


def test_offline_without_a_cache_is_a_clear_error(server: Server) -> None:
    server.stop()  # type: ignore[operator]
    with pytest.raises(ConfplanError) as caught:
        fetch_schedule(server.url, timeout=5)
    (problem,) = caught.value.problems
    assert problem.path == server.url and "cannot download the schedule" in problem.message
    assert "no cached copy" in problem.message


def test_a_server_error_uses_the_cache_too(server: Server) -> None:
    fetch_schedule(server.url, now=lambda: T0)
    server.site.fail_with = 503
    fetched = fetch_schedule(server.url, now=lambda: T0 + timedelta(minutes=30))
    assert fetched.content == SCHEDULE and server.site.statuses == [200, 503]
    assert "the server answered 503 Service Unavailable" in fetched.notes[0] and "30 minutes ago" in fetched.notes[0]


def test_a_server_error_without_a_cache_names_the_status(server: Server) -> None:
    server.site.fail_with = 404
    with pytest.raises(ConfplanError, match="the server answered 404 Not Found, and there is no cached copy"):
        fetch_schedule(server.url)


def test_load_schedule_from_a_url_recognises_the_format(server: Server) -> None:
    conference, reported = load_schedule(server.url)
    assert conference.name == "PyCon DE & PyData Berlin 2023" and len(conference) == 4
    assert conference.source_path == server.url and reported == []
    server.stop()  # type: ignore[operator]
    offline, reported = load_schedule(server.url)
    assert [e.id for e in offline.events()] == [e.id for e in conference.events()]
    assert len(reported) == 1 and isinstance(reported[0], Note) and "using the copy cached" in reported[0].message


def test_cli_with_a_url_and_a_progress_bar_request(server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    told: list[tuple[int, int | None]] = []
    fetched = fetch_schedule(server.url, progress=lambda received, total: told.append((received, total)))
    assert fetched.content == SCHEDULE
    assert told and told[-1][0] == len(SCHEDULE) and all(a[0] < b[0] for a, b in itertools.pairwise(told))
    capsys.readouterr()
    assert main(["--schedule", server.url, "list"]) == 0
    out, err = capsys.readouterr()
    assert "Keynote: Open Source Sustainability" in out and err == ""  # no bar when stderr is not a terminal


def test_the_planner_is_told_the_download_in_tenths_of_a_megabyte() -> None:
    from confplan.tui.launch import _download_told_by

    lines: list[str] = []
    progress = _download_told_by(lines.append)
    for received in [*range(0, 400_000, 65_536), 400_000]:
        progress(received, 400_000)
    assert lines == [f"Downloading the schedule ({mb} of 0.4 MB)" for mb in ("0.0", "0.1", "0.2", "0.3", "0.4")]
