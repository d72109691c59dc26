"""`confplan suggest`: the listed papers found in the programme, then the presentations closest to the list."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from confplan.cli.context import Context, add_global_options
from confplan.cli.schedule_cmds import when
from confplan.errors import ConfplanError, Problem
from confplan.model import Conference, Event, ListedPaper, Presentation
from confplan.text.plain_text import printable
from confplan.text.wording import counted

DEFAULT_TOP = 10


if TYPE_CHECKING:
    from confplan.domain.suggest import Suggestion


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "suggest",
        help="presentations closest to the papers you care about",
        description=(
            "Rank the programme's presentations by how close their abstracts are to a reading list "
            "(publication listing pages or a YAML list of papers or keywords; see `confplan help suggestions`), "
            "and show the listed papers that are themselves in the programme."
        ),
    )
    parser.add_argument(
        "--from",
        dest="sources",
        metavar="FILE",
        nargs="+",
        action="extend",
        type=Path,
        help="reading list file(s); default: the bundled example (four publication listing pages)",
    )
    parser.add_argument("--top", type=positive_int, default=DEFAULT_TOP, help=f"how many (default {DEFAULT_TOP})")
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    add_global_options(parser, suppress_defaults=True)
    parser.set_defaults(handler=suggest_command)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


@dataclass(frozen=True)
class Found:
    """A listed paper and the presentations (oral, poster) that are it."""

    paper: ListedPaper
    events: list[Event]


@dataclass(frozen=True)
class Ranked:
    """One suggested paper: its presentations (oral, poster) and why."""

    suggestion: Suggestion
    events: list[Event]


def suggest_command(args: argparse.Namespace, context: Context) -> int:
    from confplan.storage.listings import bundled_reading_list, load_reading_list

    sources: list[Path] = args.sources or bundled_reading_list()
    if not sources:
        raise ConfplanError(Problem("the bundled reading list is missing; pass --from FILE", "reading-list"))
    papers = load_reading_list(sources)
    conference = context.conference()
    found = _found(conference, papers)
    ranked = _ranked(conference, papers, {e.id for f in found for e in f.events}, args.top)
    if args.json:
        print(json.dumps(_as_json(conference, sources, papers, found, ranked), ensure_ascii=False, indent=2))
    else:
        print(printable(_as_text(conference, sources, papers, found, ranked), keep_newlines=True))
    return 0


def _found(conference: Conference, papers: list[ListedPaper]) -> list[Found]:
    from confplan.domain.suggest import matched_papers  # with its stemmer: imported by the command that uses it

    by_paper: dict[ListedPaper, Found] = {}
    for event_id, paper in matched_papers(conference, papers).items():
        by_paper.setdefault(paper, Found(paper, [])).events.append(conference[event_id])
    return sorted(by_paper.values(), key=lambda f: min(e.start for e in f.events))


def _ranked(conference: Conference, papers: list[ListedPaper], skip: set[str], top: int) -> list[Ranked]:
    from confplan.domain.suggest import suggestion_scores

    """The ``top`` closest papers not on the list themselves, each with all its presentations."""
    groups: dict[int, Ranked] = {}
    for suggestion in sorted(suggestion_scores(conference, papers).values(), key=lambda s: s.rank):
        if suggestion.event_id in skip:
            continue
        if suggestion.rank not in groups:
            if len(groups) == top:
                break
            groups[suggestion.rank] = Ranked(suggestion, [])
        groups[suggestion.rank].events.append(conference[suggestion.event_id])
    return list(groups.values())


# --- text ------------------------------------------------------------------------------------------------------


def _as_text(
    conference: Conference, sources: list[Path], papers: list[ListedPaper], found: list[Found], ranked: list[Ranked]
) -> str:
    lines = [f"Reading list: {counted(len(papers), 'paper')} from {counted(len(sources), 'file')}"]
    lines += [f"  {path}" for path in sources]
    lines += ["", f"Listed papers in the programme ({len(found)}):"]
    if not found:
        lines.append("  none of the listed papers is in this programme")
    for item in found:
        lines.append(f"  {item.paper.label}")
        if item.paper.authors:
            lines.append(f"    {', '.join(item.paper.authors)}")
        lines += [f"    {_event_line(conference, e)}" for e in item.events]
    lines += ["", f"Suggestions ({len(ranked)}, closest first; score = cosine similarity, 0–1):"]
    if not ranked:
        lines.append("  no presentation shares a word with the reading list")
    for number, suggested in enumerate(ranked, start=1):
        suggestion = suggested.suggestion
        lines.append(f"{number:>3}. {suggestion.score:.2f}  {suggested.events[0].title}")
        lines += [f"           {_event_line(conference, e)}" for e in suggested.events]
        lines.append(f"           closest: {suggestion.closest_title}")
        lines.append(f"           shared:  {', '.join(suggestion.shared_terms)}")
    return "\n".join(lines)


def _event_line(conference: Conference, event: Event) -> str:
    session = conference.session_of(event).title if isinstance(event, Presentation) else event.title
    return f"{event.kind.value:<7} {event.id}  {when(event)}  {event.room or '-'}  {session}"


# --- JSON ------------------------------------------------------------------------------------------------------


def _as_json(
    conference: Conference, sources: list[Path], papers: list[ListedPaper], found: list[Found], ranked: list[Ranked]
) -> dict[str, Any]:
    return {
        "reading_list": {"files": [str(p) for p in sources], "papers": len(papers)},
        "listed_papers_in_programme": [
            {**_paper_json(item.paper), "presentations": [_event_json(conference, e) for e in item.events]}
            for item in found
        ],
        "suggestions": [
            {
                "rank": number,
                "score": round(item.suggestion.score, 4),
                "title": item.events[0].title,
                "presentations": [_event_json(conference, e) for e in item.events],
                "closest": _paper_json(item.suggestion.closest),
                "shared_terms": list(item.suggestion.shared_terms),
            }
            for number, item in enumerate(ranked, start=1)
        ],
    }


def _paper_json(paper: ListedPaper) -> dict[str, Any]:
    return {
        "title": paper.title,
        "label": paper.label,
        "authors": list(paper.authors),
        "published": paper.published.isoformat() if paper.published else None,
        "venue": paper.venue,
        "listed_at": [paper.location, *paper.also_listed_at],
    }


def _event_json(conference: Conference, event: Event) -> dict[str, Any]:
    session = conference.session_of(event) if isinstance(event, Presentation) else event
    return {
        "id": event.id,
        "kind": event.kind.value,
        "session": session.title,
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
        "room": event.room,
    }
