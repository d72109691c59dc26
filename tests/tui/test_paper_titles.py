"""The planner fetches the bundled programme's paper titles from OpenReview (a server on 127.0.0.1 imitating it) in
the background: the first screen does not wait for it, and then the list, the detail pane and search have the real
titles and authors."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from confplan.tui.widgets.programme_list import ProgrammeList
from confplan.views.rows import index_of
from openreview_api import NotesApi, Running, notes_api, notes_from_jsonl

from .conftest import AppFactory, settle, static_text, type_search

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "papers" / "iclr_sample.jsonl"
HANABI_ORAL, HANABI_POSTER = "5eb4f7", "8f8e68"


@pytest.fixture
def openreview(monkeypatch: pytest.MonkeyPatch) -> Iterator[Running]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("CONFPLAN_OFFLINE", raising=False)
    with notes_api(NotesApi(notes=notes_from_jsonl(SAMPLE))) as running:
        monkeypatch.setenv("CONFPLAN_OPENREVIEW_API", running.url)
        yield running


def row_text(app: object, event_id: str) -> str:
    programme = app.screen.query_one(ProgrammeList)  # type: ignore[attr-defined]
    index = index_of(list(programme.rows), event_id)
    assert index is not None
    return programme.render_row(programme.rows[index], 118).plain


async def test_titles_arrive_in_the_background_and_search_finds_them(make_app: AppFactory, openreview: Running) -> None:
    openreview.api.delay = 1.0  # a slow server: the programme must be on screen before it answers
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Many Dec-POMDPs admit" in row_text(app, HANABI_ORAL)  # shown at once, under the programme's title
        assert openreview.api.statuses == []  # … while OpenReview has not answered yet
        await settle(pilot)
        assert "Adversarial Diversity in Hanabi" in row_text(app, HANABI_ORAL)
        assert any("Titles for 6 of 366 presentations from OpenReview" in str(n.message) for n in app._notifications)

        await type_search(pilot, "Hanabi")
        assert "2 found" in static_text(pilot, "#status")
        programme = app.screen.query_one(ProgrammeList)
        found = [r.event_id for r in programme.rows if r.event_id in (HANABI_ORAL, HANABI_POSTER)]
        assert found == [HANABI_ORAL, HANABI_POSTER]
        await pilot.press("enter")
        await settle(pilot)
        facts = static_text(pilot, "#detail-facts")
        assert "Brandon Cui" in facts and "accepted as notable top 25%" in facts

    # Kept: the next start has the titles without asking OpenReview again.
    asked = len(openreview.api.asked)
    again = make_app()
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
    assert len(openreview.api.asked) == asked


async def test_offline_never_asks(make_app: AppFactory, openreview: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFPLAN_OFFLINE", "1")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Many Dec-POMDPs admit" in row_text(app, HANABI_ORAL)
    assert openreview.api.asked == []


async def test_an_unreachable_server_is_a_quiet_note(make_app: AppFactory, openreview: Running) -> None:
    openreview.api.busy = [404]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Many Dec-POMDPs admit" in row_text(app, HANABI_ORAL)
        notes = [str(n.message) for n in app._notifications if "No paper titles from OpenReview" in str(n.message)]
        assert len(notes) == 1
        # What happened and what to do, without the API address.
        assert "confplan papers fetch" in notes[0] and "api.openreview.net" not in notes[0]


async def test_no_network_is_said_in_words_without_the_api_address(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A first start without a network: what a new user sees over the first screen (issue 15's trial).
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.delenv("CONFPLAN_OFFLINE", raising=False)
    monkeypatch.setenv("CONFPLAN_OPENREVIEW_API", f"http://127.0.0.1:{port}")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        [notice] = [str(n.message) for n in app._notifications if "OpenReview" in str(n.message)]
    assert "127.0.0.1 refused the connection" in notice and "confplan papers fetch" in notice
    assert "http" not in notice and "Errno" not in notice  # was the whole API address and "[Errno 111] Connection…"
