"""The programme view: the search box, the programme list and the detail pane."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Static
from textual.worker import get_current_worker

from confplan.domain.agenda import Priority
from confplan.model import Event, Presentation, Session
from confplan.text.clock import clock_time
from confplan.text.wording import counted
from confplan.tui.messages import AgendaChanged, AlternativeRequested, PickToggled, ProgrammeRetitled, RowsReady
from confplan.tui.screens.dialogs import FilterDialog, ask_note
from confplan.tui.widgets.detail_pane import DetailPane
from confplan.tui.widgets.footer import PlannerFooter
from confplan.tui.widgets.programme_list import ProgrammeList
from confplan.tui.widgets.virtual_list import VirtualList
from confplan.views.describe import describe
from confplan.views.programme_rows import FIRST_SCREEN_ROWS, BuiltRows, RowsRequest, build_rows
from confplan.views.rows import Filters, ProgrammeRow, RowKind, first_match_index, index_of
from confplan.views.state import PlannerState

#: Terminals at least this wide show the detail pane beside the list rather than below it.
SIDE_BY_SIDE_WIDTH = 150
#: Programmes up to this many events get their rows built at once (a few milliseconds), so that the first frame, and
#: the frame after a key, shows them; larger ones in the background, while the screen is already up (a search's
#: first screenful excepted, see ``ProgrammeScreen._quick``).
FIRST_ROWS_AT_ONCE = 5000
#: What ≈ means, longest first: the header shows the first that fits beside the column labels.
ESTIMATE_LEGENDS = ("≈ estimated time, not stated", "≈ estimated, not stated", "≈ estimated")
SEARCH_PLACEHOLDER = "/ search: title, abstract, speaker, track, room (*word: inside words)"


class ProgrammeScreen(Screen[None]):
    # The list has the focus from the start: Textual would otherwise focus the search box first (the first
    # focusable widget), and moving the focus to the list then restyles both before the first frame.
    AUTO_FOCUS = "#programme"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search"),
        Binding("escape", "clear_search", "Clear search", show=False),
        Binding("space", "pick('must')", "Pick"),
        Binding("m", "pick('maybe')", "Maybe"),
        Binding("n", "note", "Note"),
        Binding("o", "other_presentation", "Oral↔poster", show=False),
        Binding("right_square_bracket", "clash(False)", "Next clash"),
        Binding("left_square_bracket", "clash(True)", "Previous clash", show=False),
        Binding("a", "alternative", "Pick alternative", show=False),
        Binding("f", "filters", "Filters"),
        Binding("P", "toggle_picked_only", "Picked only", show=False),
        Binding("C", "toggle_conflicts_only", "Conflicts only", show=False),
        Binding("s", "toggle_suggested_only", "Suggested only", show=False),
        Binding("N", "now", "Now", show=False),
        Binding("greater_than_sign,full_stop", "day(1)", "Next day", show=False),
        Binding("less_than_sign,comma", "day(-1)", "Previous day", show=False),
        Binding("minus", "fold_all", "Fold all", show=False),
        Binding("plus,equals_sign", "unfold_all", "Unfold all", show=False),
    ]

    def __init__(self, state: PlannerState) -> None:
        super().__init__()
        self.state = state
        self._rows_query: str | None = None  # the query the shown rows were built for
        self._matches: frozenset[str] | None = None
        self._detail_shown = self._detail_due = False  # see show_detail
        self._detail_pending = False  # see redraw
        self._first_screen_of: object = None  # the request whose first screenful of rows is shown, the rest due
        self._cursor_due: tuple[str, int] | None = None  # a row to keep the cursor on, beyond that first screenful
        self._before_search: str | None = None  # where the cursor was when the search began (Escape returns there)
        self._has_estimates: bool | None = None  # does the programme have ≈ times (the header explains them)?
        self._picked_before_search: frozenset[str] = frozenset()  # …unless something found was picked meanwhile
        self._rows_of = state.conference  # the programme the rows were built from (it changes when titles arrive)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="search-bar"):
            yield Input(placeholder=SEARCH_PLACEHOLDER, id="search", compact=True)
            yield Static(id="status")
        with Container(id="panes"):
            with Vertical(id="list-column"):
                yield Static(id="list-header")
                yield ProgrammeList(id="programme")
            yield DetailPane(id="detail")
        yield PlannerFooter()

    @property
    def programme(self) -> ProgrammeList:
        return self.query_one("#programme", ProgrammeList)

    @property
    def detail(self) -> DetailPane:
        return self.query_one("#detail", DetailPane)

    def on_mount(self) -> None:
        rooms = {e.room for e in self.state.conference.sessions if e.room}
        rooms.update(p.room for p in self.state.conference.presentations if p.room)
        self.programme.longest_room = max((len(r) for r in rooms), default=0)
        self.rebuild(at_once=len(self.state.conference) <= FIRST_ROWS_AT_ONCE)
        self.watch(self.query_one("#search", Input), "value", self._search_typed, init=False)
        self.set_timer(0.5, self._prepare_search)  # after the first frames, which it would otherwise slow down

    @work(thread=True, group="search-index")
    def _prepare_search(self) -> None:
        """Fold the searchable text of every event while the user looks at the list (seconds on 50,000 events),
        so that the first key typed does not wait for it."""
        worker = get_current_worker()
        self.state.search_index.prepare(lambda: worker.is_cancelled)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= SIDE_BY_SIDE_WIDTH, "-side-by-side")
        self.call_after_refresh(self.show_header)  # the list's new width is known after the layout

    def on_screen_resume(self) -> None:
        if self._rows_of is not self.state.conference:
            self.rebuild()
        self.redraw()

    def on_programme_retitled(self, message: ProgrammeRetitled) -> None:
        self.rebuild()
        self.redraw()

    # --- building the rows (off the main thread: a search over 50,000 events must not freeze the keyboard) -----

    def rebuild(self, keep_id: str | None = None, at_once: bool = False) -> None:
        """Build the rows again for the current search, filters and folds; keep the cursor on ``keep_id``.

        Here, when that is quick (``at_once``: the first screenful now, the rest after the next frame; see
        ``_quick``), else in a background worker (a newer rebuild cancels an older one).
        """
        self._rows_of = self.state.conference
        current = self.current_event()
        request = RowsRequest.now(self.state, keep_id if keep_id is not None else (current.id if current else None))
        if at_once:
            # The first screenful before the first frame, the rest right after it: laying out every row of a
            # 1,000-event programme first made the first paint 2 ms later.
            first = build_rows(self.state, request, lambda: False, up_to=FIRST_SCREEN_ROWS)
            if first is not None:
                self.on_rows_ready(RowsReady(first))
                if not first.complete:
                    self.call_after_refresh(self._rest_of_rows, request)
        elif self._quick(request):
            # The search's count, the first screenful and the detail of the first match in one frame; on a large
            # programme the rest of the rows are made in the background after that frame.
            self.workers.cancel_group(self, "programme-rows")  # an older build would replace these rows
            small = len(self.state.conference) <= FIRST_ROWS_AT_ONCE
            ready = build_rows(self.state, request, lambda: False, up_to=None if small else FIRST_SCREEN_ROWS)
            if ready is not None:
                self.on_rows_ready(RowsReady(ready))
                if not ready.complete:
                    self.call_after_refresh(self._build_rows, request, False)
        else:
            self._build_rows(request)

    def _quick(self, request: RowsRequest) -> bool:
        """Whether the rows for ``request`` can be made here without keeping a key waiting: all of them on a
        programme of a few thousand events; the first screenful of a search on a larger one once the search index
        is prepared (the search is then one scan, ~30 ms on 50,000 events), and no filter may thin the rows out."""
        if len(self.state.conference) <= FIRST_ROWS_AT_ONCE:
            return True
        return bool(request.query.strip()) and self.state.search_index.ready and not request.filters.active

    def _rest_of_rows(self, request: RowsRequest) -> None:
        """All the rows of ``request``, whose first screenful is shown (unless a newer build replaced them)."""
        if self._first_screen_of is request:
            ready = build_rows(self.state, request, lambda: False)
            if ready is not None:
                self.on_rows_ready(RowsReady(ready))

    @work(thread=True, exclusive=True, group="programme-rows")
    def _build_rows(self, request: RowsRequest, first_screen: bool = True) -> None:
        """The rows of ``request``; with ``first_screen`` their first screenful is shown as soon as it is made
        (without, it is shown already and only the rest is wanted)."""
        worker = get_current_worker()

        def stop() -> bool:
            return worker.is_cancelled or (not first_screen and self._first_screen_of is not request)

        def hand_over(first: BuiltRows) -> None:
            self.post_message(RowsReady(first))

        ready = build_rows(self.state, request, stop, hand_over if first_screen else None)
        if ready is not None and not stop():
            self.post_message(RowsReady(ready))

    def on_rows_ready(self, message: RowsReady) -> None:
        if message.query != self.state.query:
            return  # an older search finished after a newer one started
        rows = message.rows
        follows_first_screen = message.complete and self._first_screen_of is message.source
        self._first_screen_of = None if message.complete else message.source
        self._rows_query, self._matches = message.query, message.matches
        if follows_first_screen:
            # The first screen of these rows is already shown and the user may have moved in it: stay there,
            # unless the cursor waits for a row beyond the first screen (Escape back to where it was).
            self.programme.extend_rows(rows)
            if self._cursor_due is not None:
                keep_id, waiting_at = self._cursor_due
                index = index_of(list(rows), keep_id)
                if index is not None and self.programme.cursor == waiting_at:
                    self.programme.move_to(index)
            self._cursor_due = None
            self.show_status()
            return
        cursor = index_of(list(rows), message.keep_id) if message.keep_id else None
        if cursor is None and message.matches:
            cursor = first_match_index(list(rows), message.matches)
        self.programme.set_rows(rows, cursor=cursor if cursor is not None else 0)
        self._cursor_due = None
        if message.keep_id and cursor is None and not message.complete:
            self._cursor_due = (message.keep_id, self.programme.cursor)  # moved there when the rest comes
        self.redraw(detail_after_frame=True)

    # --- drawing what changed ----------------------------------------------------------------------------------

    def redraw(self, detail_after_frame: bool = False) -> None:
        """Markers, status line and detail pane from the current state (rows stay as they are).

        ``detail_after_frame``: the detail pane in the frame after the next, as for new rows (a search key's count
        and rows then go out without waiting for the pane's abstract to be laid out, a third of that frame)."""
        self.programme.show(self.state.marks(), self.state.shown_local_zone, self.state.words)
        self.show_header()
        if detail_after_frame:
            if not self._detail_pending:
                self._detail_pending = True
                self.call_after_refresh(self._pending_detail)
        else:
            self.show_detail()
        self.show_status()

    def _pending_detail(self) -> None:
        self._detail_pending = False
        self.show_detail()

    def show_header(self) -> None:
        """The column labels, and what the marks in them mean, over the list."""
        width = self.programme.size.width or self.size.width
        if self._has_estimates is None:  # worked out once: a programme that states every time needs no legend
            self._has_estimates = any(not e.time_is_certain for e in self.state.conference.events())
        header = self.programme.header(width, ESTIMATE_LEGENDS if self._has_estimates else ())
        if self.state.reading_list_label:
            legend = f"score: likeness to {self.state.reading_list_label}; --no-reading-list hides it"
            header.append("\n")
            header.append_text(self.programme.legend_line(width, legend))
        self._show("#list-header", header)

    def show_detail(self) -> None:
        if not self._detail_shown:
            # The first frame shows the list without waiting for the detail pane (laying out a long abstract costs
            # as much as the rest of the screen); the pane is filled right after it.
            if not self._detail_due:
                self._detail_due = True
                self.call_after_refresh(self._first_detail)
            return
        event = self.current_event()
        if event is None:
            self.detail.show(None)
            return
        detail = describe(
            self.state.conference,
            event,
            self.state.agenda.get(event.id),
            self.state.conflict_lines(event.id),
            local_zone=self.state.shown_local_zone,
            suggestion=self.state.suggestions.get(event.id),
            listed=self.state.listed.get(event.id),
        )
        self.detail.show(detail, self.state.words)

    def _first_detail(self) -> None:
        if not self.detail.is_attached:
            return  # the planner closed before its first detail (a window closed at once): nothing to show it in
        self._detail_shown = True
        self.show_detail()

    def show_status(self) -> None:
        parts = []
        if self._matches is not None:
            parts.append(f"{len(self._matches)} found")
        if self.state.filters.active:
            parts.append(self.state.filters.describe())
        parts.append(counted(len(self.state.agenda), "pick"))
        self._show("#status", " · ".join(parts))

    def _show(self, selector: str, content: str | Text) -> None:
        """Put ``content`` in a Static, unless it holds it already: an update lays the screen out again and draws
        the Static anew (every search key redraws the header and the status line, which mostly stay the same)."""
        static = self.query_one(selector, Static)
        if static.content != content:
            static.update(content)

    def current_row(self) -> ProgrammeRow | None:
        return self.programme.current

    def current_event(self) -> Event | None:
        row = self.current_row()
        return row.event if row is not None else None

    @on(VirtualList.Highlighted)
    def _highlighted(self, message: VirtualList.Highlighted) -> None:
        if not self._detail_pending:  # else it comes after the frame anyway, for the row the cursor is on then
            self.show_detail()

    def on_agenda_changed(self, message: AgendaChanged) -> None:
        if message.focus_id is not None:
            self.go_to(message.focus_id)
        elif self.state.filters.picked_only or self.state.filters.conflicts_only:
            self.rebuild()
        self.redraw()

    # --- search -------------------------------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        if not self.state.query:
            current = self.current_event()
            self._before_search = current.id if current else None
            self._picked_before_search = self.state.picked_ids()
        self.set_focus(self.query_one("#search", Input))  # at once: the next key press goes there

    def _search_typed(self, value: str) -> None:
        """The search box's text changed: search again.

        A watcher of the box's value rather than a handler of its ``Input.Changed``: it runs while the box handles
        the key, so that the rows, the count and the detail are ready with the box's own echo of the key and
        Textual draws them all in one frame.  The message came a turn later, after Textual had drawn the echo
        alone, and then drew the results a frame period or two (17-33 ms) after that."""
        if value == self.state.query:
            return  # the planner itself set the box to what it searches for (Escape emptied both)
        if not self.state.query and value and self._before_search is None:
            current = self.current_event()
            self._before_search = current.id if current else None
            self._picked_before_search = self.state.picked_ids()
        self.state.query = value
        if value.strip():
            self.rebuild(keep_id="")  # "" keeps no position: the cursor goes to the first match
        else:
            self.rebuild()
        # Each widget tells the screen it needs drawing when it next idles, which may come after the screen's next
        # frame (the status line's count was drawn a frame after the echo, 17-33 ms later): the screen itself is
        # asked for the search bar and the list, so that the frame that echoes the key draws them as they are now.
        self.refresh(self.query_one("#search-bar").region, self.programme.region, layout=True)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, message: Input.Submitted) -> None:
        """Enter: to the list, on the first match, ready for space to pick it."""
        if self._matches:
            index = first_match_index(list(self.programme.rows), self._matches)
            if index is not None:
                self.programme.move_to(index)
        self.set_focus(self.programme)

    def action_clear_search(self) -> None:
        """Escape: forget the search and go back to where the cursor was before it, or stay on what was just picked
        from the search (the user found it; losing it would be a second search)."""
        search = self.query_one("#search", Input)
        back_to = self._before_search
        current = self.current_event()
        picked_meanwhile = self.state.picked_ids() - self._picked_before_search
        if current is not None and self.state.query and current.id in picked_meanwhile:
            back_to = current.id
            # A poster found inside a session that is folded without the search: unfolded, or it would be hidden.
            self.state.collapsed.discard(getattr(current, "session_id", ""))
        self._before_search = None
        if self.state.query or search.value:
            self.state.query = ""
            with search.prevent(Input.Changed):
                search.value = ""
            self.rebuild(keep_id=back_to)
        self.set_focus(self.programme)

    # --- picking ------------------------------------------------------------------------------------------------

    def action_pick(self, priority: str) -> None:
        event = self.current_event()
        if event is None:
            self.notify("Move to a session or a presentation to pick it.", severity="warning")
            return
        self.post_message(PickToggled(event.id, Priority(priority)))

    def action_clash(self, backwards: bool) -> None:
        """Go to the next (or previous) picked event that clashes with another pick."""
        target = self.state.next_clash(self.current_event(), backwards)
        if target is None:
            self.notify("No clashes among your picks.")
            return
        self.go_to(target)

    def action_now(self) -> None:
        """Jump to what is on now (the clock is the state's, so tests can fix it) and say what comes next."""
        running, upcoming = self.state.on_now_and_next()
        if not running and not upcoming:
            days = self.state.conference.days
            when = f"{days[0]:%-d %b %Y}" + (f" to {days[-1]:%-d %b %Y}" if len(days) > 1 else "") if days else "?"
            self.notify(f"The conference is over (it ran {when}).", markup=False)
            return
        if not running:
            first = upcoming[0]
            self.notify(
                f"Nothing on now. Next, at {first.start:%a} {clock_time(first.start, first.start_source.certain)}: "
                f"{counted(len(upcoming), 'event')}.",
                markup=False,
            )
            self.go_to(first.id)
            return
        # The most specific thing on now: a talk with its own slot before the session around it.
        talks = [e for e in running if isinstance(e, Presentation) and e.minutes < 60]
        target = (talks or running)[0]
        message = f"Now ({self.state.now():%H:%M}): {counted(len(running), 'event')} on"
        if upcoming:
            next_at = clock_time(upcoming[0].start, upcoming[0].start_source.certain)
            message += f"; next at {next_at}: {counted(len(upcoming), 'event')}"
        self.notify(message, markup=False)
        self.go_to(target.id)

    def action_day(self, step: int) -> None:
        """Go to the first row of the next (or previous) day in the list."""
        rows = list(self.programme.rows)
        current = self.current_row()
        if current is None:
            return
        today = current.start.date()
        if step > 0:
            target = next((i for i, row in enumerate(rows) if row.start.date() > today), None)
        else:
            earlier = [row.start.date() for row in rows if row.start.date() < today]
            day = max(earlier, default=None)
            target = next((i for i, row in enumerate(rows) if row.start.date() == day), None)
        if target is None:
            self.notify(f"No {'later' if step > 0 else 'earlier'} day in the list.")
            return
        self.programme.move_to(target)
        self.programme.scroll_to(y=target, animate=False, immediate=True)  # the day's first heading at the top
        self.notify(f"{rows[self.programme.cursor].start:%A %-d %B}", timeout=2)

    def action_alternative(self) -> None:
        event = self.current_event()
        if event is not None:
            self.post_message(AlternativeRequested(event.id))

    def action_note(self) -> None:
        event = self.current_event()
        if event is None:
            return
        ask_note(self, self.state, event)

    def action_other_presentation(self) -> None:
        """Jump between an oral and its poster (the same paper presented twice)."""
        event = self.current_event()
        if not isinstance(event, Presentation) or not event.also_presented_as:
            self.notify("This is not presented anywhere else.", severity="warning")
            return
        self.go_to(event.also_presented_as[0])

    def go_to(self, event_id: str) -> None:
        """Put the cursor on ``event_id``: unfold its session and, if a search or filter hides it, clear them."""
        event = self.state.conference.get(event_id)
        if event is None:
            return
        index = index_of(list(self.programme.rows), event_id)
        if index is not None:
            self.programme.move_to(index)
            return
        session_id = getattr(event, "session_id", "")
        self.state.collapsed.discard(session_id)
        if self.state.query or self.state.filters.active:
            self.state.query = ""
            self.state.filters = Filters()
            search = self.query_one("#search", Input)
            with search.prevent(Input.Changed):
                search.value = ""
        self.rebuild(keep_id=event_id)

    # --- folding ------------------------------------------------------------------------------------------------

    @on(VirtualList.Activated, "#programme")
    def _activated(self, message: VirtualList.Activated) -> None:
        row = self.programme.current
        if row is not None and row.kind is RowKind.SESSION and row.children:
            self._fold(row, unfold=not row.expanded)

    @on(ProgrammeList.FoldRequested)
    def _fold_requested(self, message: ProgrammeList.FoldRequested) -> None:
        row = self.programme.current
        if row is None or row.event is None:
            return
        if row.kind is RowKind.PRESENTATION and not message.unfold:
            # Left on a talk folds its session and lands on the session's header.
            session = self.state.conference.get(getattr(row.event, "session_id", ""))
            if isinstance(session, Session):
                self.state.collapsed.add(session.id)
                self.rebuild(keep_id=session.id)
            return
        if row.kind is RowKind.SESSION and row.children:
            self._fold(row, unfold=message.unfold)

    def _fold(self, row: ProgrammeRow, unfold: bool) -> None:
        assert row.event is not None
        if unfold:
            self.state.collapsed.discard(row.event.id)
        else:
            self.state.collapsed.add(row.event.id)
        self.rebuild(keep_id=row.event.id)

    def action_fold_all(self) -> None:
        self.state.collapsed = {s.id for s in self.state.conference.sessions if s.presentation_ids}
        self.rebuild()

    def action_unfold_all(self) -> None:
        self.state.collapsed = set()
        self.rebuild()

    # --- filters ------------------------------------------------------------------------------------------------

    def action_filters(self) -> None:
        def done(filters: Filters | None) -> None:
            if filters is not None:
                self.state.filters = filters
                self.rebuild()

        self.app.push_screen(FilterDialog(self.state.filter_choices, self.state.filters), done)

    def action_toggle_picked_only(self) -> None:
        self.state.filters = replace(self.state.filters, picked_only=not self.state.filters.picked_only)
        self.rebuild()

    def action_toggle_suggested_only(self) -> None:
        if not self.state.suggestions and not self.state.listed:
            self.notify(
                "No suggestions: give a reading list with --from FILE (see confplan help suggestions)", markup=False
            )
            return
        self.state.filters = replace(self.state.filters, suggested_only=not self.state.filters.suggested_only)
        self.rebuild()

    def action_toggle_conflicts_only(self) -> None:
        self.state.filters = replace(self.state.filters, conflicts_only=not self.state.filters.conflicts_only)
        self.rebuild()
