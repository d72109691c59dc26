"""khal reads `confplan export --vdir` straight from its calendar folder: every pick at its instant, and after the
programme moves a pick and the user drops another, the moved one at its new instant and no file for the dropped one.

confplan and khal each run as their own process with TZ set far from Kigali (see khal_runner.py).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from export_scenario import expected_of, programme_copy
from khal_runner import Khal, assert_khal_holds, confplan_export

from confplan.domain.agenda import Agenda, Priority
from confplan.storage.export_ics import event_uid
from confplan.storage.store import save_agenda


def test_khal_lists_the_vdir_at_the_right_instants_and_follows_changes(tmp_path: Path) -> None:
    conference = programme_copy(tmp_path)
    talk = next(e for e in conference.presentations if e.room == "AD10")
    poster = next(e for e in conference.presentations if e.kind.value == "poster")
    social = next(e for e in conference.sessions if e.kind.value == "social")
    agenda = Agenda.for_conference(conference)
    agenda.pick(talk, note="front row")
    agenda.pick(poster, Priority.MAYBE)
    agenda.pick(social)
    agenda_path = tmp_path / "agenda.yaml"
    save_agenda(agenda, agenda_path, conference)

    khal = Khal(tmp_path / "khal")
    confplan_export(tmp_path, agenda_path, "--vdir", str(khal.calendar_dir))
    listed = assert_khal_holds(khal, expected_of(conference, agenda))
    assert listed[event_uid(conference, poster.id)]["status"] == "TENTATIVE"

    # The organisers move the talk five hours later (an override in conference.yaml); the user drops the social.
    moved = {
        "start": f"{talk.start + timedelta(hours=5):%Y-%m-%d %H:%M}",
        "end": f"{talk.end + timedelta(hours=5):%Y-%m-%d %H:%M}",
    }
    later = programme_copy(tmp_path, {talk.id: moved})
    agenda.unpick(social.id)
    save_agenda(agenda, agenda_path, later)
    said = confplan_export(tmp_path, agenda_path, "--vdir", str(khal.calendar_dir))
    assert "(0 new, 2 updated, 1 removed, 0 unchanged)" in said  # the poster loses its overlap with the social

    listed = assert_khal_holds(khal, expected_of(later, agenda))  # also: exactly one file per remaining pick
    assert event_uid(conference, social.id) not in listed
    assert not (khal.calendar_dir / f"{event_uid(conference, social.id)}.ics").exists()
    assert listed[event_uid(conference, talk.id)]["start-long"] != f"{talk.start:%Y-%m-%dT%H:%M}"
