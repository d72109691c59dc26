"""`confplan sync` of 1,000 picks into a real Radicale on 127.0.0.1, against the server's own floor in the same run.

    python -m bench.bench_sync [--picks 1000]

A synthetic conference (bench_conflicts.synthetic_conference) with every event picked is synced into an empty
calendar (every pick created), synced again unchanged (one listing), and again after a note on every pick (every
pick updated with If-Match).  The baseline is the server itself: the same event objects PUT one by one with plain
http.client, and one PROPFIND listing, into a second calendar of the same server.  The ratio (confplan ÷ floor) is
the figure that matters; the machine's noise and Radicale's own speed cancel out of it.  Not run by the tests.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from bench.bench_conflicts import synthetic_conference
from confplan.domain.agenda import Agenda
from confplan.storage.caldav_remote import CalendarRemote
from confplan.storage.caldav_sync import sync_agenda
from confplan.storage.export_ics import build_event_objects

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "interop"))
from radicale_server import USERS, Radicale  # the tests' server runner, reused

NOW = datetime(2025, 10, 1, tzinfo=UTC)


def raw_floor(calendar_url: str, objects: dict[str, bytes]) -> tuple[float, float]:
    """Seconds to PUT every object with http.client (one connection), and to list the calendar once."""
    parts = urlsplit(calendar_url)
    auth = "Basic " + base64.b64encode(f"alice:{USERS['alice']}".encode()).decode()
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
    started = time.perf_counter()
    for uid, data in objects.items():
        headers = {"Authorization": auth, "Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"}
        connection.request("PUT", f"{parts.path}{uid}.ics", body=data, headers=headers)
        response = connection.getresponse()
        response.read()
        assert response.status in (201, 204), response.status
    put = time.perf_counter() - started
    started = time.perf_counter()
    body = b'<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/></prop></propfind>'
    connection.request("PROPFIND", parts.path, body=body, headers={"Authorization": auth, "Depth": "1"})
    response = connection.getresponse()
    response.read()
    listing = time.perf_counter() - started
    connection.close()
    return put, listing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--picks", type=int, default=1000)
    args = parser.parse_args()
    conference = synthetic_conference(args.picks)
    agenda = Agenda.for_conference(conference)
    for event in list(conference.events())[: args.picks]:
        agenda.pick(event)

    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        (home / "server").mkdir()
        server = Radicale(home / "server")
        server.start()
        try:
            synced_url = server.make_calendar("alice", "synced")
            floor_url = server.make_calendar("alice", "floor")
            objects, _ = build_event_objects(conference, agenda, now=NOW)
            put_floor, list_floor = raw_floor(floor_url, {uid: o.data for uid, o in objects.items()})

            remote = CalendarRemote(synced_url, "alice", USERS["alice"], timeout=60)
            agenda_path = home / "agenda.yaml"
            rows = []
            for label, floor in (("first sync (all created)", put_floor), ("unchanged", list_floor)):
                started = time.perf_counter()
                result = sync_agenda(remote, conference, agenda, agenda_path, now=NOW)
                rows.append((label, time.perf_counter() - started, floor, result.summary()))
            for pick in list(agenda):
                agenda.pick(conference[pick.id], note="bring questions")
            started = time.perf_counter()
            result = sync_agenda(remote, conference, agenda, agenda_path, now=NOW)
            seconds = time.perf_counter() - started
            rows.append(("a note on every pick (all updated)", seconds, put_floor, result.summary()))
        finally:
            server.stop()

    print(f"| {len(agenda)} picks | confplan sync | floor (raw http.client) | ratio | what it did |")
    print("| --- | --- | --- | --- | --- |")
    for label, seconds, floor, said in rows:
        print(f"| {label} | {seconds:.2f} s | {floor:.2f} s | {seconds / floor:.1f} | {said} |")


if __name__ == "__main__":
    main()
