"""Picks merged from a colleague's agenda say whose they are, in my agenda view and in the detail pane, as
`confplan agenda show` does ("from Grace")."""

from __future__ import annotations

import pytest

from confplan.domain.agenda import Agenda, merge_agendas
from confplan.tui.widgets.agenda_list import AgendaList
from confplan.views.agenda_rows import AgendaRowKind
from iclr_events import iclr, talk

from .conftest import AppFactory, settle, static_text

MINE, GRACES = talk("Oral 3 Track 1", 0), talk("Oral 4 Track 1", 2)


def merged_agenda() -> Agenda:
    mine = Agenda.for_conference(iclr(), owner="me")
    mine.pick(MINE)
    theirs = Agenda.for_conference(iclr(), owner="Grace")
    theirs.pick(GRACES)
    return merge_agendas(mine, theirs).merged


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_agenda_view_says_whose_pick_it_is_even_with_a_long_title(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app(merged_agenda())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        listing = app.screen.query_one(AgendaList)
        width = listing.scrollable_content_region.width
        drawn = {row.event_id: listing.render_row(row, width) for row in listing.rows if row.kind is AgendaRowKind.PICK}
        for line in drawn.values():
            line.truncate(width)  # as the list draws it: the end of a long title is cut off
        assert "from Grace" in drawn[GRACES.id].plain  # not pushed out of view by the long title
        assert "from" not in drawn[MINE.id].plain.split(MINE.title[:20])[0]  # my own pick says nothing


async def test_the_detail_pane_says_whose_pick_it_is(make_app: AppFactory) -> None:
    app = make_app(merged_agenda())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.go_to(GRACES.id)  # type: ignore[attr-defined]
        await settle(pilot)
        assert static_text(pilot, "#detail-pick") == "Picked: must (from Grace)"
        app.screen.go_to(MINE.id)  # type: ignore[attr-defined]
        await settle(pilot)
        assert static_text(pilot, "#detail-pick") == "Picked: must"
