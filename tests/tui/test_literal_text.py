"""Schedule text is data: markup-like text and escape sequences are shown as typed, never interpreted."""

from __future__ import annotations

import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from rich.text import Text

from confplan.domain.agenda import Agenda
from confplan.model import Conference, Kind, Presentation, Session, TimeSource
from confplan.text.plain_text import printable
from confplan.tui.app import PlannerApp
from confplan.tui.safe_text import highlight_words, safe_text
from confplan.tui.widgets.programme_list import ProgrammeList
from confplan.views.search_index import query_words
from confplan.views.state import PlannerState

from .conftest import settle, static_text

KIGALI = ZoneInfo("Africa/Kigali")
HOSTILE_TITLE = "[bold]Not bold[/] at [ AD10 ] \x1b[31mred\x1b[0m"
HOSTILE_ABSTRACT = (
    "We study [bold red]markup[/bold red], [/] and [link=https://x]links[/link] in [ AD10 ].\n"
    "Escapes: \x1b[2J\x1b]0;pwned\x07 and \x1b]8;;https://evil\x1b\\click\x1b]8;;\x1b\\ and a bell \x07."
)


def hostile_conference() -> Conference:
    start, end = datetime(2023, 5, 2, 10, 0, tzinfo=KIGALI), datetime(2023, 5, 2, 11, 0, tzinfo=KIGALI)
    session = Session("s1", Kind.ORAL, "Oral [italic]1[/italic]", start, end, room="[ AD10 ]", presentation_ids=("p1",))
    talk = Presentation(
        "p1",
        Kind.ORAL,
        HOSTILE_TITLE,
        start,
        start.replace(minute=10),
        start_source=TimeSource.ESTIMATED,
        end_source=TimeSource.ESTIMATED,
        room="[ AD10 ]",
        track="[b]track[/b]",
        abstract=HOSTILE_ABSTRACT,
        session_id="s1",
    )
    return Conference("Hostile [u]conf[/u]", "Africa/Kigali", (session,), (talk,))


def test_safe_text_keeps_brackets_and_makes_escapes_visible() -> None:
    text = safe_text(HOSTILE_TITLE)
    assert isinstance(text, Text)
    assert text.plain.startswith("[bold]Not bold[/] at [ AD10 ] ")
    assert "\x1b" not in text.plain
    assert "\\x1b[31mred" in text.plain
    assert not text.spans  # nothing was read as style


def test_safe_text_shows_every_character_as_printable_does() -> None:
    # safe_text skips the character-by-character pass for text that str.isprintable accepts: every code point,
    # alone and beside one that needs the pass, must come out as printable() makes it.
    every = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)
    assert safe_text(every).plain == printable(every)
    assert safe_text(every, keep_newlines=True).plain == printable(every, keep_newlines=True)
    plain = "".join(c for c in every if c.isprintable())
    assert safe_text(plain).plain == plain == printable(plain)
    assert safe_text(plain + "\u202e").plain == plain + "\\u202e"


def test_highlighting_marks_matches_without_touching_the_text() -> None:
    text = highlight_words(safe_text("[ AD10 ] Diffusion and diffusion"), ["diffusion"], "bold")
    assert text.plain == "[ AD10 ] Diffusion and diffusion"
    assert [(s.start, s.end) for s in text.spans] == [(9, 18), (23, 32)]


def test_a_word_typed_without_accents_highlights_the_accented_one() -> None:
    text = highlight_words(safe_text("Zürich, São Paulo"), query_words("zurich sao"), "bold")
    assert text.plain == "Zürich, São Paulo"
    assert [(s.start, s.end) for s in text.spans] == [(0, 6), (8, 11)]


async def test_hostile_programme_text_renders_literally_in_list_detail_and_palette() -> None:
    conference = hostile_conference()
    app = PlannerApp(PlannerState(conference, Agenda.for_conference(conference)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        programme = app.screen.query_one(ProgrammeList)
        lines = [programme.render_row(row, 118).plain for row in programme.rows]
        assert any("[bold]Not bold[/] at [ AD10 ] \\x1b[31mred" in line for line in lines)
        assert any("[ AD10 ]" in line and "Oral [italic]1[/italic]" in line for line in lines)
        await pilot.press("down", "down")  # the talk
        await settle(pilot)
        assert static_text(pilot, "#detail-title").startswith("[bold]Not bold[/] at [ AD10 ] \\x1b[31mred")
        abstract = static_text(pilot, "#detail-abstract")
        assert "[bold red]markup[/bold red], [/] and [link=https://x]links[/link] in [ AD10 ]." in abstract
        assert "\\x1b]0;pwned\\x07" in abstract
        assert "\x1b" not in abstract and "\x07" not in abstract
        assert "[b]track[/b]" in static_text(pilot, "#detail-facts")
        # The whole screen renders without a markup error, and no escape byte reaches the terminal.
        screen = app.export_screenshot()
        assert "\x1b]" not in screen and "\x07" not in screen
        # Searching for a bracket finds it and highlights it literally.
        await pilot.press("slash", *"[/]")
        await settle(pilot)
        assert "1 found" in static_text(pilot, "#status")
        # The command palette lists the session by its literal title.
        await pilot.press("escape", "ctrl+p", *"go to oral")
        await settle(pilot)
        await pilot.pause(0.3)
        assert "Oral [italic]1[/italic]" in app.export_screenshot().replace("&#160;", " ")
