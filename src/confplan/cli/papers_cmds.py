"""`confplan papers fetch|status`: the programme's paper list (real titles, authors, links) and how it matched."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from confplan.cli.context import Context, add_global_options, load_and_report
from confplan.errors import ConfplanError, Problem
from confplan.model import Conference
from confplan.text.plain_text import printable


def register(subparsers: Any) -> None:
    papers = subparsers.add_parser(
        "papers",
        help="the programme's paper list: real titles, authors and links (see `papers fetch`, `papers status`)",
    )
    actions = papers.add_subparsers(dest="papers_command", metavar="ACTION", required=True)
    fetch = actions.add_parser(
        "fetch",
        help="fetch the paper list (OpenReview's accepted papers, or --file) and keep it for this programme",
        description=(
            "Fetch the list of accepted papers of the venue named by `papers: openreview:` in the programme's "
            "conference.yaml (only the venue id is sent), or read a local list with --file, and keep it for this "
            "programme: from then on its presentations are shown under their papers' titles and authors."
        ),
    )
    fetch.add_argument(
        "--file",
        type=Path,
        metavar="FILE",
        help="a local paper list (OpenReview notes JSON, JSON "
        "or JSON Lines of {title, abstract, authors, url, decision}) instead of OpenReview",
    )
    fetch.add_argument(
        "--offline",
        action="store_true",
        help="never touch the network: use the pages fetched before (also: CONFPLAN_OFFLINE=1)",  # OFFLINE_VARIABLE
    )
    add_global_options(fetch, suppress_defaults=True)
    fetch.set_defaults(handler=fetch_command)
    status = actions.add_parser(
        "status",
        help="how many presentations matched a paper, by which rule, which did not and why",
    )
    status.add_argument("--json", action="store_true", help="print it as JSON")
    add_global_options(status, suppress_defaults=True)
    status.set_defaults(handler=status_command)


def _programme(context: Context) -> Conference:
    return load_and_report(context.args.schedule, context.load_options(), papers=False)


def fetch_command(args: argparse.Namespace, context: Context) -> int:
    # The paper lists, the OpenReview client and the loader are imported by the command that uses them.
    from confplan.formats.conference_settings import SETTINGS_FILE
    from confplan.storage.loading import paper_sources
    from confplan.storage.openreview import fetch_venue, offline_by_environment
    from confplan.storage.paper_lists import file_list, join_papers, keep_paper_list, list_key

    conference = _programme(context)
    sources, _ = paper_sources(conference)
    notes: tuple[str, ...] = ()
    if args.file is not None:
        paper_list = file_list(args.file)
    elif not sources.openreview:
        raise ConfplanError(
            Problem(
                "this programme names no OpenReview venue (`papers: {openreview: VENUE_ID}` in its "
                f"{SETTINGS_FILE}); give a local list with --file",
                conference.source_path,
            )
        )
    else:
        offline = args.offline or offline_by_environment()
        if not offline:
            print(f"confplan: fetching the accepted papers of {sources.openreview} from OpenReview", file=sys.stderr)
        paper_list, notes = fetch_venue(sources.openreview, offline=offline, progress=_progress_line())
        if not offline and sys.stderr.isatty():
            print(file=sys.stderr)  # end the progress line
    keep_paper_list(list_key(sources, conference.source_path), paper_list)
    for note in notes:
        print(f"confplan: note: {printable(note)}", file=sys.stderr)
    joined = join_papers(conference, paper_list)
    print(printable(f"{paper_list.size} papers kept; {joined.summary}"))
    if sources.file:
        print(
            printable(f"note: {SETTINGS_FILE} names the file {sources.file}, which is used instead of this list"),
            file=sys.stderr,
        )
    return 0


def _progress_line() -> Any:
    def show(count: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{count:,} papers…", end="", file=sys.stderr, flush=True)

    return show


def status_command(args: argparse.Namespace, context: Context) -> int:
    from confplan.domain.paper_matching import MatchRule
    from confplan.storage.loading import programme_papers

    conference = _programme(context)
    joined = programme_papers(conference)
    for note in joined.notes:
        print(f"confplan: note: {printable(str(note))}", file=sys.stderr)
    report, paper_list = joined.report, joined.paper_list
    with_abstract = [p for p in conference.presentations if p.abstract.strip()]
    data: dict[str, Any] = {
        "presentations": len(conference.presentations),
        "with_abstract": len(with_abstract),
        "paper_list": None,
        "matched": 0,
        "by_rule": {rule.value: 0 for rule in MatchRule},
        "unmatched": [],
    }
    if paper_list is not None and report is not None:
        data["paper_list"] = {
            "source": paper_list.source,
            "origin": paper_list.origin,
            "papers": paper_list.size,
            "saved_at": paper_list.saved_at.isoformat() if paper_list.saved_at else None,
        }
        data["matched"] = len(report.matches)
        data["by_rule"] = {rule.value: report.count(rule) for rule in MatchRule}
        data["unmatched"] = [
            {"id": p.id, "kind": p.kind.value, "title": p.title, "why": report.unmatched[p.id]}
            for p in with_abstract
            if p.id in report.unmatched
        ]
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(printable(joined.summary))
    if paper_list is None:
        print("fetch one with `confplan papers fetch` (or `confplan papers fetch --file LIST`)")
        return 0
    saved = f", fetched {paper_list.saved_at:%Y-%m-%d %H:%M} UTC" if paper_list.saved_at else ""
    print(printable(f"list: {paper_list.size} papers from {paper_list.origin}{saved}"))
    rules = ", ".join(f"{count} {rule}" for rule, count in data["by_rule"].items())
    print(f"matched: {data['matched']} of {len(with_abstract)} presentations with an abstract ({rules})")
    without = len(conference.presentations) - len(with_abstract)
    if without:
        print(f"{without} presentations have no abstract to match by")
    for entry in data["unmatched"]:
        print(printable(f"  not matched: {entry['id']}  {entry['kind']}  {entry['title'][:60]}: {entry['why']}"))
    return 0
