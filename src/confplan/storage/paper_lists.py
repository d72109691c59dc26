"""A conference's paper list: read from a file, kept for the conference once fetched, and joined to the programme.

Which list a programme gets (``papers:`` in its conference.yaml, docs/papers.md):

1. ``file:`` — a local list, read every time (relative to conference.yaml);
2. else the list kept for the conference by ``confplan papers fetch`` (from OpenReview, or ``--file``), in the
   cache directory under the venue id (or, without one, the schedule's path or URL).

Loading a programme never touches the network: only ``confplan papers fetch`` and the planner's background fetch do.
"""

from __future__ import annotations

import hashlib
import json
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from confplan.errors import ConfplanError, Problem
from confplan.formats.bounded_json import loads_bounded
from confplan.formats.common import Note
from confplan.formats.conference_settings import PaperSources
from confplan.formats.paper_list import OPENREVIEW_FORUM, parse_paper_list
from confplan.model import Conference, Paper
from confplan.storage import locations
from confplan.storage.atomic_files import write_atomically
from confplan.storage.bounded_files import PAPER_LIST as PAPER_LIST_FILE
from confplan.storage.bounded_files import check_size_to_write, read_bounded

if TYPE_CHECKING:
    from confplan.domain.paper_matching import MatchReport

# The matching (confplan.domain.paper_matching) is imported when a programme is joined to a list: most programmes
# have none, and every start of the planner pays for what it imports (issue 17).

OPENREVIEW = "openreview"
PAPER_LIST = "paper list"


@dataclass(frozen=True)
class PaperList:
    """A paper list and where it came from."""

    papers: tuple[Paper, ...]
    source: str  # what titles from it are said to come from: "openreview" or "paper list"
    origin: str  # in words: "OpenReview venue ICLR.cc/2023/Conference", or the file it was read from
    saved_at: datetime | None = None  # when it was fetched (a kept list), None for a file read now
    count: int = -1  # how many papers it has (-1: len(papers)); a join taken from the cache has no papers loaded

    @property
    def size(self) -> int:
        return len(self.papers) if self.count < 0 else self.count


@dataclass(frozen=True)
class WithPapers:
    """A programme joined to its paper list: the conference with real titles, and what the join did."""

    conference: Conference
    paper_list: PaperList | None = None
    report: MatchReport | None = None
    notes: tuple[Problem, ...] = field(default=())

    @property
    def summary(self) -> str:
        """One line for people: "titles for 300 of 366 presentations from OpenReview …"."""
        if self.paper_list is None or self.report is None:
            return "no paper list: presentations are shown under the first sentence of their abstract"
        total = len(self.conference.presentations)
        return f"titles for {len(self.report.matches)} of {total} presentations from {self.paper_list.origin}"


#: Bump when matching changes what it finds: joins kept in the cache by an older confplan are then made again.
JOIN_VERSION = "1"


def read_paper_file(path: Path) -> tuple[Paper, ...]:
    """The papers in a local file, refused at once when it is too large to be a paper list."""
    where = str(path)
    try:
        data = read_bounded(path, PAPER_LIST_FILE)
    except FileNotFoundError:
        raise ConfplanError(Problem("no such paper list", where)) from None
    return parse_paper_list(data, where)


def file_list(path: Path) -> PaperList:
    """The paper list in a file; its titles count as OpenReview's when every paper links to an OpenReview forum."""
    papers = read_paper_file(path)
    from_openreview = bool(papers) and all(p.url.startswith(OPENREVIEW_FORUM) for p in papers)
    return PaperList(papers, OPENREVIEW if from_openreview else PAPER_LIST, str(path))


def list_key(sources: PaperSources, schedule_source: str) -> str:
    """What a kept list is filed under: the venue id, else the schedule it was fetched for."""
    return f"openreview:{sources.openreview}" if sources.openreview else f"schedule:{schedule_source}"


def _kept_path(key: str) -> Path:
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
    return locations.user_cache_dir() / "papers" / f"{digest}.json"


def keep_paper_list(key: str, paper_list: PaperList, now: datetime | None = None) -> Path:
    """Keep ``paper_list`` as the conference's list (atomically); returns the file."""
    saved_at = now or datetime.now(UTC)
    body = {
        "key": key,
        "source": paper_list.source,
        "origin": paper_list.origin,
        "saved_at": saved_at.isoformat(),
        "papers": [{**asdict(p), "authors": list(p.authors)} for p in paper_list.papers],
    }
    path = _kept_path(key)
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    check_size_to_write(data, PAPER_LIST_FILE, path.name)  # else it would be kept and never read again
    write_atomically(path, data, make_folder=True)
    return path


def kept_paper_list(key: str) -> PaperList | None:
    """The list kept for ``key``, or None (none kept, or a damaged copy: a note would only say to fetch again)."""
    path = _kept_path(key)
    try:
        return _kept_from(read_bounded(path, PAPER_LIST_FILE), key, str(path))
    except (OSError, ConfplanError):
        return None


def _kept_from(data: bytes, key: str, where: str) -> PaperList | None:
    try:
        meta = loads_bounded(data, where, "a kept paper list")
        if meta.get("key") != key:
            return None
        papers = parse_paper_list(data, where)
        return PaperList(papers, str(meta["source"]), str(meta["origin"]), datetime.fromisoformat(meta["saved_at"]))
    except (ValueError, KeyError, TypeError, AttributeError, ConfplanError):
        return None


