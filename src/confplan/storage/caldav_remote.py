"""One CalDAV calendar on a server, through the caldav library: the few requests a sync makes, and every failure
turned into one message that says what happened and what to do.

Each method is one request (or two, for a check).  Preconditions do the guarding on the server's side: a new
event is created with ``If-None-Match: *`` (never over another resource), and an update or a deletion carries
``If-Match`` with the ETag confplan was given, so an event changed by someone else since is never overwritten.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from confplan.errors import ConfplanError, Problem

DEFAULT_TIMEOUT = 30.0  # seconds for each request


class Changed(Exception):
    """The resource is not the version confplan last saw (HTTP 412 on If-Match): someone else changed it."""


class Exists(Exception):
    """A create found a resource already at that URL (HTTP 412 on If-None-Match: *)."""


class UidTaken(Exception):
    """The calendar already holds another resource with this UID (RFC 4791, 5.3.2.1: no-uid-conflict)."""


@dataclass(frozen=True, slots=True)
class Fetched:
    data: bytes
    etag: str | None


class CalendarRemote:
    """A calendar collection at ``url``, reached as ``user``; nothing is sent until a method is called."""

    def __init__(self, url: str, user: str, password: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        from caldav.davclient import DAVClient  # with its HTTP stack: imported by the commands that use a server

        # The library logs its doubts about servers as warnings; confplan says what matters in its own messages.
        logging.getLogger("caldav").setLevel(logging.ERROR)

        self.url = url if url.endswith("/") else url + "/"
        self.timeout = timeout
        scheme = urlsplit(self.url).scheme
        if scheme not in ("http", "https") or not urlsplit(self.url).hostname:
            raise ConfplanError(
                Problem("not a calendar URL; expected http(s)://host/path/to/calendar/ (see `confplan help sync`)", url)
            )
        # No DNS discovery (RFC 6764) and no guessing: the URL is the calendar's own.
        self._client = DAVClient(
            url=self.url,
            username=user,
            password=password,
            timeout=timeout,  # type: ignore[arg-type]  # annotated int; any number of seconds works
            enable_rfc6764=False,
            # RFC 4791 (5.3.2.1) has the server refuse a second resource with a UID it holds: a create then needs
            # only If-None-Match, not a search of the whole calendar for the UID first (quadratic for 1,000 picks).
            features={"save.no-uid-conflict": {"support": "full"}},
        )
        self._calendar: Any = self._client.calendar(url=self.url)  # type: ignore[no-untyped-call]

    def href_for(self, uid: str) -> str:
        """Where confplan puts the event with ``uid``: ``<calendar>/<uid>.ics`` (confplan's UIDs are URL-safe)."""
        return urljoin(self.url, f"{uid}.ics")

    def check(self) -> str:
        """Make sure the URL is a CalDAV calendar this user may read; its display name (or its URL)."""
        from caldav.elements import cdav, dav

        with self._translated("reading the calendar"):
            response = self._calendar.get_properties(
                [dav.ResourceType(), dav.DisplayName()], depth=0, parse_response_xml=False
            )
        self._refuse_non_dav(response)
        results = list(response.results or [])
        kinds = (results[0].properties.get(dav.ResourceType.tag) or []) if results else []
        if cdav.Calendar.tag not in kinds:
            raise ConfplanError(Problem(self._not_a_calendar(kinds), self.url))
        name = results[0].properties.get(dav.DisplayName.tag)
        return str(name) if name else self.url

    def etags(self) -> dict[str, str | None]:
        """Every resource in the calendar (by URL path) with its ETag: one PROPFIND of depth 1."""
        from caldav.elements import dav

        with self._translated("listing the calendar"):
            response = self._calendar.get_properties([dav.GetEtag()], depth=1, parse_response_xml=False)
        self._refuse_non_dav(response)
        own = _path(self.url)
        found: dict[str, str | None] = {}
        for result in response.results or []:
            path = _path(urljoin(self.url, result.href))
            if path.rstrip("/") != own.rstrip("/"):
                etag = result.properties.get(dav.GetEtag.tag)
                found[path] = str(etag) if etag else None
        return found

    def fetch(self, href: str) -> Fetched | None:
        """The resource's data and ETag, or None if there is none."""
        from caldav.lib import error

        resource = self._resource(href)
        try:
            with self._translated("reading an event"):
                resource.load(multiget_fallback=False)
        except ConfplanError as exc:
            if isinstance(exc.__cause__, error.NotFoundError):
                return None
            raise
        raw = resource.raw_data if getattr(resource, "raw_data", None) is not None else resource.data
        data = raw if isinstance(raw, bytes) else str(raw).encode("utf-8")
        return Fetched(data, _strong(resource.etag))

    def create(self, href: str, data: bytes) -> str | None:
        """PUT a new resource (``If-None-Match: *``); its ETag.  Raises Exists or UidTaken."""
        from caldav.lib import error

        resource = self._resource(href)
        try:
            with self._translated("creating an event", passing=(error.ConsistencyError, error.UidConflictError)):
                resource.save(raw_data=data, no_overwrite=True)
        except error.UidConflictError:
            raise UidTaken from None
        except error.ConsistencyError:
            raise Exists from None
        return _strong(resource.etag)

    def update(self, href: str, data: bytes, etag: str) -> str | None:
        """PUT over the resource if it still has ``etag`` (``If-Match``); its new ETag.  Raises Changed."""
        from caldav.elements import dav
        from caldav.lib import error

        resource = self._resource(href, {dav.GetEtag.tag: etag})
        try:
            with self._translated("updating an event", passing=(error.ETagMismatchError,)):
                resource.save(raw_data=data, precondition="etag")
        except error.ETagMismatchError:
            raise Changed from None
        return _strong(resource.etag)

    def delete(self, href: str, etag: str) -> None:
        """DELETE the resource if it still has ``etag``; gone already is fine.  Raises Changed."""
        from caldav.lib import error

        resource = self._resource(href)
        try:
            with self._translated("removing an event", passing=(error.ETagMismatchError, error.NotFoundError)):
                resource.delete(if_match=etag)
        except error.ETagMismatchError:
            raise Changed from None
        except error.NotFoundError:
            return

    def _resource(self, href: str, props: dict[str, str] | None = None) -> Any:
        from caldav.calendarobjectresource import Event

        return Event(client=self._client, url=href, parent=self._calendar, props=props or {})

    def _refuse_non_dav(self, response: Any) -> None:
        """A web page, a redirect to a login form, anything but a WebDAV multistatus: one clear message."""
        status = getattr(response, "status", None)
        content_type = str((getattr(response, "headers", None) or {}).get("Content-Type", ""))
        if status == 207 and "html" not in content_type.lower():
            return
        if "html" in content_type.lower():
            what = "answered with a web page, not CalDAV: is this the calendar's CalDAV URL (see `confplan help sync`)?"
        else:
            what = f"answered HTTP {status} ({content_type or 'no content type'}), not CalDAV"
        raise ConfplanError(Problem(f"the server {what}; nothing was changed", self.url))

    def _not_a_calendar(self, kinds: list[str]) -> str:
        from caldav.elements import cdav

        if not kinds or "{DAV:}collection" not in kinds:
            return "not a calendar but a single resource; give the URL of the calendar (a collection) itself"
        try:
            with self._translated("looking for calendars"):
                below = [str(url) for url, _, _ in self._calendar.children(cdav.Calendar.tag)]
        except ConfplanError:
            below = []
        hint = f"; calendars found below it: {', '.join(below[:5])}" if below else ""
        return f"a WebDAV collection, not a calendar{hint}"

    @contextmanager
    def _translated(self, doing: str, passing: tuple[type[BaseException], ...] = ()) -> Iterator[None]:
        """Turn what the caldav library and its HTTP stack raise into one ConfplanError, except ``passing``."""
        try:
            yield
        except passing:
            raise
        except ConfplanError:
            raise
        except Exception as exc:
            raise ConfplanError(Problem(f"{doing}: {self._explain(exc)}", self.url)) from exc

    def _explain(self, exc: Exception) -> str:
        from caldav.lib import error

        status = getattr(exc, "status", None)
        if isinstance(exc, error.RateLimitError):
            return "the server is busy (HTTP 429/503); try again later"
        if status == 401 or (isinstance(exc, error.AuthorizationError) and status is None):
            return "the server refused the user name or password (HTTP 401)"
        if status == 403:
            return "this user may not do that here (HTTP 403): is it your calendar, and writable?"
        if status == 404 or isinstance(exc, error.NotFoundError):
            return "no such calendar on the server (HTTP 404): check the URL (see `confplan help sync`)"
        if status == 412:
            return "the server refused a conditional request (HTTP 412)"
        if isinstance(status, int) and status >= 500:
            return f"the server failed (HTTP {status}); try again later"
        if isinstance(status, int):
            return f"the server answered HTTP {status}"
        return _explain_transport(exc, self.timeout)


def _explain_transport(exc: Exception, timeout: float) -> str:
    """What went wrong below HTTP: TLS, a timeout, no connection, or an answer that is not WebDAV XML."""
    chain = list(_causes(exc))
    names = " ".join(type(e).__name__ for e in chain)
    text = " ".join(str(e) for e in chain)
    if any(isinstance(e, ssl.SSLError) for e in chain) or "SSLError" in names or "CERTIFICATE" in text.upper():
        detail = "the certificate is not trusted" if "CERTIFICATE" in text.upper() else "TLS failed"
        return f"{detail} (is it https:// on a server that speaks TLS, with a valid certificate?)"
    if "Timeout" in names or "timed out" in text:
        return f"no answer within {timeout:g} s (a timeout); check the URL and your connection, or try again later"
    if "ConnectionError" in names or any(isinstance(e, ConnectionError) for e in chain):
        return "cannot connect to the server (is the host right, and is it up?)"
    if "XMLSyntaxError" in names or "ResponseError" in names:
        return "the server's answer is not CalDAV (not WebDAV XML): is this the calendar's CalDAV URL?"
    return f"{type(exc).__name__}: {str(exc)[:200]}"


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _path(url: str) -> str:
    return unquote(urlsplit(url).path)


def _strong(etag: str | None) -> str | None:
    """A weak ETag cannot guard a write (If-Match compares strongly): treated as none, and asked for later."""
    return etag if etag and not etag.startswith("W/") else None


def path_of(url: str) -> str:
    """A resource's URL reduced to its path, as :meth:`CalendarRemote.etags` names resources."""
    return _path(url)
