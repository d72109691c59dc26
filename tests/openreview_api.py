"""A server on 127.0.0.1 that answers like OpenReview's notes API (paging by offset and limit, ETags), and can be
told to misbehave: busy answers (429, 5xx) first, a delay before each answer."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

VENUE = "ICLR.cc/2023/Conference"


def note(number: int) -> dict[str, object]:
    return {
        "id": f"n{number}",
        "forum": f"n{number}",
        "content": {
            "title": f"Paper {number}",
            "abstract": f"Abstract {number}.",
            "authors": [f"Author {number}"],
            "venue": "ICLR 2023 poster",
            "venueid": VENUE,
        },
    }


@dataclass
class NotesApi:
    """What the imitation serves, how it misbehaves, and what it was asked."""

    notes: list[dict[str, object]] = field(default_factory=lambda: [note(i) for i in range(5)])
    busy: list[int] = field(default_factory=list)  # statuses to answer with first, one per request (429, 503…)
    delay: float = 0.0  # seconds before answering
    asked: list[dict[str, list[str]]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    api: NotesApi

    def do_GET(self) -> None:
        api = self.api
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        api.asked.append(query)
        if api.delay:
            time.sleep(api.delay)
        if api.busy:
            status = api.busy.pop(0)
            api.statuses.append(status)
            self.send_response(status)
            self.send_header("Retry-After", "0")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if url.path != "/notes" or query.get("content.venueid") != [VENUE]:
            api.statuses.append(404)
            self.send_error(404)
            return
        offset, limit = int(query["offset"][0]), int(query["limit"][0])
        page = api.notes[offset : offset + limit]
        body = json.dumps({"notes": page, "count": len(api.notes)}).encode()
        etag = f'"{offset}-{len(api.notes)}"'
        if self.headers.get("If-None-Match") == etag:
            api.statuses.append(304)
            self.send_response(304)
            self.end_headers()
            return
        api.statuses.append(200)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        with suppress(BrokenPipeError, ConnectionResetError):  # a client that gave up waiting (the timeout test)
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Running:
    api: NotesApi
    url: str
    httpd: ThreadingHTTPServer

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@contextmanager
def notes_api(api: NotesApi | None = None) -> Iterator[Running]:
    """The imitation, running; its address is ``.url``."""
    api = api if api is not None else NotesApi()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (_Handler,), {"api": api}))
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    running = Running(api, f"http://127.0.0.1:{httpd.server_address[1]}", httpd)
    try:
        yield running
    finally:
        with suppress(OSError):
            running.stop()


def notes_from_jsonl(path: Path) -> list[dict[str, object]]:
    """OpenReview notes (API 1) made from a plain JSON Lines paper list."""
    notes = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        forum = record["url"].rsplit("=", 1)[-1]
        content = {key: record[key] for key in ("title", "abstract", "authors")}
        content |= {"venue": f"ICLR 2023 {record['decision']}", "venueid": VENUE}
        notes.append({"id": forum, "forum": forum, "content": content})
    return notes
