"""Downloading a schedule given as a URL: cached, revalidated, and still usable offline.

The first download is kept in the cache directory with the server's ETag and Last-Modified.  Later loads ask the
server whether the file changed (If-None-Match / If-Modified-Since): a 304 answer costs no download.  When the
server cannot be reached, the cached copy is used and a note says how old it is.

What a network hands over is untrusted like any file: the whole download has a deadline (not only each read: a
server sending a byte every two seconds never trips a read timeout), redirects go to http and https only, and a
download replaces the cached copy only once it reads as what was asked for, so that a captive portal's login page
(the hotel's wifi answering 200 with HTML) never costs the user the copy they will need offline.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit, urlunsplit

from confplan import __version__
from confplan.errors import ConfplanError, Problem
from confplan.formats.bounded_json import loads_bounded
from confplan.storage import locations
from confplan.storage.addresses import TIMEOUT_SECONDS, DownloadProgress
from confplan.storage.atomic_files import write_atomically
from confplan.storage.bounded_files import DOWNLOAD, read_bounded
from confplan.text.wording import counted

if TYPE_CHECKING:
    import urllib.error
    import urllib.request
    from http.client import HTTPResponse

MAX_BYTES = DOWNLOAD.limit  # no published schedule comes near this; a larger answer is not a schedule
_CHUNK = 64 * 1024
_SCHEMES = ("http", "https")
_WEB_PAGE_TYPES = ("text/html", "application/xhtml+xml")
_WEB_PAGE_START = (b"<!doctype html", b"<html")
_WEB_PAGE = (
    "the server sent a web page (HTML), not a {what}; it looks like a login page (a hotel's or a conference's "
    "wifi?): log in with a browser, then try again"
)


@dataclass(frozen=True)
class Fetched:
    """A downloaded (or cached) schedule and what the user should be told about where it came from."""

    content: bytes
    cached_path: Path
    notes: tuple[str, ...] = ()


def fetch_schedule(
    url: str,
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    timeout: float = TIMEOUT_SECONDS,
    progress: DownloadProgress | None = None,
    accept: Callable[[bytes], object] | None = None,
) -> Fetched:
    """The schedule at ``url``: downloaded, confirmed unchanged (304), or read from the cache when offline.

    ``timeout`` bounds the whole download.  ``progress`` is told the bytes as they arrive.  ``accept`` is given a
    download before it replaces the cached copy and raises ConfplanError when it does not read as a schedule;
    then the cached copy is used (with a note saying why), or, without one, its error is raised.
    """
    return fetch_cached(url, now=now, timeout=timeout, progress=progress, accept=accept)


#: Answers worth asking again after a pause: too many requests, and a server or its gateway briefly unable.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_WAIT = 30.0


def fetch_cached(
    url: str,
    *,
    what: str = "schedule",
    folder: str = "schedules",
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    timeout: float = TIMEOUT_SECONDS,
    progress: DownloadProgress | None = None,
    offline: bool = False,
    retries: int = 0,
    sleep: Callable[[float], None] = time.sleep,
    accept: Callable[[bytes], object] | None = None,
) -> Fetched:
    """``url``'s content (a ``what``, in messages) through the cache folder ``folder``, as ``fetch_schedule``.

    ``offline``: the cached copy only, the network never touched.  ``retries``: how many times a 429 or 5xx answer
    is asked again, after the pause its Retry-After asks for (at most 30 s) or 1, 2, 4… seconds.
    """
    address = _checked_url(url)
    entry = _CacheEntry.for_url(url, folder)
    cached = entry.read()
    if offline:
        if cached is None:
            raise ConfplanError(Problem(f"offline, and no {what} was downloaded from here before", url))
        note = f"offline: using the {what} cached {_age(now() - cached.checked_at)} ago"
        return Fetched(cached.content, entry.body, (note,))
    for attempt in range(retries + 1):
        try:
            return _download(url, address, entry, cached, what, now, timeout, progress, accept)
        except _Retry as exc:
            if attempt == retries or isinstance(exc, _Failed):
                reason = exc.reason
                break
            sleep(exc.wait if exc.wait is not None else float(2**attempt))
    if cached is None:
        raise ConfplanError(Problem(f"cannot download the {what}: {reason}, and there is no cached copy", url))
    age = _age(now() - cached.checked_at)
    note = (
        f"could not check for a newer {what} ({reason}); using the copy cached {age} ago "
        f"(last confirmed {cached.checked_at:%Y-%m-%d %H:%M} UTC)"
    )
    return Fetched(cached.content, entry.body, (note,))


class _Retry(Exception):
    """The download failed for ``reason``; asking again after ``wait`` seconds (None: the caller's pause) may work."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


def _download(
    url: str,
    address: str,
    entry: _CacheEntry,
    cached: _Cached | None,
    what: str,
    now: Callable[[], datetime],
    timeout: float,
    progress: DownloadProgress | None,
    accept: Callable[[bytes], object] | None,
) -> Fetched:
    # The HTTP client (with email, ssl and socket) takes longer to import than most commands take to run.
    import urllib.error
    import urllib.request
    from http.client import HTTPException

    request = urllib.request.Request(address, headers={"User-Agent": f"confplan/{__version__}"})
    if cached is not None:
        if cached.etag:
            request.add_header("If-None-Match", cached.etag)
        if cached.last_modified:
            request.add_header("If-Modified-Since", cached.last_modified)
    deadline = time.monotonic() + timeout
    try:
        with _opener().open(request, timeout=timeout) as response:
            content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            content = _read_body(response, url, progress, deadline)
            validators = (response.headers.get("ETag"), response.headers.get("Last-Modified"))
    except urllib.error.HTTPError as exc:
        if exc.code == 304 and cached is not None:
            with suppress(OSError, ConfplanError):  # not being able to note the check is no reason to fail
                entry.confirm(cached, now())
            return Fetched(cached.content, entry.body)
        reason = f"the server answered {exc.code} {exc.reason}"
        raise _Retry(reason, _retry_after(exc)) if exc.code in RETRY_STATUSES else _Failed(reason) from None
    except (urllib.error.URLError, HTTPException, OSError) as exc:
        raise _Retry(_why(exc, url, timeout)) from None
    _accept(content, content_type, url, what, accept, cached is not None)
    try:
        entry.write(content, *validators, now())
    except (OSError, ConfplanError) as exc:  # a full or read-only cache must not cost the user the download
        return Fetched(content, entry.body, (f"could not keep a copy in the cache: {exc}",))
    return Fetched(content, entry.body)


class _Failed(_Retry):
    """A failure that asking again will not mend (404, 403…)."""


def _accept(
    content: bytes,
    content_type: str,
    url: str,
    what: str,
    accept: Callable[[bytes], object] | None,
    have_a_copy: bool,
) -> None:
    """Raise _Failed when ``content`` is not a ``what`` (so the cached copy stays and is used); without a cached
    copy, an error of ``accept`` is raised as it is, unless the answer was a web page (then say that)."""
    web_page = _WEB_PAGE.format(what=what)
    if content[:512].lstrip().lower().startswith(_WEB_PAGE_START):
        raise _Failed(web_page)
    try:
        if accept is not None:
            accept(content)
    except ConfplanError as exc:
        # Served as a web page and not readable: a captive portal's login page, most likely.  (A schedule that a
        # server mislabels as text/html still reads.)
        if content_type in _WEB_PAGE_TYPES:
            raise _Failed(web_page) from None
        if not have_a_copy:
            raise
        raise _Failed(f"the download does not read as a {what} ({exc.problems[0].message})") from None


@cache
def _opener() -> urllib.request.OpenerDirector:
    """urllib's opener, following redirects to http and https only (urllib's own also follows ftp)."""
    import urllib.error
    import urllib.request

    class HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(
            self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
        ) -> urllib.request.Request | None:
            if not newurl.lower().startswith(tuple(f"{scheme}://" for scheme in _SCHEMES)):
                raise urllib.error.URLError(f"redirected to {newurl[:100]!r}, which is not an http or https address")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(HttpOnlyRedirects)


def _checked_url(url: str) -> str:
    """``url`` as urllib can send it (a non-ASCII host in IDNA, non-ASCII path and query %-encoded), or one
    ConfplanError for an address that is not one."""
    expected = "expected an address such as https://example.org/schedule.json"
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
        if parts.scheme.lower() not in _SCHEMES or not host:
            raise ValueError("no host" if parts.scheme.lower() in _SCHEMES else f"the scheme {parts.scheme!r}")
        ascii_host = host.encode("idna").decode("ascii")
    except (ValueError, UnicodeError) as exc:
        raise ConfplanError(Problem(f"not a valid web address ({exc}); {expected}", url)) from None
    netloc = f"[{ascii_host}]" if ":" in ascii_host else ascii_host
    netloc += f":{port}" if port is not None else ""
    if "@" in parts.netloc:
        netloc = quote(parts.netloc.rpartition("@")[0], safe=":%") + "@" + netloc
    path = quote(parts.path, safe="/%:@!$&'()*+,;=~") or "/"
    query = quote(parts.query, safe="/%:@!$&'()*+,;=~?")
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def _retry_after(exc: urllib.error.HTTPError) -> float | None:
    value = (exc.headers.get("Retry-After") or "").strip() if exc.headers else ""
    return min(float(value), MAX_RETRY_WAIT) if value.isdigit() else None


def _read_body(response: HTTPResponse, url: str, progress: DownloadProgress | None, deadline: float) -> bytes:
    """The answer's bytes, read as they arrive, until the deadline (each read waits at most what is left)."""
    length_header = response.headers.get("Content-Length")
    total = int(length_header) if length_header and length_header.isdigit() else None
    if total is not None and total > MAX_BYTES:
        raise ConfplanError(Problem(f"refused: the server sends {total} bytes, more than any schedule", url))
    connection = getattr(getattr(response.fp, "raw", None), "_sock", None)  # to shorten its read timeout
    chunks: list[bytes] = []
    received = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"the download did not finish in time ({received:,} bytes received)")
        if connection is not None:
            connection.settimeout(left)
        chunk = response.read1(_CHUNK)
        if not chunk:
            break
        received += len(chunk)
        if received > MAX_BYTES:
            raise ConfplanError(Problem(f"refused: the answer is larger than {MAX_BYTES} bytes", url))
        chunks.append(chunk)
        if progress is not None:
            progress(received, total)
    if total is not None and received < total:
        raise OSError(f"the download stopped after {received} of {total} bytes")
    return b"".join(chunks)


