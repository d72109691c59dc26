"""A question with a few answers, each on a key and a button: picks changed both here and elsewhere, quitting
with picks that could not be saved.  Returns the chosen answer's value to a callback."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from confplan.tui.safe_text import safe_text


@dataclass(frozen=True)
class Answer:
    key: str  # a single key that chooses it
    label: str  # the button's words
    value: str  # what the dialog returns


class ChoiceDialog(ModalScreen[str]):
    """``question`` over ``lines`` (schedule text among them: shown as text, never markup), one button per answer.
    Escape chooses ``escape_value``."""

    CSS_PATH = "dialogs.tcss"

    def __init__(self, question: str, lines: Sequence[str], answers: Sequence[Answer], escape_value: str) -> None:
        super().__init__(classes="dialog")
        self._question = question
        self._lines = list(lines)
        self._answers = list(answers)
        self._escape_value = escape_value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide"):
            yield Label(Text(self._question), classes="dialog-title")
            yield Static(safe_text("\n".join(self._lines)), classes="dialog-subject")
            with Horizontal(classes="dialog-buttons"):
                for answer in self._answers:
                    yield Button(f"{answer.label} ({answer.key})", id=f"answer-{answer.value}")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("answer-"):
            self.dismiss(event.button.id.removeprefix("answer-"))

    def on_key(self, event: events.Key) -> None:
        chosen = {answer.key: answer.value for answer in self._answers}.get(event.key)
        if event.key == "escape":
            chosen = self._escape_value
        if chosen is not None:
            event.stop()
            self.dismiss(chosen)
