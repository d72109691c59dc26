"""What the real-client tests share: an export of real picks, then a second export after the schedule changed.

The scenario uses the bundled ICLR 2023 programme (Africa/Kigali, UTC+2) and changes it the way a user would: a
time override in conference.yaml (in a copy of the programme's folder) moves one pick, and another pick is dropped.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from icalendar import Calendar

from confplan.domain.agenda import Agenda, Priority
from confplan.model import Conference, Presentation
from confplan.storage import locations
from confplan.storage.export_ics import CANCELLED, Expected, build_calendar, event_uid
from confplan.storage.loading import load_schedule

NOW = datetime(2023, 4, 20, 7, 45, tzinfo=UTC)
FAR_FROM_KIGALI = "Pacific/Auckland"  # UTC+12 in May: ten hours from Kigali, so a fall-back to local time shows


@dataclass(frozen=True)
class ReimportCycle:
    first: bytes  # the first export
    second: bytes  # after the move and the removal, exported with the first export's state
    first_expected: Mapping[str, Expected]  # by UID
    second_expected: Mapping[str, Expected]
    moved_uid: str
    removed_uid: str


def programme_copy(tmp_path: Path, overrides: Mapping[str, Mapping[str, str]] | None = None) -> Conference:
    """The bundled programme loaded from a copy of its folder, with time overrides written into conference.yaml."""
    folder = tmp_path / "programme"
    folder.mkdir(exist_ok=True)
    bundled = locations.bundled_schedule()
    shutil.copy(bundled, folder / bundled.name)
    settings = yaml.safe_load((bundled.parent / "conference.yaml").read_text(encoding="utf-8"))
    settings["overrides"] = dict(overrides or {})
    (folder / "conference.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    conference, skipped = load_schedule(folder / bundled.name)
    assert skipped == []
    return conference


def expected_of(conference: Conference, agenda: Agenda) -> dict[str, Expected]:
    expected = {}
    for pick in agenda:
        event = conference[pick.id]
        status = "TENTATIVE" if pick.priority is Priority.MAYBE else "CONFIRMED"
        expected[event_uid(conference, event.id)] = Expected(event.start, event.end, status)
    return expected


def vevents(data: bytes) -> list[Calendar]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def make_reimport_cycle(tmp_path: Path) -> ReimportCycle:
    conference = programme_copy(tmp_path)
    talk = next(e for e in conference.presentations if e.room == "Auditorium")  # an oral talk, time estimated
    poster = next(e for e in conference.presentations if e.kind.value == "poster" and e.abstract)
    invited = next(e for e in conference.sessions if e.kind.value == "invited talk")
    social = next(e for e in conference.sessions if e.kind.value == "social")
    registration = next(e for e in conference.sessions if e.kind.value == "registration")  # 08:00-18:00
    assert isinstance(talk, Presentation) and not talk.time_is_certain

    agenda = Agenda.for_conference(conference)
    agenda.pick(talk, note="Ask about the Hanabi agents; bring questions, and a pen\nSecond line 🎲")
    agenda.pick(poster, Priority.MAYBE)
    for event in (invited, social, registration):
        agenda.pick(event)
    first, state = build_calendar(conference, agenda, now=NOW, remind=timedelta(minutes=10))
    first_expected = expected_of(conference, agenda)

    # The organisers move the talk to the afternoon; the user drops the social.
    moved_start = talk.start.replace(hour=16, minute=40)
    later = programme_copy(
        tmp_path,
        {
            talk.id: {
                "start": f"{moved_start:%Y-%m-%d %H:%M}",
                "end": f"{moved_start + timedelta(minutes=10):%Y-%m-%d %H:%M}",
            }
        },
    )
    assert later[talk.id].start == moved_start and later[talk.id].start != talk.start
    agenda.unpick(social.id)
    second, _ = build_calendar(later, agenda, now=NOW + timedelta(days=3), remind=timedelta(minutes=10), previous=state)
    second_expected = expected_of(later, agenda)
    removed_uid = event_uid(conference, social.id)
    second_expected[removed_uid] = Expected(social.start, social.end, CANCELLED)
    return ReimportCycle(first, second, first_expected, second_expected, event_uid(conference, talk.id), removed_uid)
