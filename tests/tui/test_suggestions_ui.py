"""The reading list in the planner: listed papers shown under their real titles, a score column, a filter."""

from __future__ import annotations

from pathlib import Path

from confplan.domain.agenda import Agenda
from confplan.storage.listings import bundled_reading_list
from confplan.tui.app import PlannerApp
from confplan.views.rows import RowKind
from confplan.views.state import PlannerState
from iclr_events import iclr

from .conftest import settle, static_text


def make(tmp_path: Path, reading_list: list[Path]) -> PlannerApp:
    conference = iclr()
    return PlannerApp(PlannerState(conference, Agenda.for_conference(conference)), tmp_path / "a.yaml", reading_list)


def shown_titles(app: PlannerApp) -> list[str]:
    rows = app.screen.programme.rows  # type: ignore[attr-defined]
    return [row.event.title for row in rows if row.kind is RowKind.PRESENTATION and row.event is not None]


async def test_listed_papers_and_suggestions_in_the_planner(tmp_path: Path) -> None:
    app = make(tmp_path, bundled_reading_list())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        state = app.state
        assert state.listed and state.suggestions
        poster = next(
            i for i, paper in state.listed.items() if paper.title == "Latent Bottlenecked Attentive Neural Processes"
        )

        await pilot.press("s")  # suggested only
        await settle(pilot)
        titles = shown_titles(app)
        assert 0 < len(titles) < 80
        assert "suggested only" in static_text(pilot, "#status")

        # The listed paper's row says its real title; its detail pane names the authors.
        screen = app.screen
        screen.go_to(poster)  # type: ignore[attr-defined]
        await settle(pilot)
        line = screen.programme.render_row(screen.programme.current, 120).plain  # type: ignore[attr-defined]
        assert "★ Latent Bottlenecked Attentive Neural Processes" in line
        facts = static_text(pilot, "#detail-facts")
        assert "listed paper" in facts and "Leo Feng" in facts

        await pilot.press("s")
        await settle(pilot)
        assert len(shown_titles(app)) > len(titles)


async def test_without_a_reading_list_the_filter_says_how_to_get_one(tmp_path: Path) -> None:
    app = make(tmp_path, [])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert any("--from FILE" in str(n.message) for n in app._notifications)
        assert not app.state.filters.suggested_only
