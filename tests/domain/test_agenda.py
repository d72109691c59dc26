"""The agenda's rules: picking, orphans and re-linking after a schedule change, diff and merge of two agendas."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from confplan.domain.agenda import Agenda, Pick, Priority, content_fingerprint, diff_agendas, merge_agendas
from confplan.domain.conflicts import ConflictKind, conflicts_added, find_conflicts
from confplan.errors import ConfplanError
from confplan.model import Conference, Kind
from confplan.storage import locations
from confplan.storage.loading import load_schedule
from confplan.storage.store import load_agenda, save_agenda
from iclr_events import iclr, session, talk, twin, with_text

TRACK_2 = "Oral 3 Track 2: Deep Learning and representational learning Tue 2 May"


def changed_programme(tmp_path: Path, old: str, new: str) -> Conference:
    """The bundled programme with one piece of text replaced, as a schedule change would."""
    source = locations.bundled_schedule()
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1
    (tmp_path / "programme.txt").write_text(text.replace(old, new), encoding="utf-8")
    shutil.copy(source.with_name("conference.yaml"), tmp_path / "conference.yaml")
    conference, _ = load_schedule(tmp_path / "programme.txt")
    return conference


# --- picking ----------------------------------------------------------------------------------------------------


def test_picking_is_idempotent_and_updates_priority_and_note() -> None:
    agenda = Agenda.for_conference(iclr())
    event = talk("Oral 3 Track 1", 0)
    agenda.pick(event, note="first")
    agenda.pick(event, Priority.MAYBE)  # no note given: the note stays
    assert len(agenda) == 1
    assert agenda.get(event.id) == replace(Pick.of(event, Priority.MAYBE, "first"))
    agenda.pick(event, note="")
    assert agenda.get(event.id).note == "" and agenda.get(event.id).priority is Priority.MUST  # type: ignore[union-attr]


def test_unpicking_what_is_not_picked_is_a_clear_message() -> None:
    agenda = Agenda.for_conference(iclr())
    with pytest.raises(ConfplanError, match="5eb4f7 is not in the agenda, so there is nothing to unpick"):
        agenda.unpick("5eb4f7")


def test_fingerprints_tell_papers_and_their_kinds_apart() -> None:
    oral = with_text("Grokking", Kind.ORAL)
    poster = twin(oral)
    assert content_fingerprint(oral) and content_fingerprint(poster)
    assert content_fingerprint(oral) != content_fingerprint(poster)  # same abstract, but a talk is not a poster
    assert content_fingerprint(talk("Oral 3 Track 3", 0)) == ""  # "talk 1 (no abstract)": nothing distinctive
    assert content_fingerprint(session("Poster Session 3")) != ""
    assert Pick.of(oral).fingerprint == content_fingerprint(oral)


# --- orphans and re-linking ----------------------------------------------------------------------------------------


def test_a_renamed_session_relinks_its_papers_and_keeps_what_cannot_be_found(tmp_path: Path) -> None:
    grokking = with_text("Grokking", Kind.ORAL)
    no_abstract = talk("Oral 3 Track 2", 0)
    whole = session("Oral 3 Track 2")
    agenda = Agenda.for_conference(iclr(), owner="Ada")
    agenda.pick(grokking, Priority.MAYBE, note="the LU mechanism")
    agenda.pick(no_abstract)
    agenda.pick(whole)
    agenda.pick(talk("Oral 3 Track 1", 0))
    path = tmp_path / "agenda.yaml"
    save_agenda(agenda, path, iclr())

    # The session is renamed: every id in it changes (ids come from the session's header and the abstract).
    renamed = changed_programme(tmp_path, TRACK_2, "Oral 3 Track 2: Representation learning Tue 2 May")
    assert grokking.id not in renamed

    loaded = load_agenda(path, renamed)

    [moved] = loaded.relinked
    new_grokking = next(p for p in renamed.presentations if p.kind is Kind.ORAL and "Grokking" in p.abstract)
    assert (moved.old_id, moved.new_id) == (grokking.id, new_grokking.id)
    pick = loaded.get(new_grokking.id)
    assert pick is not None and (pick.note, pick.priority) == ("the LU mechanism", Priority.MAYBE)
    # The session (its title changed) and the talk without an abstract cannot be recognised: kept, as orphans.
    assert {p.id for p in loaded.orphans(renamed)} == {no_abstract.id, whole.id}
    assert len(loaded) == 4
    assert set(find_conflicts(renamed, loaded).orphaned) == {whole.id, no_abstract.id}

    # Saved and loaded again: the orphans are still there, nothing is re-linked twice.
    save_agenda(loaded, path, renamed)
    again = load_agenda(path, renamed)
    assert again == loaded and again.relinked == []


def test_an_oral_that_disappears_is_not_relinked_to_its_poster(tmp_path: Path) -> None:
    grokking = with_text("Grokking", Kind.ORAL)
    room_line_and_abstract = "[ AD12 ]\n" + grokking.abstract + "\n"
    gone = changed_programme(tmp_path, room_line_and_abstract, "")
    agenda = Agenda.for_conference(iclr())
    agenda.pick(grokking)

    assert agenda.relink(gone) == []
    assert [p.id for p in agenda.orphans(gone)] == [grokking.id]


def test_relinking_needs_a_single_unpicked_match() -> None:
    oral = with_text("Grokking", Kind.ORAL)
    orphan = replace(Pick.of(oral), id="old123")

    agenda = Agenda.for_conference(iclr())
    agenda.add(orphan)
    assert [(r.old_id, r.new_id) for r in agenda.relink(iclr())] == [("old123", oral.id)]

    already = Agenda.for_conference(iclr())
    already.add(orphan)
    already.pick(oral, note="mine")  # the match is picked already: merging the two would lose a note
    assert already.relink(iclr()) == []
    assert {p.id for p in already} == {"old123", oral.id}

    twice = Conference(
        "Twice",
        iclr().timezone,
        (session("Oral 3 Track 2"), replace(session("Oral 3 Track 2"), id="copy00", presentation_ids=("copy01",))),
        (*iclr().presentations_of(session("Oral 3 Track 2")), replace(oral, id="copy01", session_id="copy00")),
    )
    ambiguous = Agenda("Twice")
    ambiguous.add(orphan)
    assert ambiguous.relink(twice) == []


# --- diff and merge --------------------------------------------------------------------------------------------


def two_agendas() -> tuple[Agenda, Agenda]:
    mine = Agenda.for_conference(iclr(), owner="Ada")
    theirs = Agenda.for_conference(iclr(), owner="Grace")
    mine.pick(session("Oral 3 Track 1"))  # the whole session…
    theirs.pick(talk("Oral 3 Track 1", 3))  # …and one talk of it: we could meet there
    both = session("Invited talk by Elaine Nsoesie")
    mine.pick(both, note="my note")
    theirs.pick(both, Priority.MAYBE, note="their note")
    posters = iclr().presentations_of(session("Poster Session 3"))
    mine.pick(posters[0])
    theirs.pick(posters[5])  # another poster of the same session: meet there too
    mine.pick(talk("Oral 4 Track 1", 0))
    theirs.pick(talk("Oral 4 Track 1", 4))  # same session, different times: no meeting
    theirs.pick(talk("Oral 3 Track 5", 0))  # clashes with my Oral 3 Track 1 session once merged
    return mine, theirs


def test_diff_says_what_we_share_and_where_we_could_meet() -> None:
    mine, theirs = two_agendas()

    diff = diff_agendas(mine, theirs, iclr())

    invited = session("Invited talk by Elaine Nsoesie")
    assert [p.id for p in diff.both] == [invited.id]
    assert diff.both[0].note == "my note"
    assert {p.id for p in diff.only_mine} == {p.id for p in mine} - {invited.id}
    assert {p.id for p in diff.only_theirs} == {p.id for p in theirs} - {invited.id}
    meetings = [(m.session_id, m.mine.id, m.theirs.id) for m in diff.meeting_points]
    posters = iclr().presentations_of(session("Poster Session 3"))
    assert meetings == [
        (session("Oral 3 Track 1").id, session("Oral 3 Track 1").id, talk("Oral 3 Track 1", 3).id),
        (session("Poster Session 3").id, posters[0].id, posters[5].id),
    ]
    assert diff_agendas(mine, theirs).meeting_points == []  # meeting points need the programme


def test_merge_is_a_union_that_remembers_where_picks_came_from() -> None:
    mine, theirs = two_agendas()
    carol = talk("Oral 4 Track 6", 0)
    theirs.add(replace(Pick.of(carol), picked_by="Carol"))  # they had merged it from Carol
    mine_before, theirs_before = mine.copy(), theirs.copy()

    result = merge_agendas(mine, theirs)

    assert mine == mine_before and theirs == theirs_before  # pure
    merged = result.merged
    assert {p.id for p in merged} == {p.id for p in mine} | {p.id for p in theirs}
    assert result.already_mine == [session("Invited talk by Elaine Nsoesie").id]
    # The pick we share stays mine, and their different note joins mine marked as theirs (was silently dropped).
    shared = merged.get(session("Invited talk by Elaine Nsoesie").id)
    own = mine.get(session("Invited talk by Elaine Nsoesie").id)
    assert shared is not None and own is not None
    assert shared.priority is own.priority and shared.note == "my note\nGrace: their note"
    assert result.notes_combined == [shared.id]
    assert {p.picked_by for p in result.added} == {"Grace", "Carol"}
    assert merged.get(carol.id).picked_by == "Carol"  # type: ignore[union-attr]
    assert all(merged.get(p.id).picked_by == "" for p in mine)  # type: ignore[union-attr]
    assert merge_agendas(mine, theirs, their_name="G.").added[0].picked_by == "G."
    assert merged.owner == "Ada"


def test_merge_reports_the_conflicts_it_creates() -> None:
    mine, theirs = two_agendas()
    merged = merge_agendas(mine, theirs).merged

    created = conflicts_added(find_conflicts(iclr(), mine), find_conflicts(iclr(), merged))

    clashes = [c for c in created.earliest if c.kind is ConflictKind.CLASH]
    assert [{c.first_id, c.second_id} for c in clashes] == [
        {session("Oral 3 Track 1").id, talk("Oral 3 Track 5", 0).id}
    ]
    assert clashes[0].alternatives == (twin(talk("Oral 3 Track 5", 0)).id,)  # their talk's poster


def test_agendas_of_different_conferences_do_not_merge() -> None:
    with pytest.raises(ConfplanError, match="different conferences cannot be merged"):
        merge_agendas(Agenda("ICLR 2023"), Agenda("NeurIPS 2023"))
