"""The planner: a Textual app with one screen per view over one shared ``PlannerState``.

The app owns the state and everything that touches files (autosave, export, save/load/merge).  Screens read the
state and draw it; what changes the agenda (picks, notes, alternatives) they send up as messages (``PickToggled``,
``NoteSet``, ``AlternativeRequested``) for the app to do.  The programme view's own settings (its search, folds and
filters, kept on the state so that they survive a switch of views) it changes itself.
"""

from __future__ import annotations

import inspect
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer

from confplan.domain.agenda import Agenda, merge_changes
from confplan.domain.concurrent_edits import arrival, contradictions, settle
from confplan.domain.schedule_changes import changes_for_picks, describe
from confplan.errors import ConfplanError, Problem
from confplan.model import Conference, ListedPaper
from confplan.storage.listings import load_reading_list, reading_list_label
from confplan.storage.loading import DownloadNote, venue_to_fetch
from confplan.storage.openreview import fetch_venue, offline_by_environment
from confplan.storage.paper_lists import WithPapers, join_papers, keep_paper_list
from confplan.text.clock import date_span, zone_label
from confplan.text.plain_text import printable
from confplan.tui.autosave import AgendaSaver, FileChanged, Saved, what_to_do
from confplan.tui.commands import PlannerCommands
from confplan.tui.file_actions import export_calendar, load_replacing, merge_from, save_copy
from confplan.tui.loading import LoadingScreen, Opener, OpenFinished, StepStarted
from confplan.tui.messages import (
    AgendaChanged,
    AgendaFileChanged,
    AgendaSaved,
    AlternativeRequested,
    NoteSet,
    PickToggled,
    ProgrammeRetitled,
    ScheduleChangesFound,
    ShowInProgramme,
)
from confplan.tui.own_thread import in_own_thread
from confplan.tui.screens.choice import Answer, ChoiceDialog
from confplan.tui.screens.dialogs import PathDialog
from confplan.tui.screens.programme import ProgrammeScreen
from confplan.tui.typeahead import KeysInOrder
from confplan.views.state import PlannerState

if TYPE_CHECKING:
    from confplan.domain.suggest import Suggestion

AnyScreen = TypeVar("AnyScreen", bound=Screen[Any])

_CHANGES_SHOWN = 4
#: How often the agenda file is looked at for changes made by another program (a stat: microseconds).
WATCH_SECONDS = 1.0
#: The other views are made in advance this long after the first frame: once the start's own work is done.
BUILD_VIEWS_AFTER = 1.0
#: After a failed save, how long until the next try (the picks stay in memory meanwhile).
RETRY_SECONDS = 5.0
#: The app's actions that work on the programme or the agenda (not available while they are being opened).
_NEEDS_STATE = frozenset(
    {"help", "view", "toggle_local_time", "export", "sync", "save_copy", "load", "merge", "command_palette"}
)


def _css_paths(screens: Iterable[type[Screen[Any]]]) -> list[Path]:
    """The stylesheets of ``screens`` as Textual names them: their CSS_PATH beside the module, resolved."""
    paths: list[Path] = []
    for screen in screens:
        css_path = screen.CSS_PATH
        for name in css_path if isinstance(css_path, list) else [css_path] if css_path else []:
            path = (Path(inspect.getfile(screen)).parent / name).resolve()
            if path not in paths:
                paths.append(path)
    return paths


