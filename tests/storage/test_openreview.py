"""Fetching a venue's papers from a server on 127.0.0.1 that answers like OpenReview's notes API (tests/openreview_api.py):
paging, busy answers asked again, a server that does not answer in time, revalidation, and offline use of what was
fetched."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from confplan.errors import ConfplanError
from confplan.storage.openreview import fetch_venue
from openreview_api import VENUE, Running, notes_api


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)  # the server is on 127.0.0.1; never ask a proxy
    monkeypatch.delenv("CONFPLAN_OFFLINE", raising=False)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Running]:
    with notes_api() as running:
        monkeypatch.setenv("CONFPLAN_OPENREVIEW_API", running.url)
        yield running


def no_sleep(seconds: float) -> None:
    pass


def test_every_page_is_fetched_and_only_the_venue_id_is_sent(server: Running) -> None:
    paper_list, notes = fetch_venue(VENUE, page_size=2, sleep=no_sleep)
    assert [p.title for p in paper_list.papers] == [f"Paper {i}" for i in range(5)]
    assert paper_list.papers[0].url == "https://openreview.net/forum?id=n0"
    assert paper_list.papers[0].decision == "poster"
    assert notes == ()
    assert [q["offset"] for q in server.api.asked] == [["0"], ["2"], ["4"]]
    assert all(set(q) == {"content.venueid", "offset", "limit"} for q in server.api.asked)


def test_busy_answers_are_asked_again(server: Running) -> None:
    server.api.busy = [429, 503]
    paper_list, _ = fetch_venue(VENUE, page_size=10, sleep=no_sleep)
    assert len(paper_list.papers) == 5
    assert server.api.statuses == [429, 503, 200]


def test_a_server_that_stays_busy_is_one_message(server: Running) -> None:
    server.api.busy = [503] * 10
    with pytest.raises(ConfplanError, match="cannot download the paper list: the server answered 503"):
        fetch_venue(VENUE, page_size=10, sleep=no_sleep)
    assert len(server.api.statuses) == 4  # the first try and 3 more


def test_a_second_fetch_revalidates_and_offline_uses_the_pages_fetched_before(server: Running) -> None:
    fetch_venue(VENUE, page_size=10, sleep=no_sleep)
    fetch_venue(VENUE, page_size=10, sleep=no_sleep)
    assert server.api.statuses == [200, 304]
    server.stop()
    offline, notes = fetch_venue(VENUE, page_size=10, offline=True)
    assert len(offline.papers) == 5
    assert notes and notes[0].startswith("offline: using the paper list cached")
    unreachable, notes = fetch_venue(VENUE, page_size=10, sleep=no_sleep, timeout=2)
    assert len(unreachable.papers) == 5
    assert "could not check for a newer paper list" in notes[0]


def test_offline_by_the_environment_never_asks(server: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFPLAN_OFFLINE", "1")
    with pytest.raises(ConfplanError, match="offline, and no paper list was downloaded from here before"):
        fetch_venue(VENUE)
    assert server.api.asked == []


def test_a_server_that_does_not_answer_in_time(server: Running) -> None:
    server.api.delay = 1.5
    started = time.monotonic()
    with pytest.raises(ConfplanError, match="no answer within the time limit"):
        fetch_venue(VENUE, timeout=0.3, sleep=no_sleep)
    assert time.monotonic() - started < 10


def test_a_venue_without_papers_and_a_portal_page(server: Running, tmp_path: Path) -> None:
    server.api.notes = []
    with pytest.raises(ConfplanError, match="OpenReview lists no paper for the venue id"):
        fetch_venue(VENUE, sleep=no_sleep)
    server.api.notes = ["<html>Sign in to the hotel Wi-Fi</html>"]  # type: ignore[list-item]
    with pytest.raises(ConfplanError, match="paper 1: expected an object"):
        fetch_venue(VENUE, sleep=no_sleep)