def _why(exc: BaseException, url: str, timeout: float) -> str:
    """Why a download failed, in words rather than the socket's "[Errno -2] Name or service not known"."""
    import socket

    reason = getattr(exc, "reason", None)
    failure = reason if isinstance(reason, BaseException) else exc
    host = urlsplit(url).hostname or url
    if isinstance(failure, TimeoutError):
        return f"no answer within the time limit ({timeout:g} s in all; {failure})"
    if isinstance(failure, socket.gaierror):
        return f"{host} could not be found (no network connection?)"
    if isinstance(failure, ConnectionRefusedError):
        return f"{host} refused the connection"
    if isinstance(failure, OSError) and failure.strerror:
        return failure.strerror[:1].lower() + failure.strerror[1:]
    return f"{reason or exc}"


def _age(delta: timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            return counted(seconds // size, unit)
    return "less than a minute"


# --- the cache -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cached:
    content: bytes
    etag: str | None
    last_modified: str | None
    downloaded_at: datetime
    checked_at: datetime  # when the server last said this copy is current (a download or a 304)


@dataclass(frozen=True)
class _CacheEntry:
    body: Path
    meta: Path
    url: str

    @classmethod
    def for_url(cls, url: str, folder_name: str = "schedules") -> _CacheEntry:
        """Files named after the URL's last path segment (for people browsing the cache) and a hash of the URL."""
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", urlsplit(url).path.rsplit("/", 1)[-1])[:60] or "schedule"
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:20]
        folder = locations.user_cache_dir() / folder_name
        return cls(folder / f"{key}-{name}", folder / f"{key}-{name}.json", url)

    def read(self) -> _Cached | None:
        """The cached copy, or None when there is none (or it is damaged: then it is simply downloaded again)."""
        try:
            meta = loads_bounded(read_bounded(self.meta, DOWNLOAD), str(self.meta), "a cache entry")
            content = read_bounded(self.body, DOWNLOAD)
            if meta.get("url") != self.url or meta.get("sha256") != hashlib.sha256(content).hexdigest():
                return None
            return _Cached(
                content,
                meta.get("etag"),
                meta.get("last_modified"),
                datetime.fromisoformat(meta["downloaded_at"]),
                datetime.fromisoformat(meta["checked_at"]),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError, ConfplanError):
            return None

    def write(self, content: bytes, etag: str | None, last_modified: str | None, now: datetime) -> None:
        write_atomically(self.body, content, make_folder=True)
        self._write_meta(hashlib.sha256(content).hexdigest(), etag, last_modified, now, now)

    def confirm(self, cached: _Cached, now: datetime) -> None:
        digest = hashlib.sha256(cached.content).hexdigest()
        self._write_meta(digest, cached.etag, cached.last_modified, cached.downloaded_at, now)

    def _write_meta(
        self, digest: str, etag: str | None, last_modified: str | None, downloaded: datetime, checked: datetime
    ) -> None:
        meta = {
            "url": self.url,
            "sha256": digest,
            "etag": etag,
            "last_modified": last_modified,
            "downloaded_at": downloaded.isoformat(),
            "checked_at": checked.isoformat(),
        }
        write_atomically(self.meta, json.dumps(meta, indent=2).encode("utf-8"), make_folder=True)