def _list_file(sources: PaperSources, settings_file: Path | None, schedule_source: str) -> Path:
    if sources.file:
        path = Path(sources.file).expanduser()
        if not path.is_absolute() and settings_file is not None:
            path = settings_file.parent / path
        return path
    return _kept_path(list_key(sources, schedule_source))


def paper_list_for(sources: PaperSources, settings_file: Path | None, schedule_source: str) -> PaperList | None:
    """The paper list this programme gets (see the module's docstring), or None when it has none yet."""
    path = _list_file(sources, settings_file, schedule_source)
    return file_list(path) if sources.file else kept_paper_list(list_key(sources, schedule_source))


def join_papers(conference: Conference, paper_list: PaperList | None) -> WithPapers:
    """The programme with the titles, authors and links of the papers matched in ``paper_list``."""
    if paper_list is None:
        return WithPapers(conference)
    from confplan.domain.paper_matching import match_papers, with_papers

    report = match_papers(conference.presentations, paper_list.papers)
    return WithPapers(with_papers(conference, report, paper_list.source), paper_list, report)


def attach_papers(
    conference: Conference,
    sources: PaperSources,
    settings_file: Path | None,
    schedule_source: str,
    use_cache: bool = True,
) -> WithPapers:
    """``join_papers`` with the list this programme gets; a list that cannot be read is a note, not a failure:
    the programme is still shown, under its own titles.

    Matching takes a good part of a second on ICLR's 1,573 papers: the join is kept in the cache, under a digest of
    the list's file and the programme's presentations, and taken from there while neither changes (then the
    list's papers are not loaded: ``paper_list.papers`` is empty, ``size`` says how many it has).
    """
    path = _list_file(sources, settings_file, schedule_source)
    digest = _join_digest(path, conference) if use_cache else None
    if digest is not None and (kept := _kept_join(digest, conference)) is not None:
        return kept
    try:
        paper_list = paper_list_for(sources, settings_file, schedule_source)
    except ConfplanError as exc:
        note = Note(f"the paper list was not used: {exc}", str(settings_file or schedule_source))
        return WithPapers(conference, notes=(note,))
    joined = join_papers(conference, paper_list)
    if digest is not None and joined.paper_list is not None and joined.report is not None:
        with suppress(OSError, ConfplanError):  # a cache that cannot be written costs only time
            _keep_join(digest, joined.paper_list, joined.report)
    return joined


def _join_digest(list_file: Path, conference: Conference) -> str | None:
    try:
        data = read_bounded(list_file, PAPER_LIST_FILE)
    except (OSError, ConfplanError):  # reading the list itself then says what is wrong
        return None
    digest = hashlib.sha256(JOIN_VERSION.encode())
    digest.update(hashlib.sha256(data).digest())
    for p in conference.presentations:
        digest.update(f"\x1f{p.id}\x1e{p.abstract}".encode())
    return digest.hexdigest()[:32]


def _join_path(digest: str) -> Path:
    return locations.user_cache_dir() / "papers" / f"join-{digest}.json"


def _keep_join(digest: str, paper_list: PaperList, report: MatchReport) -> None:
    numbers: dict[int, int] = {}
    papers: list[dict[str, object]] = []
    matches: dict[str, list[object]] = {}
    for presentation_id, match in report.matches.items():
        if id(match.paper) not in numbers:
            numbers[id(match.paper)] = len(papers)
            papers.append({**asdict(match.paper), "authors": list(match.paper.authors)})
        matches[presentation_id] = [numbers[id(match.paper)], match.rule.value, match.score]
    body = {
        "list": {
            "source": paper_list.source,
            "origin": paper_list.origin,
            "saved_at": paper_list.saved_at.isoformat() if paper_list.saved_at else None,
            "count": paper_list.size,
        },
        "papers": papers,
        "matches": matches,
        "unmatched": report.unmatched,
    }
    write_atomically(_join_path(digest), json.dumps(body, ensure_ascii=False).encode("utf-8"), make_folder=True)


def _kept_join(digest: str, conference: Conference) -> WithPapers | None:
    from confplan.domain.paper_matching import MatchReport, MatchRule, PaperMatch, with_papers

    path = _join_path(digest)
    try:
        data = read_bounded(path, PAPER_LIST_FILE)
        body = loads_bounded(data, str(path), "a kept join")
        papers = parse_paper_list(json.dumps(body["papers"]).encode(), str(path)) if body["papers"] else ()
        matches = {
            str(i): PaperMatch(papers[int(n)], MatchRule(rule), float(score))
            for i, (n, rule, score) in body["matches"].items()
        }
        unmatched = {str(i): str(why) for i, why in body["unmatched"].items()}
        meta = body["list"]
        saved_at = datetime.fromisoformat(meta["saved_at"]) if meta["saved_at"] else None
        paper_list = PaperList((), str(meta["source"]), str(meta["origin"]), saved_at, int(meta["count"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, ConfplanError):
        return None
    report = MatchReport(matches, unmatched)
    return WithPapers(with_papers(conference, report, paper_list.source), paper_list, report)
