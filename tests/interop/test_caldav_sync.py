"""`confplan sync` against a real Radicale (htpasswd logins, 127.0.0.1): every check reads the server's state back
through another CalDAV client, never confplan's memory of it.

The programme is a copy of the bundled ICLR 2023 one, so that a conference.yaml override can move a pick.
"""

from __future__ import annotations

import http.server
import os
import socket
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pexpect
import pytest
from export_scenario import programme_copy
from radicale_server import USERS, OtherClient, Radicale

from confplan.cli import main
from confplan.domain.agenda import Agenda, Priority
from confplan.errors import ConfplanError
from confplan.model import Conference
from confplan.storage.caldav_remote import CalendarRemote
from confplan.storage.caldav_sync import Action, Step, sync_agenda
from confplan.storage.export_ics import build_event_objects, event_uid
from confplan.storage.store import load_agenda, save_agenda
from confplan.storage.sync_config import SyncTarget, config_path, remember_target, remembered_target
from confplan.storage.sync_state import sync_state_path
from confplan.tui.app import PlannerApp
from confplan.views.state import PlannerState


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    server = Radicale(tmp_path_factory.mktemp("radicale"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Setup:
    """A programme folder, an agenda file with some picks, a calendar of its own, and the command to sync."""

    def __init__(self, tmp_path: Path, server: Radicale, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("CONFPLAN_DATA_DIR", str(tmp_path / "data"))
        monkeypatch.setenv("CONFPLAN_CALDAV_PASSWORD", USERS["alice"])
        self.tmp_path = tmp_path
        self.server = server
        self.conference = programme_copy(tmp_path)
        self.programme = tmp_path / "programme" / "programme.txt"
        self.agenda_path = tmp_path / "agenda.yaml"
        self.calendar = server.make_calendar("alice", tmp_path.name.lower().replace("_", "-")[:40])
        self.other = OtherClient(server)
        presentations = self.conference.presentations
        self.talk = next(e for e in presentations if e.room == "AD10")
        self.poster = next(e for e in presentations if e.kind.value == "poster")
        self.social = next(e for e in self.conference.sessions if e.kind.value == "social")
        agenda = Agenda.for_conference(self.conference)
        for event in (self.talk, self.poster, self.social):
            agenda.pick(event)
        self.save(agenda)

    def agenda(self) -> Agenda:
        return load_agenda(self.agenda_path, self.conference)

    def save(self, agenda: Agenda, conference: Conference | None = None) -> None:
        save_agenda(agenda, self.agenda_path, conference or self.conference)

    def sync(self, *extra: str, first: bool = False) -> int:
        where = ["--calendar", self.calendar, "--user", "alice"] if first else []
        return main(["--schedule", str(self.programme), "sync", "--agenda", str(self.agenda_path), *where, *extra])

    def uid(self, event_id: str) -> str:
        return event_uid(self.conference, event_id)

    def events(self) -> dict[str, Any]:
        return self.other.events(self.calendar)


@pytest.fixture
def setup(tmp_path: Path, radicale: Radicale, monkeypatch: pytest.MonkeyPatch) -> Setup:
    return Setup(tmp_path, radicale, monkeypatch)


def instant(event: Any, name: str) -> datetime:
    value = event[name]
    assert value.params["TZID"] == "Africa/Kigali", "times in the conference's zone, with its TZID"
    moment: datetime = value.dt
    return moment


def assert_calendar_holds(setup: Setup, conference: Conference, agenda: Agenda) -> dict[str, Any]:
    """The server holds exactly one event per pick, at the pick's instant, with its status."""
    events = setup.events()
    assert len(setup.other.resources(setup.calendar)) == len(events) == len(agenda), "one resource per pick"
    for pick in agenda:
        event = events[event_uid(conference, pick.id)]
        programme_event = conference[pick.id]
        assert instant(event, "DTSTART") == programme_event.start
        assert instant(event, "DTEND") == programme_event.end
        assert str(event["STATUS"]) == ("TENTATIVE" if pick.priority is Priority.MAYBE else "CONFIRMED")
    return events


def test_first_sync_puts_each_pick_in_the_calendar_and_remembers_where(
    setup: Setup, capsys: pytest.CaptureFixture[str]
) -> None:
    assert setup.sync(first=True) == 0
    out, err = capsys.readouterr()
    assert "3 new, 0 updated, 0 removed, 0 unchanged" in err and out.count("new ") == 3
    assert USERS["alice"] not in out + err, "the password is never printed"
    events = assert_calendar_holds(setup, setup.conference, setup.agenda())
    assert sorted(setup.other.resources(setup.calendar)) == sorted(
        f"/alice/{setup.calendar.split('/')[-2]}/{uid}.ics" for uid in events
    ), "one resource per pick, named by its UID"
    target = remembered_target(setup.agenda_path)
    assert target is not None and (target.calendar_url, target.user) == (setup.calendar, "alice")
    assert USERS["alice"] not in config_path().read_text(), "the password is never stored"

    etags = setup.other.resources(setup.calendar)
    assert setup.sync() == 0, "a bare sync goes where the first one went"
    assert "0 new, 0 updated, 0 removed, 3 unchanged" in capsys.readouterr().err
    assert setup.other.resources(setup.calendar) == etags, "nothing rewritten when nothing changed"


def test_pick_unpick_note_and_priority_changes_reach_the_calendar(
    setup: Setup, capsys: pytest.CaptureFixture[str]
) -> None:
    assert setup.sync(first=True) == 0
    agenda = setup.agenda()
    agenda.unpick(setup.social.id)
    agenda.pick(setup.poster, Priority.MAYBE)
    agenda.pick(setup.talk, note="Ask about the proofs; sit near the aisle")
    invited = next(e for e in setup.conference.sessions if e.kind.value == "invited talk")
    agenda.pick(invited)
    setup.save(agenda)
    capsys.readouterr()

    assert setup.sync() == 0
    assert "1 new, 2 updated, 1 removed" in capsys.readouterr().err
    events = assert_calendar_holds(setup, setup.conference, agenda)
    assert setup.uid(setup.social.id) not in events
    assert "Your note: Ask about the proofs; sit near the aisle" in str(events[setup.uid(setup.talk.id)]["DESCRIPTION"])
    assert str(events[setup.uid(setup.poster.id)]["SUMMARY"]).startswith("[maybe] ")
    assert int(events[setup.uid(setup.talk.id)]["SEQUENCE"]) == 1


def test_an_override_in_conference_yaml_moves_the_pick_in_the_calendar(setup: Setup) -> None:
    assert setup.sync(first=True) == 0
    talk = setup.talk
    moved = {
        "start": f"{talk.start + timedelta(hours=5):%Y-%m-%d %H:%M}",
        "end": f"{talk.end + timedelta(hours=5):%Y-%m-%d %H:%M}",
    }
    later = programme_copy(setup.tmp_path, {talk.id: moved})
    assert setup.sync() == 0
    events = assert_calendar_holds(setup, later, setup.agenda())
    assert instant(events[setup.uid(talk.id)], "DTSTART") == talk.start + timedelta(hours=5)


def test_edits_and_deletions_made_in_the_calendar_are_kept_and_reported_until_forced(
    setup: Setup, capsys: pytest.CaptureFixture[str]
) -> None:
    assert setup.sync(first=True) == 0
    calendar = setup.other.calendar(setup.calendar)
    edited = calendar.event_by_uid(setup.uid(setup.talk.id))
    edited.icalendar_component["SUMMARY"] = "Moved to my own slot"
    edited.save()
    calendar.event_by_uid(setup.uid(setup.poster.id)).delete()
    # Someone else's event in the same calendar: never touched.
    calendar.save_event(
        dtstart=datetime(2023, 5, 2, 9, tzinfo=UTC), dtend=datetime(2023, 5, 2, 10, tzinfo=UTC), summary="Dentist"
    )
    agenda = setup.agenda()
    agenda.pick(setup.talk, note="confplan wants to change this one too")
    setup.save(agenda)
    capsys.readouterr()

    assert setup.sync() == 0
    out, err = capsys.readouterr()
    assert "kept: changed in your calendar" in out and "kept: deleted in your calendar" in out
    assert "--force" in out and "2 kept as in your calendar" in err
    events = setup.events()
    assert str(events[setup.uid(setup.talk.id)]["SUMMARY"]) == "Moved to my own slot"
    assert setup.uid(setup.poster.id) not in events
    assert "Dentist" in [str(e["SUMMARY"]) for e in events.values()]

    assert setup.sync("--force") == 0
    events = setup.events()
    assert "confplan wants to change this one too" in str(events[setup.uid(setup.talk.id)]["DESCRIPTION"])
    assert setup.uid(setup.poster.id) in events, "put back"

    # Unpick everything: confplan's events go, the dentist stays.
    empty = Agenda.for_conference(setup.conference)
    setup.save(empty)
    assert setup.sync() == 0
    assert [str(e["SUMMARY"]) for e in setup.events().values()] == ["Dentist"]


def test_a_wrong_password_is_one_message_and_changes_nothing(
    setup: Setup, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CONFPLAN_CALDAV_PASSWORD", "not-the-password")
    assert setup.sync(first=True) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "refused the user name or password (HTTP 401)" in err
    assert "not-the-password" not in err
    assert setup.other.resources(setup.calendar) == {}
    assert not sync_state_path(setup.agenda_path).exists() and remembered_target(setup.agenda_path) is None


def test_dry_run_lists_the_changes_and_makes_none(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    assert setup.sync("--dry-run", first=True) == 0
    out, err = capsys.readouterr()
    assert out.count("new ") == 3 and "would sync" in err and "nothing was changed" in err
    assert setup.other.resources(setup.calendar) == {}
    assert not sync_state_path(setup.agenda_path).exists() and remembered_target(setup.agenda_path) is None


def test_a_lost_state_takes_back_confplans_own_events_without_duplicates(setup: Setup) -> None:
    assert setup.sync(first=True) == 0
    sync_state_path(setup.agenda_path).unlink()
    etags = setup.other.resources(setup.calendar)
    assert setup.sync() == 0
    assert setup.other.resources(setup.calendar) == etags, "found as they should be: recorded, not rewritten"
    agenda = setup.agenda()
    agenda.unpick(setup.social.id)
    setup.save(agenda)
    assert setup.sync() == 0
    assert_calendar_holds(setup, setup.conference, agenda)


def test_a_server_stopped_mid_sync_is_finished_by_the_next_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "server").mkdir()
    (tmp_path / "user").mkdir()
    server = Radicale(tmp_path / "server")  # its own server: this test stops it
    server.start()
    try:
        setup = Setup(tmp_path / "user", server, monkeypatch)
        agenda = setup.agenda()
        for event in setup.conference.presentations[:9]:
            agenda.pick(event)
        setup.save(agenda)
        remote = CalendarRemote(setup.calendar, "alice", USERS["alice"], timeout=5)

        def stop_after_four(step: Step, number: int, total: int) -> None:
            if number == 4:
                server.stop()

        seen_when_connected: list[int] = []  # the CLI remembers the calendar then: a bare sync can finish the job

        with pytest.raises(ConfplanError) as stopped:
            sync_agenda(
                remote,
                setup.conference,
                agenda,
                setup.agenda_path,
                now=datetime.now(UTC),
                progress=stop_after_four,
                connected=lambda: seen_when_connected.append(len(setup.other.resources(setup.calendar))),
            )
        assert seen_when_connected == [0], "told once, before any change"
        message = str(stopped.value)
        assert "cannot connect" in message and "`confplan sync` again finishes the job" in message

        server.start()
        assert len(setup.other.resources(setup.calendar)) == 4, "four made before the server went away"
        result = sync_agenda(remote, setup.conference, agenda, setup.agenda_path, now=datetime.now(UTC))
        assert result.count(Action.CREATE) == len(agenda) - 4 and result.unchanged == 4
        assert_calendar_holds(setup, setup.conference, agenda)  # each UID once, one resource per pick
    finally:
        server.stop()


class _Answering(http.server.BaseHTTPRequestHandler):
    """A web server that is not CalDAV: a page for everything, or a fixed error status."""

    status = 200

    def _answer(self) -> None:
        body = b"<!doctype html><html><body><h1>Welcome</h1></body></html>"
        self.send_response(self.status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_PROPFIND = do_PUT = do_DELETE = do_OPTIONS = do_REPORT = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web_server() -> Iterator[Any]:
    servers = []

    def start(status: int) -> str:
        handler = type("Handler", (_Answering,), {"status": status})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/dav/calendar/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def silent_socket() -> Iterator[str]:
    """Accepts connections and never answers: a request to it can only time out."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/cal/"
    finally:
        listener.close()


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("html", "answered with a web page, not CalDAV"),
        ("500", "the server failed (HTTP 500)"),
        ("missing", "no such calendar on the server (HTTP 404)"),
        ("principal", "a WebDAV collection, not a calendar; calendars found below it"),
        ("bob", "this user may not do that here (HTTP 403)"),
        ("refused", "cannot connect to the server"),
        ("tls", "TLS failed"),
        ("timeout", "no answer within 1 s (a timeout)"),
        ("ftp", "not a calendar URL"),
    ],
)
def test_bad_urls_are_one_clear_message_and_change_nothing(
    setup: Setup,
    web_server: Any,
    silent_socket: str,
    capsys: pytest.CaptureFixture[str],
    where: str,
    expected: str,
) -> None:
    root = setup.server.root
    url = {
        "html": lambda: web_server(200),
        "500": lambda: web_server(500),
        "missing": lambda: f"{root}alice/no-such-calendar/",
        "principal": lambda: f"{root}alice/",
        "bob": lambda: setup.server.make_calendar("bob", "private"),
        "refused": lambda: f"http://127.0.0.1:{_closed_port()}/cal/",
        "tls": lambda: setup.calendar.replace("http://", "https://"),
        "timeout": lambda: silent_socket,
        "ftp": lambda: "ftp://127.0.0.1/calendar/",
    }[where]()
    before = setup.other.resources(setup.calendar)
    code = main(
        ["--schedule", str(setup.programme), "sync", "--agenda", str(setup.agenda_path),
         "--calendar", url, "--user", "alice", "--timeout", "1"]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and expected in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert setup.other.resources(setup.calendar) == before
    assert not sync_state_path(setup.agenda_path).exists() and remembered_target(setup.agenda_path) is None


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def test_the_planners_sync_action_puts_the_picks_in_the_calendar(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = PlannerApp(PlannerState(setup.conference, setup.agenda()), setup.agenda_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("y")  # nowhere to sync yet: says how to say where
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("run `confplan sync --calendar URL --user NAME` once" in str(n.message) for n in app._notifications)
        assert setup.other.resources(setup.calendar) == {}

        remember_target(setup.agenda_path, SyncTarget(setup.calendar, "alice"))
        title = app.sub_title
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("Synced" in str(n.message) and "3 new" in str(n.message) for n in app._notifications)
        assert app.sub_title == title, "the status line is back to the view's title"
    assert_calendar_holds(setup, setup.conference, setup.agenda())


def test_setup_asks_for_what_is_missing_checks_it_and_remembers_it(setup: Setup) -> None:
    """`confplan sync --setup` in a real terminal (a pty): it asks, connects, remembers; no password is kept."""
    env = {k: v for k, v in os.environ.items() if k != "CONFPLAN_CALDAV_PASSWORD"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "confplan", "--schedule", str(setup.programme), "sync", "--setup", "--agenda", str(setup.agenda_path)],
        env=env,
        encoding="utf-8",
        timeout=60,
    )
    child.expect("CalDAV calendar URL")
    child.sendline(setup.calendar)
    child.expect("User name: ")
    child.sendline("alice")
    child.expect("Password for alice at ")
    child.sendline(USERS["alice"])
    child.expect("connected to ")
    if child.expect(["Keep the password in the system keyring", pexpect.EOF]) == 0:  # where keyring is installed
        child.sendline("n")
        child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert remembered_target(setup.agenda_path) == SyncTarget(setup.calendar, "alice")
    assert USERS["alice"] not in config_path().read_text()
    assert setup.other.resources(setup.calendar) == {}, "set up, not synced"


def test_an_imported_export_under_another_name_is_left_alone_and_reported(
    setup: Setup, capsys: pytest.CaptureFixture[str]
) -> None:
    """A calendar app imported `confplan export`'s file before: the talk is there already, under the app's own
    resource name.  The server refuses a second resource with its UID; confplan says so and touches nothing."""
    objects, _ = build_event_objects(setup.conference, setup.agenda(), now=datetime(2023, 4, 1, tzinfo=UTC))
    imported = objects[setup.uid(setup.talk.id)].data.replace(b"PRODID:-//confplan", b"PRODID:-//Desktop app")
    setup.other.calendar(setup.calendar).save_event(imported)
    before = setup.other.resources(setup.calendar)

    assert setup.sync(first=True) == 0
    out, err = capsys.readouterr()
    assert "left alone: another event has this UID" in out and "2 new" in err
    after = setup.other.resources(setup.calendar)
    assert len(after) == 3 and all(after[href] == etag for href, etag in before.items()), "the imported one untouched"
