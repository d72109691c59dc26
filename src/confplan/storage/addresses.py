"""Schedules named by web address: telling one from a file, the deadline of a download, how its progress is told.

Apart from ``confplan.storage.fetch`` so that code which only needs to know whether a schedule is a URL (loading a
local file, the planner's start) does not import the network client with it (issue 17).
"""

from __future__ import annotations

from collections.abc import Callable

#: The whole download, from asking to the last byte (``--download-timeout`` changes it).
TIMEOUT_SECONDS = 30.0

#: Told, as a download goes, the bytes received so far and the size the server announced (None: it did not say).
#: The caller decides how to show it: the CLI draws a bar on a terminal, the planner writes on its loading screen.
DownloadProgress = Callable[[int, int | None], None]


def is_url(text: str) -> bool:
    """Whether ``text`` is meant as a web address (whether it is a valid one, fetching says)."""
    return text.strip().lower().startswith(("http://", "https://"))