class PlannerApp(KeysInOrder[None]):
    CSS_PATH = "app.tcss"
    TITLE = "confplan"
    COMMANDS = App.COMMANDS | {PlannerCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        # Ctrl+C is what people press to leave a terminal program: it saves and quits like q (even in the search
        # box, where Textual would copy).
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("question_mark", "help", "Help"),
        Binding("1", "view('programme')", "Programme", show=False),
        Binding("2", "view('agenda')", "Agenda"),
        Binding("3", "view('timeline')", "Timeline"),
        Binding("t", "toggle_local_time", "Local time", show=False),
        Binding("e", "export", "Export .ics", show=False),
        Binding("y", "sync", "Sync with the calendar", show=False),
        Binding("S", "save_copy", "Save agenda as…", show=False),
        Binding("L", "load", "Load agenda…", show=False),
        Binding("M", "merge", "Merge agenda…", show=False),
    ]

    VIEW_TITLES: ClassVar[dict[str, str]] = {"programme": "programme", "agenda": "my agenda", "timeline": "timeline"}
    # The programme is the app's default screen, built as the app starts: switching to a mode at start would make
    # Textual parse and apply the whole stylesheet twice more before the first frame.  The other views are built
    # the first time they are shown.
    DEFAULT_MODE = "programme"

    def __init__(
        self,
        state: PlannerState | None,
        agenda_path: Path | None = None,
        reading_list: Sequence[Path] = (),
        opener: Opener | None = None,
        opening: str = "",
        offline: bool = False,
    ) -> None:
        """The planner on ``state``; or, with ``state`` None, on what ``opener`` loads in the background while a
        loading screen says it is opening ``opening`` (see tui/loading.py)."""
        super().__init__()
        if state is None and opener is None:
            raise ValueError("the planner needs a state or an opener")
        self._state = state
        self.opens_in_background = state is None
        self._opener = opener
        self._opening = opening
        self.agenda_path = agenda_path
        self.reading_list = list(reading_list)
        self.saver: AgendaSaver | None = None
        #: Seconds without a change before the picks are saved: a burst of picks is saved once, and a save (about
        #: 10 ms of the interpreter for a thousand picks) does not compete with the next key.  Quitting saves at once.
        self.save_delay = 0.3
        self._save_timer: Timer | None = None
        self.unsaved: ConfplanError | None = None  # why the last save at quit failed
        self._file_stamp: tuple[int, int, int] | None = None  # the agenda file's stat as last looked at
        self._days_of: tuple[Conference | None, str] = (None, "")  # the header's days, for this programme
        self.watch_seconds = WATCH_SECONDS
        self.retry_seconds = RETRY_SECONDS
        #: Seconds after the first frame until the other views are made in advance (``_build_other_views``).
        self.build_views_after = BUILD_VIEWS_AFTER
        self.failing: ConfplanError | None = None  # why the picks are not in the file, until a save succeeds
        self._settling = False  # asking the user about picks changed both here and elsewhere: saving waits
        self.open_error: ConfplanError | None = None  # why opening in the background failed
        self.notes: list[Problem] = []  # what the schedule's import noted, when it was opened in the background
        self.offline = offline  # never fetch paper titles (--offline)
        #: Work that waits until the programme is on screen, then runs in a thread of its own (storing the parsed
        #: schedule in the cache: 10 ms for 1,000 events, which the first frame need not wait for).
        self.after_first_frame: Callable[[], None] | None = None
        self._built_views = {self.DEFAULT_MODE}  # the views whose screen exists (see ``delay_update``)
        self._hold_until_drawn = self._held = False
        self.add_mode("agenda", self._agenda_screen)
        self.add_mode("timeline", self._timeline_screen)
        if state is not None:
            self._use(state, agenda_path)

    @property
    def state(self) -> PlannerState:
        assert self._state is not None, "the planner's state is not loaded yet"
        return self._state

    def _use(self, state: PlannerState, agenda_path: Path | None) -> None:
        self._state, self.agenda_path = state, agenda_path
        state.reading_list_label = reading_list_label(self.reading_list)
        self.saver = AgendaSaver(agenda_path, state.conference, state.agenda.saved) if agenda_path else None
        self._file_stamp = self._agenda_file_stamp()

    # The other views are imported after the first frame (``_prepare_other_views``), or when first opened.
    def _agenda_screen(self) -> Screen[None]:
        from confplan.tui.screens.agenda import AgendaScreen

        return self._styled_now(AgendaScreen(self.state))

    def _timeline_screen(self) -> Screen[None]:
        from confplan.tui.screens.timeline import TimelineScreen

        return self._styled_now(TimelineScreen(self.state))

    def _styled_now(self, screen: AnyScreen) -> AnyScreen:
        """A view's new screen, marked as styled with the stylesheet as it is: Textual takes a screen it has not
        seen through a theme change for an old one and parses and applies the whole stylesheet again to every
        screen (twice: 0.17 s at the first opening of the timeline), when the new screen is styled as it mounts."""
        screen._css_update_count = self._css_update_count
        return screen

    def _prepare_other_views(self) -> None:
        """Once the programme is on screen: import the other views and the help, and read their stylesheets.

        Read when a screen first opens, a stylesheet made Textual parse the whole stylesheet again (every
        widget's CSS: 70 ms), and apply it to every widget; here only the new files are parsed (3 ms), and the
        rules in them name only the widgets of their own screens, none of which exist yet."""
        from confplan.tui.screens.agenda import AgendaScreen
        from confplan.tui.screens.help import HelpScreen
        from confplan.tui.screens.timeline import TimelineScreen

        stylesheet = self.stylesheet
        for path in _css_paths((AgendaScreen, TimelineScreen, HelpScreen, PathDialog)):
            if not stylesheet.has_source(str(path)):
                stylesheet.read(path)
        stylesheet.parse()  # only what is new: the rest is in the stylesheet's cache

    def _build_other_views(self) -> None:
        """The timeline's screen made (composed, styled, laid out) while nobody waits, so that the first switch to
        it only draws it (50,000 events: 110-170 ms of the interpreter at that key).  Not the agenda: its making
        grows with the picks and their conflicts (1,000 picks of 10,000 events: 1.8 s, during which a key waited),
        too long to take at a moment the user did not choose.  A view draws what changed each time it is shown
        (``on_screen_resume``).  The filters' choices too (a pass over every event: 75 ms for 50,000, at the first
        f)."""
        self.call_later(lambda: self.state.filter_choices)
        init_mode = getattr(self, "_init_mode", None)  # Textual's own start of a mode's screen, without showing it
        if init_mode is None:
            return  # another Textual: the views are made when first shown, as before
        if "timeline" not in self._built_views and self.current_mode != "timeline":
            init_mode("timeline")
            self._built_views.add("timeline")

    def get_default_screen(self) -> Screen[None]:
        if self._state is None:
            return LoadingScreen(self._opening)
        return ProgrammeScreen(self.state)

    def on_mount(self) -> None:
        # Background workers (searches, row builds, saves, loading) hold the interpreter for up to the switch
        # interval before the UI thread gets it back to draw: 5 ms by default, 1 ms here.
        sys.setswitchinterval(0.001)
        if self._state is None:
            self._open_in_background()
        else:
            self._start()

    def _title(self, view: str) -> str:
        """ "ICLR 2023 (Tue 2 May) · programme": the days are there so that a one-day programme is seen as one."""
        conference = self.state.conference
        if self._days_of[0] is not conference:
            days = conference.days
            self._days_of = (conference, date_span(days[0], days[-1]) if days else "")
        days_text = f" ({self._days_of[1]})" if self._days_of[1] else ""
        return f"{printable(conference.name)}{days_text} · {self.VIEW_TITLES[view]}"

    def _start(self) -> None:
        """The programme is on screen: what follows it."""
        # Known as a mode only now that its screen exists, so that switching back to it finds that screen.
        self.add_mode("programme", lambda: ProgrammeScreen(self.state))
        self._styled_now(self.screen)  # styled as it mounted: no need to do it all again when it is shown again
        self.sub_title = self._title("programme")
        if self.saver is not None:
            self.set_interval(self.watch_seconds, self._look_at_agenda_file, name="agenda file watch")
        # The background work begins once the first frame is on the screen: its threads would take the interpreter
        # from it (importing the stemmer or the HTTP client alone takes tens of milliseconds).
        self.call_after_refresh(self._start_background_work)

    def _start_background_work(self) -> None:
        if self.after_first_frame is not None:
            # Not a daemon: a quit meanwhile waits for the file to be complete (a daemon would leave half of it).
            threading.Thread(target=self.after_first_frame, name="confplan-afterwards").start()
            self.after_first_frame = None
        self._prepare_other_views()
        self.set_timer(self.build_views_after, self._build_other_views, name="other views")
        self.tell_schedule_changes()
        if self.reading_list:
            self.find_suggestions()
        if not self.offline and not offline_by_environment():
            self._fetch_papers()

    @work(group="papers")
    async def _fetch_papers(self) -> None:
        """Titles, authors and links for the programme from OpenReview, when its conference.yaml names a venue whose
        papers were not fetched yet: in the background, with the programme already on screen, and in a thread that
        quitting does not wait for (a slow network used to hold q for as long as the answer took)."""
        conference = self.state.conference

        def fetch() -> WithPapers | None:
            wanted = venue_to_fetch(conference)
            if wanted is None:
                return None
            venue, key = wanted
            paper_list, _ = fetch_venue(venue)
            keep_paper_list(key, paper_list)
            return join_papers(conference, paper_list)

        try:
            joined = await in_own_thread(fetch, name="confplan-papers")
        except (ConfplanError, OSError) as exc:
            # The problem without its address: a long API URL says nothing to someone choosing talks.
            why = exc.problems[0].message if isinstance(exc, ConfplanError) else str(exc)
            self.notify(
                f"No paper titles from OpenReview yet: {printable(why)[:160]}. Until then, talks are shown as the "
                "programme gives them; confplan papers fetch tries again.",
                markup=False,
                timeout=8,
            )
            return
        if joined is not None:
            self.papers_arrived(joined)

    def papers_arrived(self, joined: WithPapers) -> None:
        self.state.use_programme(joined.conference)
        self.screen.post_message(ProgrammeRetitled())
        summary = joined.summary
        self.notify(printable(summary[:1].upper() + summary[1:]), markup=False)

    @work(thread=True, group="open")
    def _open_in_background(self) -> None:
        assert self._opener is not None
        screen = self.screen

        def tell(step: str) -> None:
            screen.post_message(StepStarted(step))

        try:
            opened = self._opener(tell)
        except ConfplanError as exc:
            self.post_message(OpenFinished(None, exc))
        else:
            self.post_message(OpenFinished(opened, None))
            opened.afterwards()

    def on_open_finished(self, message: OpenFinished) -> None:
        if message.opened is None:
            self.open_error = message.error
            self.exit(return_code=2)
            return
        self._use(message.opened.state, message.opened.agenda_path)
        self.notes = message.opened.notes
        # On top of the loading screen, which stays underneath, out of sight (Textual cannot replace the first
        # screen of a stack).
        self.push_screen(ProgrammeScreen(self.state))
        self._start()
        self.release_keys()  # what was typed meanwhile
        for note in self.notes:  # a programme kept from an earlier download: said now, not only after quitting
            if isinstance(note, DownloadNote):
                self.notify(printable(note.message), title="Schedule", severity="warning", timeout=20, markup=False)

    def keys_wait(self) -> bool:
        """Keys typed while the schedule is being opened are kept for the programme (typeahead.py)…"""
        return self._state is None

    def acts_at_once(self, key: str) -> bool:
        """…except q, which quits the loading screen."""
        return key == "q" and self._state is None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the schedule is being opened, only quitting (and Textual's own actions) make sense."""
        return not (self._state is None and action in _NEEDS_STATE)

    @work(thread=True, exclusive=True, group="suggestions")
    def find_suggestions(self) -> None:
        """Rank the programme against the reading list off the main thread (it takes a while on big programmes)."""
        try:
            from confplan.domain.suggest import matched_papers, suggestion_scores  # here: its stemmer slows the start

            papers = load_reading_list(self.reading_list)
            scores = suggestion_scores(self.state.conference, papers)
            listed = matched_papers(self.state.conference, papers)
        except ConfplanError as exc:
            problems = "; ".join(printable(str(p)) for p in exc.problems)
            self.call_from_thread(self.notify, f"No suggestions: {problems}", severity="error", markup=False)
            return
        self.call_from_thread(self.suggestions_ready, scores, listed)

    def suggestions_ready(self, scores: dict[str, Suggestion], listed: dict[str, ListedPaper]) -> None:
        self.state.set_suggestions(scores, listed)
        self.screen.post_message(AgendaChanged(None))

    def tell_schedule_changes(self) -> None:
        """If the programme changed picked events since they were picked (a newer download, a correction), say so.

        Matching the picks to the programme indexes every event (a quarter of a second for 50,000): in the
        background, and not at all without picks."""
        if len(self.state.agenda):
            self._find_schedule_changes(self.state.agenda.copy())

    @work(thread=True, group="schedule-changes")
    def _find_schedule_changes(self, agenda: Agenda) -> None:
        self.post_message(ScheduleChangesFound(changes_for_picks(None, self.state.conference, agenda)))

    def on_schedule_changes_found(self, message: ScheduleChangesFound) -> None:
        changes = message.changes
        if not changes:
            return
        lines = [describe(change) for change in changes[:_CHANGES_SHOWN]]
        if len(changes) > _CHANGES_SHOWN:
            lines.append(f"… and {len(changes) - _CHANGES_SHOWN} more")
        lines.append("`confplan changes --accept` updates your agenda's copy; exports already use the new times.")
        self.notify(
            printable("\n".join(lines), keep_newlines=True),
            title=f"The programme changed {len(changes)} of your picks",
            severity="warning",
            timeout=30,
            markup=False,
        )

    # --- picks (messages up from the screens) -------------------------------------------------------------------

    def on_pick_toggled(self, message: PickToggled) -> None:
        event = self.state.conference.get(message.event_id)
        if event is None:
            return
        result = self.state.toggle_pick(event, message.priority)
        self.notify(printable(result.message, keep_newlines=True), severity=result.severity, markup=False)  # type: ignore[arg-type]
        self.agenda_changed()

    def on_alternative_requested(self, message: AlternativeRequested) -> None:
        result = self.state.pick_alternative(message.event_id)
        self.notify(printable(result.message, keep_newlines=True), severity=result.severity, markup=False)  # type: ignore[arg-type]
        if result.focus_id is not None:
            self.agenda_changed(focus_id=result.focus_id)

    def on_note_set(self, message: NoteSet) -> None:
        event = self.state.conference.get(message.event_id)
        if event is not None:
            self.state.set_note(event, message.note)
            self.agenda_changed()

    def agenda_changed(self, focus_id: str | None = None) -> None:
        """After every change: let the view draw again, and save (in the background: the change shows at once)."""
        self.screen.post_message(AgendaChanged(focus_id))
        self.autosave()

    def autosave(self) -> None:
        """Save the picks as they are now, ``save_delay`` after the last change (``save_now`` when quitting)."""
        if self.saver is not None and not self._settling:
            self.saver.request(self.state.agenda)
            if self._save_timer is not None:
                self._save_timer.stop()
            if self.save_delay > 0:
                self._save_timer = self.set_timer(self.save_delay, self._save_in_background)
            else:
                self.call_later(self._save_in_background)

    @work(thread=True, group="autosave")
    def _save_in_background(self) -> None:
        assert self.saver is not None
        if self._settling:
            return  # the user is choosing between this planner's picks and the file's: saved once they chose
        outcome = self.saver.save()
        if outcome is not None:
            self.post_message(AgendaSaved(outcome))  # thread-safe, and never waits (the app may be closing)

    def on_agenda_saved(self, message: AgendaSaved) -> None:
        self.saved(message.outcome)

    def saved(self, outcome: Saved) -> None:
        """Tell of a failed save (once per reason) and try again later; tell when saving works again; take in the
        picks another program saved to the file meanwhile (the save kept them)."""
        if outcome.error is not None:
            self._save_failed(outcome.error)
            return
        if self.failing is not None:
            self.failing = None
            self.notify(f"Your picks are saved again, in {self.agenda_path}.", markup=False)
        if outcome.after != outcome.before:
            try:
                merge_changes(outcome.before, self.state.agenda, outcome.after)
            except ConfplanError:
                return  # changed here since that save too: the next save merges (or refuses) with the file itself
            self.state.recheck()
            self.agenda_changed()

    def _save_failed(self, error: ConfplanError) -> None:
        if self.failing is None or str(self.failing) != str(error):
            problems = "; ".join(printable(str(p)) for p in error.problems)
            advice = what_to_do(self.agenda_path) if self.agenda_path is not None else ""
            self.notify(
                f"{problems}.\nWhat to do: {advice}. Your picks are kept here and saving is tried again every "
                f"{self.retry_seconds:g} s (or press S to save a copy elsewhere).",
                title="Your picks are NOT saved",
                severity="error",
                timeout=60,
                markup=False,
            )
        self.failing = error
        self.set_timer(self.retry_seconds, self._retry_save, name="save retry")

    def _retry_save(self) -> None:
        if self.failing is not None:
            self.autosave()

    # --- the agenda file changed by another program ---------------------------------------------------------------

    def _agenda_file_stamp(self) -> tuple[int, int, int] | None:
        try:
            found = self.agenda_path.stat() if self.agenda_path is not None else None
        except OSError:
            return None
        return (found.st_mtime_ns, found.st_size, found.st_ino) if found is not None else None

    def _look_at_agenda_file(self) -> None:
        """Every ``WATCH_SECONDS``: a stat; when it changed (another program's save, or this planner's), the file is
        read in the background, and what another program saved is taken in (``on_agenda_file_changed``)."""
        if self._settling:
            return
        stamp = self._agenda_file_stamp()
        if stamp != self._file_stamp:
            self._file_stamp = stamp
            self._read_agenda_file()

    @work(thread=True, exclusive=True, group="agenda-file")
    def _read_agenda_file(self) -> None:
        assert self.saver is not None
        changed = self.saver.read_if_changed()
        if changed is not None:
            self.post_message(AgendaFileChanged(changed))

    def on_agenda_file_changed(self, message: AgendaFileChanged) -> None:
        changed = message.changed
        if changed.theirs is None:
            problems = "; ".join(printable(str(p)) for p in changed.error.problems) if changed.error else ""
            self.notify(
                f"The agenda file was changed elsewhere and cannot be read now: {problems}. Your picks are kept "
                "here; they are saved once the file is an agenda again (or save them elsewhere with S).",
                severity="warning",
                timeout=30,
                markup=False,
            )
            return
        base = changed.base.agenda if changed.base is not None else Agenda(changed.theirs.conference_name)
        found = contradictions(base, self.state.agenda, changed.theirs)
        if not found:
            self._take_in(changed, keep_mine=None)
            return
        self._settling = True
        lines = [c.describe() for c in found[:_CHANGES_SHOWN]]
        if len(found) > _CHANGES_SHOWN:
            lines.append(f"… and {len(found) - _CHANGES_SHOWN} more")
        lines.append("Nothing is saved until you choose.")
        dialog = ChoiceDialog(
            "Changed both here and in the agenda file (by another program)",
            lines,
            [Answer("m", "Keep mine", "mine"), Answer("f", "Take the file's", "file")],
            escape_value="mine",
        )
        self.push_screen(dialog, lambda choice: self._take_in(changed, keep_mine=choice != "file"))

    def _take_in(self, changed: FileChanged, keep_mine: bool | None) -> None:
        """Take the file's picks into the live agenda (the contradictions decided by ``keep_mine``), say what
        arrived, draw again and save (a fresh snapshot: one taken before this must not be written over the file)."""
        self._settling = False
        theirs = changed.theirs
        assert theirs is not None and theirs.saved is not None and self.saver is not None
        base = changed.base.agenda if changed.base is not None else Agenda(theirs.conference_name)
        merge_base = settle(base, self.state.agenda, theirs, keep_mine) if keep_mine is not None else base
        try:
            merge_changes(merge_base, self.state.agenda, theirs)
        except ConfplanError as exc:  # not expected: settle decided every contradiction
            self.notify(f"Not taken in from the agenda file: {exc}", severity="error", markup=False)
            return
        self.saver.adopt(changed.base, theirs.saved)
        self.state.recheck()
        summary = arrival(base, theirs).summary()
        if summary:
            self.notify(printable(summary[0].upper() + summary[1:]), title="Agenda file changed", markup=False)
        self.agenda_changed()

    async def action_quit(self) -> None:
        """Quit; if the picks could not be saved, try once more, then ask (once) what to do with them."""
        if self.failing is None or self.saver is None:
            self.exit()
            return
        self.saver.request(self.state.agenda)
        outcome = self.saver.flush()
        if outcome is None or outcome.error is None:
            self.failing = None
            self.exit()
            return
        self.failing = outcome.error
        reason = "; ".join(printable(str(p)) for p in outcome.error.problems)
        advice = what_to_do(self.agenda_path) if self.agenda_path is not None else ""
        self.push_screen(
            ChoiceDialog(
                "Your picks are NOT saved: quit anyway?",
                [reason, f"What to do: {advice}."],
                [
                    Answer("s", "Save them elsewhere…", "elsewhere"),
                    Answer("q", "Quit without saving", "quit"),
                    Answer("c", "Cancel", "stay"),
                ],
                escape_value="stay",
            ),
            self._quit_unsaved,
        )

    def _quit_unsaved(self, choice: str | None) -> None:
        if choice == "quit":
            self.unsaved = self.failing  # for the command to say once more, after the planner has closed
            self.exit()
        elif choice == "elsewhere":
            target = Path.home() / (self.agenda_path.name if self.agenda_path else "agenda.yaml")
            dialog = PathDialog(
                "Save my picks elsewhere, then quit",
                target,
                partial(save_copy, self.state),
                "Enter: save and quit · Escape: back to the planner",
            )
            self.push_screen(dialog, lambda chosen: self.exit() if chosen is not None else None)

    def on_unmount(self) -> None:
        self.save_now()

    def save_now(self) -> None:
        """Quitting (or the terminal closing): the last change must be on disk before the process ends; a failure
        is kept for the command to report."""
        outcome = self.saver.flush() if self.saver is not None else None
        if outcome is not None and outcome.error is not None:
            self.unsaved = outcome.error

    # --- views and toggles --------------------------------------------------------------------------------------

    def action_view(self, mode: str) -> None:
        self.sub_title = self._title(mode)
        self._hold_until_drawn = mode in self._built_views
        try:
            self.switch_mode(mode)
        finally:
            self._hold_until_drawn = False
        if self._held:
            # After the screen's ScreenResume (already in its queue), whose handler draws what changed meanwhile.
            self._held = False
            self.screen.call_later(self._release_hold)
        self._built_views.add(mode)

    def delay_update(self, delay: float = 0.05) -> None:
        """Textual holds the screen back for 50 ms at every switch of views, so that a screen being built is not
        seen half made (a fifth of a view switch in a terminal).  A view already built is held back only until it
        has drawn itself anew (``action_view``): without a hold, Textual would show it first as it was."""
        if self._hold_until_drawn:
            self._hold_until_drawn = False
            self._held = True
            self._begin_batch()  # what Textual's own hold does, without its timer
        else:
            super().delay_update(delay)

    def _release_hold(self) -> None:
        self._end_batch()
        if not self._batch_count:
            self.screen.refresh()

    def on_show_in_programme(self, message: ShowInProgramme) -> None:
        self.action_view("programme")
        self.screen.post_message(AgendaChanged(message.event_id))

    # --- files --------------------------------------------------------------------------------------------------

    def default_export_path(self) -> Path:
        name = self.agenda_path.stem if self.agenda_path is not None else "agenda"
        return Path.cwd() / f"{name}.ics"

    def _file_dialog(self, title: str, path: Path, action: Callable[[Path], str], hint: str = "") -> None:
        """A path dialog whose action changes the agenda: afterwards, save and draw again."""

        def done(chosen: Path | None) -> None:
            if chosen is not None:
                self.agenda_changed()

        self.push_screen(PathDialog(title, path, action, hint), done)

    def action_save_copy(self) -> None:
        target = Path.cwd() / (self.agenda_path.name if self.agenda_path else "agenda.yaml")
        self.push_screen(PathDialog("Save a copy of my agenda (to share)", target, partial(save_copy, self.state)))

    def before_load_path(self) -> Path | None:
        """Where Load keeps the picks it replaces: beside the agenda, one file (the latest load's)."""
        return self.agenda_path.with_name(self.agenda_path.stem + ".before-load.yaml") if self.agenda_path else None

    def action_load(self) -> None:
        keep = self.before_load_path()
        self._file_dialog(
            "Load an agenda, replacing my picks",
            Path.cwd(),
            partial(load_replacing, self.state, keep_copy_at=keep),
            f"Enter: load · Escape: cancel.  Your current picks are kept in {keep.name if keep else 'no file'}.",
        )

    def action_merge(self) -> None:
        self._file_dialog(
            "Merge a colleague's agenda into mine",
            Path.cwd(),
            partial(merge_from, self.state),
            "Enter: merge · Escape: cancel.  Their picks are added and marked with their name.",
        )

    def action_export(self) -> None:
        self.push_screen(
            PathDialog(
                "Export my picks to a calendar file (.ics)",
                self.default_export_path(),
                lambda path: export_calendar(self.state, path, self.agenda_path),
                "Enter: export · Escape: cancel.  Exporting again later updates the same calendar events.",
            )
        )

    def action_sync(self) -> None:
        self.notify("Syncing your picks with the calendar…", markup=False)
        self._sync(self.state.agenda.copy(), self.sub_title)

    @work(thread=True, exclusive=True, group="sync")
    def _sync(self, agenda: Agenda, title: str) -> None:
        """The sync (tui/sync_action.py), its progress in the header (the status line) and its outcome as a notice."""
        from confplan.tui.sync_action import sync_with_calendar

        def show(done: int, total: int) -> None:
            self.call_from_thread(setattr, self, "sub_title", f"{title} · syncing {done}/{total}")

        try:
            said = sync_with_calendar(self.state.conference, agenda, self.agenda_path, self.state.clock(), show)
            severity = "information"
        except ConfplanError as exc:
            said, severity = f"Not synced: {exc}", "error"
        except Exception as exc:  # a bug of ours: say so, and keep the planner (and the picks) running
            said, severity = f"Not synced: internal error ({type(exc).__name__}: {exc}); please report it", "error"
        self.call_from_thread(setattr, self, "sub_title", title)
        self.call_from_thread(self.notify, printable(said, keep_newlines=True), severity=severity, markup=False)

    def action_help(self) -> None:
        from confplan.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def action_toggle_local_time(self) -> None:
        self.state.show_local = not self.state.show_local
        where = f"your local time ({self.state.local_zone}) beside" if self.state.show_local else "only"
        self.notify(
            f"Showing {where} the conference time ({zone_label(self.state.conference.timezone)}).", markup=False
        )
        self.screen.post_message(AgendaChanged())
