"""Fetching a venue's accepted papers from OpenReview's public notes API, page by page, through the URL cache.

``GET {API}/notes?content.venueid=VENUE&offset=N&limit=1000`` is the documented way to list a venue's papers
without logging in (https://docs.openreview.net, "Using the API: Notes"; 1,000 is the largest page).  Only the venue
id is sent.  Each page goes through ``confplan.storage.fetch`` like a schedule URL: kept with its ETag and
Last-Modified, revalidated, used from the cache (with its age) when the server cannot be reached, and only the cache
when offline.  Busy answers (429, 5xx) are asked again after a pause.  docs/papers.md says why this is plain HTTP
and not the ``openreview-py`` client.

Venues of 2023 and before answer on API 1 (api.openreview.net); later ones on API 2 (api2.openreview.net), which
wraps every value as ``{"value": …}``.  API 1 is asked first; when it knows no paper of the venue, API 2 is.
``CONFPLAN_OPENREVIEW_API`` names one server instead (the tests' local one).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from urllib.parse import urlencode

from confplan.errors import ConfplanError, Problem
from confplan.formats.paper_list import parse_paper_list
from confplan.model import Paper
from confplan.storage.addresses import TIMEOUT_SECONDS
from confplan.storage.paper_lists import OPENREVIEW, PaperList

API_SERVERS = ("https://api.openreview.net", "https://api2.openreview.net")
PAGE_SIZE = 1000
MAX_PAGES = 200  # 200,000 papers: far more than any venue has; a server that never stops paging is refused
RETRIES = 3
#: Set (to anything but 0 or empty) to never touch the network: commands use what was fetched before.
OFFLINE_VARIABLE = "CONFPLAN_OFFLINE"
API_VARIABLE = "CONFPLAN_OPENREVIEW_API"

#: Told, after each page, how many papers have come so far.
PageProgress = Callable[[int], None]


def offline_by_environment() -> bool:
    return os.environ.get(OFFLINE_VARIABLE, "").strip() not in ("", "0")


def origin_of(venue: str) -> str:
    return f"OpenReview ({venue})"


def fetch_venue(
    venue: str,
    *,
    offline: bool = False,
    timeout: float = TIMEOUT_SECONDS,
    page_size: int = PAGE_SIZE,
    sleep: Callable[[float], None] = time.sleep,
    progress: PageProgress | None = None,
) -> tuple[PaperList, tuple[str, ...]]:
    """The venue's papers from OpenReview, and notes for the user (a cached copy used, and how old it is)."""
    configured = os.environ.get(API_VARIABLE, "").strip().rstrip("/")
    servers = (configured,) if configured else API_SERVERS
    offline = offline or offline_by_environment()
    for server in servers:
        papers, notes = _all_pages(server, venue, offline, timeout, page_size, sleep, progress)
        if papers:
            return PaperList(papers, OPENREVIEW, origin_of(venue)), notes
    raise ConfplanError(Problem(f"OpenReview lists no paper for the venue id {venue!r}", servers[-1]))


def _all_pages(
    server: str,
    venue: str,
    offline: bool,
    timeout: float,
    page_size: int,
    sleep: Callable[[float], None],
    progress: PageProgress | None,
) -> tuple[tuple[Paper, ...], tuple[str, ...]]:
    from confplan.storage.fetch import fetch_cached  # the network client: imported when asked for the papers

    papers: list[Paper] = []
    notes: list[str] = []
    for page in range(MAX_PAGES):
        query = urlencode({"content.venueid": venue, "offset": page * page_size, "limit": page_size})
        url = f"{server}/notes?{query}"
        fetched = fetch_cached(
            url, what="paper list", folder="openreview", timeout=timeout, offline=offline, retries=RETRIES, sleep=sleep
        )
        notes += [n for n in fetched.notes if n not in notes]
        found = parse_paper_list(fetched.content, url)
        papers += found
        if progress is not None:
            progress(len(papers))
        if len(found) < page_size:
            return tuple(papers), tuple(notes)
    raise ConfplanError(Problem(f"refused: more than {MAX_PAGES} pages of papers", server))
