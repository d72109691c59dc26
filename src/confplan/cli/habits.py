"""What the command line does for someone typing from habit: "did you mean show?" for a mistyped command, and a
description at the top of every subcommand's ``--help`` (argparse shows a subcommand's one-line help only in its
parent's list)."""

from __future__ import annotations

import argparse
import difflib
import re
from typing import NoReturn

_INVALID_CHOICE = re.compile(r"invalid choice: '([^']*)' \(choose from (.*)\)")


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose "invalid choice" error names the closest choices."""

    def error(self, message: str) -> NoReturn:
        found = _INVALID_CHOICE.search(message)
        if found:
            typed, listed = found.groups()
            choices = [choice.strip().strip("'") for choice in listed.split(",")]
            close = difflib.get_close_matches(typed, choices, n=2, cutoff=0.6)
            if close:
                message += f"; did you mean {' or '.join(close)}?"
        super().error(message)


def describe_subcommands(parser: argparse.ArgumentParser) -> None:
    """Give every subcommand without a description its one-line help as one, all the way down."""
    for action in parser._actions:  # argparse keeps its subcommands here, with no public way to walk them
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help for choice in action._choices_actions}
        for name, subparser in action.choices.items():
            if subparser.description is None and helps.get(name):
                help_text = str(helps[name])
                subparser.description = help_text[0].upper() + help_text[1:] + "."
            describe_subcommands(subparser)
