"""Issue 20, class 8: what a network can hand over instead of a schedule.

A real HTTP server on 127.0.0.1 plays each part: a server that trickles a byte every two seconds (each read is
within its timeout, the download never ends), a captive portal (a hotel's wifi answering 200 with its login page
after a good download had been cached), a redirect to ftp://, and addresses that are not ASCII or not addresses.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from format_helpers import FIXTURES
from hostile.child import assert_refused_cleanly, run_confplan

SCHEDULE = (FIXTURES / "pretalx_schedule.json").read_bytes()
PORTAL = b"<!DOCTYPE html><html><head><title>Hotel WiFi</title></head><body>Please log in</body></html>"


@dataclass
class Behaviour:
    mode: str = "schedule"  # schedule, portal, trickle, ftp, offline
    paths: list[str] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    behaviour: Behaviour

    def do_GET(self) -> None:
        self.behaviour.paths.append(self.path)
        mode = self.behaviour.mode
        if mode == "offline":  # hang up without an answer, as a dead network would
            self.close_connection = True
            return
        if mode == "ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/schedule.json")
            self.end_headers()
            return
        body, kind = (PORTAL, "text/html; charset=utf-8") if mode == "portal" else (SCHEDULE, "application/json")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if mode != "trickle":
            self.wfile.write(body)
            return
        for byte in body[:20]:
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(2)

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Server:
    behaviour: Behaviour
    base: str


@pytest.fixture
def server() -> Iterator[Server]:
    behaviour = Behaviour()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (_Handler,), {"behaviour": behaviour}))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield Server(behaviour, f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.shutdown()
    httpd.server_close()


def test_a_trickling_server_is_given_up_at_the_deadline(server: Server, private_env: dict[str, str]) -> None:
    server.behaviour.mode = "trickle"
    url = f"{server.base}/schedule.json"
    outcome = run_confplan("--schedule", url, "--download-timeout", "3", "list", env=private_env)
    assert_refused_cleanly(outcome, "no answer within the time limit (3 s in all")
    assert outcome.seconds < 3 + 4, outcome.describe()  # the deadline, plus starting Python


def test_a_captive_portal_never_replaces_the_good_copy(
    server: Server, private_env: dict[str, str], tmp_path: Path
) -> None:
    url = f"{server.base}/schedule.json"
    first = run_confplan("--schedule", url, "list", env=private_env)
    assert first.status == 0 and "Keynote: Open Source Sustainability" in first.stdout, first.describe()
    server.behaviour.mode = "portal"
    behind_the_portal = run_confplan("--schedule", url, "list", env=private_env)
    assert behind_the_portal.status == 0, behind_the_portal.describe()
    assert "Keynote: Open Source Sustainability" in behind_the_portal.stdout
    assert "it looks like a login page" in behind_the_portal.stderr
    assert "using the copy cached" in behind_the_portal.stderr
    cached = [p for p in (tmp_path / "cache" / "schedules").iterdir() if p.suffix == ".json" and "-schedule" in p.name]
    assert any(p.read_bytes() == SCHEDULE for p in cached)
    server.behaviour.mode = "offline"
    offline = run_confplan("--schedule", url, "list", env=private_env)
    assert offline.status == 0 and "Keynote: Open Source Sustainability" in offline.stdout, offline.describe()
    assert "using the copy cached" in offline.stderr


def test_a_captive_portal_without_a_cached_copy_says_what_it_is(server: Server, private_env: dict[str, str]) -> None:
    server.behaviour.mode = "portal"
    outcome = run_confplan("--schedule", f"{server.base}/schedule.json", "list", env=private_env)
    assert_refused_cleanly(outcome, "it looks like a login page")


def test_a_redirect_to_ftp_is_not_followed(server: Server, private_env: dict[str, str]) -> None:
    server.behaviour.mode = "ftp"
    outcome = run_confplan("--schedule", f"{server.base}/schedule.json", "list", env=private_env)
    assert_refused_cleanly(outcome, "which is not an http or https address")


def test_a_non_ascii_address_is_encoded(server: Server, private_env: dict[str, str]) -> None:
    outcome = run_confplan("--schedule", f"{server.base}/programm-ü/plan.json?tag=é", "list", env=private_env)
    assert outcome.status == 0 and "Keynote: Open Source Sustainability" in outcome.stdout, outcome.describe()
    assert server.behaviour.paths == ["/programm-%C3%BC/plan.json?tag=%C3%A9"]


@pytest.mark.parametrize("address", ["http://[", "http://", "https://exa mple..org/x", "http://host:99999/x"])
def test_a_malformed_address_is_one_clear_message(address: str, private_env: dict[str, str]) -> None:
    outcome = run_confplan("--schedule", address, "list", env=private_env)
    assert_refused_cleanly(outcome, "not a valid web address")
