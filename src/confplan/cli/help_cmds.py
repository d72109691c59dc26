"""`confplan help [TOPIC]`: the user documentation that ships with confplan, so that what a message or an agenda
file points to is there after a plain `pip install` (the docs/ folder of the sources is not)."""

from __future__ import annotations

import argparse
from typing import Any

from confplan.cli.context import Context, out
from confplan.errors import ConfplanError

#: Topic -> (file in docs/, what it is about).
TOPICS = {
    "agenda-format": ("agenda-format.md", "the agenda file: every key, and what a file is checked for"),
    "formats": ("formats.md", "schedule formats: frab/Pentabarf XML, schedule.json, .ics, times and zones"),
    "iclr-text": ("iclr-text.md", "the bundled ICLR programme text and how its ids are made"),
    "suggestions": ("suggestions.md", "reading lists, the score column and how suggestions are ranked"),
    "export": ("export.md", "the .ics export, updates and cancellations"),
    "sync": ("sync.md", "keeping a CalDAV calendar in step with your picks"),
    "papers": ("papers.md", "paper lists (OpenReview and others) and how presentations are matched to them"),
    "security": ("security.md", "what confplan trusts and what it does not"),
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("help", help="print a topic of the user documentation (no topic: list them)")
    parser.add_argument("topic", nargs="?", metavar="TOPIC", help="one of: " + ", ".join(TOPICS))
    parser.set_defaults(handler=help_command)


def help_command(args: argparse.Namespace, context: Context) -> int:
    if args.topic is None:
        out("Topics (confplan help TOPIC):")
        for name, (_, about) in TOPICS.items():
            out(f"  {name:<14} {about}")
        out("Every command explains itself too: confplan COMMAND --help")
        return 0
    topic = args.topic.strip().lower().removesuffix(".md")
    starting = [name for name in TOPICS if name.startswith(topic)] if topic else []
    if topic not in TOPICS and len(starting) == 1:
        topic = starting[0]  # "agenda" is agenda-format, "iclr" iclr-text
    if topic not in TOPICS:
        raise ConfplanError(f"no help topic {args.topic!r}; the topics are {', '.join(TOPICS)}")
    from confplan.storage import locations  # platformdirs: only for the command that reads a topic

    path = locations.docs_root() / TOPICS[topic][0]
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfplanError(
            f"the documentation of {topic!r} is missing from this installation ({exc.strerror})"
        ) from None
    print(text, end="" if text.endswith("\n") else "\n")
    return 0
