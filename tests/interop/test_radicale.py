"""Radicale (a real CalDAV server) stores the export and finds each event at its instant.

The test starts Radicale on 127.0.0.1 on a free port with storage in a temporary folder, and talks to it over HTTP
the way calendar clients do: a whole-collection upload (PUT of the .ics onto the calendar's URL), and an import
event by event (one PUT per UID, as desktop clients push an imported file).  It reads the calendar back, and asks
for each event with a CalDAV time-range REPORT, which Radicale answers by resolving the times with vobject and the
file's own VTIMEZONE: a second, independent reading of our time zone data.
"""

from __future__ import annotations

import base64
import http.client
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta

import pytest
from export_scenario import ReimportCycle, vevents
from icalendar import Calendar

from confplan.storage.export_ics import Expected

USER = "tester"
DAV = "{DAV:}"
CALDAV = "{urn:ietf:params:xml:ns:caldav}"


class CalDAV:
    """A tiny CalDAV client over http.client, enough for the requests calendar apps make."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.auth = "Basic " + base64.b64encode(f"{USER}:secret".encode()).decode()

    def request(
        self, method: str, path: str, body: bytes = b"", headers: Mapping[str, str] | None = None
    ) -> tuple[int, bytes, dict[str, str]]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers={"Authorization": self.auth, **(headers or {})})
            response = connection.getresponse()
            return response.status, response.read(), {k.lower(): v for k, v in response.getheaders()}
        finally:
            connection.close()

    def make_calendar(self, name: str) -> str:
        path = f"/{USER}/{name}/"
        self.request("PROPFIND", f"/{USER}/", headers={"Depth": "0"})  # logs in: Radicale creates the principal
        status, body, _ = self.request("MKCALENDAR", path)
        assert status == 201, body
        return path

    def put(self, path: str, data: bytes, headers: Mapping[str, str] | None = None) -> int:
        status, body, _ = self.request(
            "PUT", path, data, {"Content-Type": "text/calendar; charset=utf-8", **(headers or {})}
        )
        assert status in (201, 204), f"PUT {path}: {status} {body!r}"
        return status

    def calendar(self, collection: str) -> bytes:
        status, body, _ = self.request("GET", collection)
        assert status == 200, body
        return body

    def etag(self, href: str) -> str | None:
        status, _, headers = self.request("HEAD", href)
        return headers.get("etag") if status == 200 else None

    def uids_between(self, collection: str, start: datetime, end: datetime) -> list[str]:
        """The UIDs of the events a calendar-query with a time-range finds in [start, end)."""
        query = f"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start.astimezone(UTC):%Y%m%dT%H%M%SZ}" end="{end.astimezone(UTC):%Y%m%dT%H%M%SZ}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>""".encode()
        status, body, _ = self.request(
            "REPORT", collection, query, {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"}
        )
        assert status == 207, body
        uids = []
        for data in ET.fromstring(body).iter(f"{CALDAV}calendar-data"):
            uids += [str(event["UID"]) for event in vevents((data.text or "").encode())]
        return uids


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CalDAV]:
    home = tmp_path_factory.mktemp("radicale")
    port = free_port()
    config = home / "config"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        "[auth]\ntype = none\n"
        f"[storage]\nfilesystem_folder = {home / 'collections'}\n"
        "[rights]\ntype = owner_only\n"
        "[logging]\nlevel = warning\n",
        encoding="utf-8",
    )
    log = (home / "radicale.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)], stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (home / "radicale.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "Radicale did not start listening within 60 s"
                time.sleep(0.1)
        yield CalDAV(port)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def split_by_uid(data: bytes) -> dict[str, bytes]:
    """One calendar object per event, each with the VTIMEZONE it needs and no METHOD (RFC 4791, 4.1), as desktop
    clients make them when they push an imported file to a CalDAV server."""
    source = Calendar.from_ical(data)
    objects = {}
    for event in source.walk("VEVENT"):
        single = Calendar()
        for name in ("PRODID", "VERSION", "CALSCALE"):
            single.add(name, source[name])
        for timezone in source.timezones:
            single.add_component(timezone)
        single.add_component(event)
        objects[str(event["UID"])] = single.to_ical()
    return objects


def import_event_by_event(dav: CalDAV, collection: str, data: bytes) -> None:
    """Create each event at ``<uid>.ics``, or update it there if it exists (with its ETag, as clients do)."""
    for uid, single in split_by_uid(data).items():
        href = f"{collection}{uid}.ics"
        etag = dav.etag(href)
        dav.put(href, single, {"If-Match": etag} if etag else {"If-None-Match": "*"})


def assert_server_holds(dav: CalDAV, collection: str, expected: Mapping[str, Expected]) -> dict[str, Calendar]:
    stored = Calendar.from_ical(dav.calendar(collection))
    events = {str(e["UID"]): e for e in stored.walk("VEVENT")}
    assert len(stored.walk("VEVENT")) == len(expected) and set(events) == set(expected), "each event exactly once"
    zones = {tz.tz_name: tz.to_tz(lookup_tzid=False) for tz in stored.timezones}
    for uid, event in events.items():
        wanted = expected[uid]
        for name, instant in (("DTSTART", wanted.start), ("DTEND", wanted.end)):
            prop = event[name]
            landed = prop.dt.replace(tzinfo=zones[prop.params["TZID"]])  # read with the stored VTIMEZONE
            assert landed == instant, f"{event['SUMMARY']}: {name}"
        assert str(event["STATUS"]) == wanted.status
        # The time-range query finds it in its first minute, and neither just before it starts nor once it ended.
        minute = timedelta(minutes=1)
        assert uid in dav.uids_between(collection, wanted.start, wanted.start + minute), event["SUMMARY"]
        assert uid not in dav.uids_between(collection, wanted.start - minute, wanted.start), event["SUMMARY"]
        assert uid not in dav.uids_between(collection, wanted.end, wanted.end + minute), event["SUMMARY"]
    return events


def test_whole_collection_upload_lands_every_event_at_its_instant(
    radicale: CalDAV, reimport_cycle: ReimportCycle
) -> None:
    collection = radicale.make_calendar("whole")
    radicale.put(collection, reimport_cycle.first)
    assert_server_holds(radicale, collection, reimport_cycle.first_expected)


def test_whole_collection_re_upload_replaces_with_the_update(radicale: CalDAV, reimport_cycle: ReimportCycle) -> None:
    collection = radicale.make_calendar("whole-again")
    radicale.put(collection, reimport_cycle.first)
    radicale.put(collection, reimport_cycle.second)
    events = assert_server_holds(radicale, collection, reimport_cycle.second_expected)
    assert int(events[reimport_cycle.moved_uid]["SEQUENCE"]) == 1
    assert str(events[reimport_cycle.removed_uid]["STATUS"]) == "CANCELLED"


def test_event_by_event_import_then_re_import_updates_in_place(radicale: CalDAV, reimport_cycle: ReimportCycle) -> None:
    collection = radicale.make_calendar("by-event")
    import_event_by_event(radicale, collection, reimport_cycle.first)
    assert_server_holds(radicale, collection, reimport_cycle.first_expected)

    import_event_by_event(radicale, collection, reimport_cycle.second)
    events = assert_server_holds(radicale, collection, reimport_cycle.second_expected)
    moved_was = reimport_cycle.first_expected[reimport_cycle.moved_uid]
    assert reimport_cycle.moved_uid not in radicale.uids_between(
        collection, moved_was.start, moved_was.start + timedelta(minutes=1)
    ), "the moved talk is no longer at its old time"
    assert str(events[reimport_cycle.removed_uid]["STATUS"]) == "CANCELLED"
    assert int(events[reimport_cycle.removed_uid]["SEQUENCE"]) == 1


def test_the_server_refuses_a_second_event_with_the_same_uid(radicale: CalDAV, reimport_cycle: ReimportCycle) -> None:
    """What a changing UID would cause is what a stable one prevents: the server keys events by UID."""
    collection = radicale.make_calendar("uid-guard")
    uid, single = next(iter(split_by_uid(reimport_cycle.first).items()))
    radicale.put(f"{collection}{uid}.ics", single, {"If-None-Match": "*"})
    status, _, _ = radicale.request(
        "PUT", f"{collection}copy.ics", single, {"Content-Type": "text/calendar", "If-None-Match": "*"}
    )
    assert status == 409
