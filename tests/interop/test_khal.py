"""khal (a real terminal calendar) imports the export at the right instants, on a machine far from Kigali.

khal runs as its own process with its own configuration, calendar folder and database in a temporary directory;
TZ is set to Pacific/Auckland and khal is given no zone of its own, so it takes the machine's.  If it read our times
in its local zone instead of the file's TZID/VTIMEZONE, every event would be ten hours off.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from export_scenario import ReimportCycle, expected_of, programme_copy
from khal_runner import Khal, assert_khal_holds, confplan_export

from confplan.domain.agenda import Agenda
from confplan.storage.export_ics import CANCELLED, Expected, event_uid
from confplan.storage.store import save_agenda


def test_khal_imports_every_pick_at_its_instant(reimport_cycle: ReimportCycle, tmp_path: Path) -> None:
    khal = Khal(tmp_path / "khal")
    khal.import_file(reimport_cycle.first)
    listed = assert_khal_holds(khal, reimport_cycle.first_expected)
    statuses = {uid: event["status"] for uid, event in listed.items()}
    assert sorted(statuses.values()).count("TENTATIVE") == 1  # the maybe-pick


def test_khal_re_import_updates_instead_of_duplicating(reimport_cycle: ReimportCycle, tmp_path: Path) -> None:
    khal = Khal(tmp_path / "khal")
    khal.import_file(reimport_cycle.first)
    khal.import_file(reimport_cycle.second)
    listed = assert_khal_holds(khal, reimport_cycle.second_expected)
    moved = listed[reimport_cycle.moved_uid]
    assert moved["start-long"].startswith("2023-05-03T02:40"), "16:40 in Kigali is 02:40 next day in Auckland"
    removed = listed[reimport_cycle.removed_uid]
    assert removed["status"] == "CANCELLED" and removed["cancelled"] != ""
    for uid, event in listed.items():
        if uid != reimport_cycle.removed_uid:
            assert event["status"] in ("CONFIRMED", "TENTATIVE") and event["cancelled"] == ""


@pytest.mark.parametrize("twice", [1, 2])
def test_importing_the_same_file_again_changes_nothing(
    reimport_cycle: ReimportCycle, tmp_path: Path, twice: int
) -> None:
    khal = Khal(tmp_path / "khal")
    for _ in range(twice):
        khal.import_file(reimport_cycle.first)
    assert_khal_holds(khal, reimport_cycle.first_expected)


def test_the_confplan_command_and_khal_end_to_end(tmp_path: Path) -> None:
    """As a user does it: an agenda file, `confplan export` in its own process, khal import; the programme changes
    (an override in conference.yaml) and a pick is dropped; export and import again."""
    conference = programme_copy(tmp_path)
    talk = next(e for e in conference.presentations if e.room == "AD10")
    social = next(e for e in conference.sessions if e.kind.value == "social")
    agenda = Agenda.for_conference(conference)
    agenda.pick(talk, note="front row")
    agenda.pick(social)
    agenda_path = tmp_path / "agenda.yaml"
    save_agenda(agenda, agenda_path, conference)

    def exported() -> bytes:
        out = tmp_path / "agenda.ics"
        confplan_export(tmp_path, agenda_path, "-o", str(out))
        return out.read_bytes()

    khal = Khal(tmp_path / "khal")
    khal.import_file(exported())
    assert_khal_holds(khal, expected_of(conference, agenda))

    moved_start = talk.start + timedelta(hours=5)
    later = programme_copy(
        tmp_path,
        {talk.id: {"start": f"{moved_start:%Y-%m-%d %H:%M}", "end": f"{talk.end + timedelta(hours=5):%Y-%m-%d %H:%M}"}},
    )
    agenda.unpick(social.id)
    save_agenda(agenda, agenda_path, later)
    khal.import_file(exported())
    expected = expected_of(later, agenda)
    expected[event_uid(conference, social.id)] = Expected(social.start, social.end, CANCELLED)
    listed = assert_khal_holds(khal, expected)
    assert listed[event_uid(conference, social.id)]["status"] == "CANCELLED"
