"""A real Radicale CalDAV server for the sync tests: 127.0.0.1, a free port, htpasswd logins, storage in a temporary
folder; it can be stopped and started again on the same port with the same data.

`OtherClient` is another CalDAV client (the caldav library, as calendar apps speak CalDAV) that the tests use to
read the server's state back and to make the edits a user makes in a calendar app.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from caldav.davclient import DAVClient
from caldav.elements import dav
from icalendar import Calendar

USERS = {"alice": "wonderland", "bob": "builder"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Radicale:
    def __init__(self, home: Path) -> None:
        self.home = home
        self.port = free_port()
        users = home / "users"
        users.write_text("".join(f"{name}:{password}\n" for name, password in USERS.items()), encoding="utf-8")
        self.config = home / "config"
        self.config.write_text(
            f"[server]\nhosts = 127.0.0.1:{self.port}\n"
            f"[auth]\ntype = htpasswd\nhtpasswd_filename = {users}\nhtpasswd_encryption = plain\ndelay = 0\n"
            f"[storage]\nfilesystem_folder = {home / 'collections'}\n"
            "[rights]\ntype = owner_only\n"
            "[logging]\nlevel = warning\n",
            encoding="utf-8",
        )
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> None:
        log = (self.home / "radicale.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(self.config)], stdout=log, stderr=log
        )
        log.close()
        deadline = time.monotonic() + 60
        while True:
            assert self.process.poll() is None, (self.home / "radicale.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                assert time.monotonic() < deadline, "Radicale did not start listening within 60 s"
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def make_calendar(self, user: str, name: str) -> str:
        """A new, empty calendar of ``user``; its URL."""
        principal = OtherClient(self, user).client.principal()  # Radicale makes the user's home on first sight
        principal.make_calendar(name=name, cal_id=name)
        return f"{self.root}{user}/{name}/"


class OtherClient:
    """Another program using the same calendar, through the caldav library."""

    def __init__(self, server: Radicale, user: str = "alice") -> None:
        self.client = DAVClient(url=server.root, username=user, password=USERS[user], enable_rfc6764=False)

    def calendar(self, url: str) -> Any:
        return self.client.calendar(url=url)

    def resources(self, url: str) -> dict[str, str]:
        """Every resource in the calendar, by path, with its ETag: what is really on the server."""
        response = self.calendar(url).get_properties([dav.GetEtag()], depth=1, parse_response_xml=False)
        own = urlsplit(url).path
        return {r.href: str(r.properties.get(dav.GetEtag.tag)) for r in response.results if r.href != own}

    def events(self, url: str) -> dict[str, Any]:
        """Every VEVENT on the server, by UID (each resource read back and parsed); each UID must appear once."""
        found: dict[str, Any] = {}
        for href in self.resources(url):
            resource = self.calendar(url).event_by_url(href)
            resource.load()
            for event in Calendar.from_ical(resource.data).walk("VEVENT"):
                uid = str(event["UID"])
                assert uid not in found, f"UID {uid} is on the server twice"
                found[uid] = event
        return found
