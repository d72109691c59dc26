"""The command palette (Ctrl+P): the actions of the view on show, and "go to" for every session.

Actions come from the bindings of the app and of the view under the palette, so the palette offers exactly what
makes sense where the user is, and a new key binding appears here without further work.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from confplan.plain_text import printable
from confplan.tui.rows import sessions_in_time_order, time_span
from confplan.tui.screens.help import own_bindings


class PlannerCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """(title, help, callback) for every action on offer under the palette."""
        screen = self.screen
        commands: list[tuple[str, str, Callable[[], object]]] = []
        seen: set[str] = set()
        nodes = [screen, *(w for w in screen.query("*") if w.id), self.app]
        for node in nodes:
            for binding in own_bindings(node):
                if binding.action in seen:
                    continue
                seen.add(binding.action)
                keys = self.app.get_key_display(binding)
                run = partial(self.app.run_action, binding.action, node)
                commands.append((binding.description, f"key: {escape(keys)}", run))
        go_to = getattr(screen, "go_to", None)
        if callable(go_to):
            for session in sessions_in_time_order(self.app.state.conference):  # type: ignore[attr-defined]
                where = f"{session.start:%a} {time_span(session)} {session.room or ''}".rstrip()
                title = f"Go to: {printable(session.title)}"
                commands.append((title, escape(printable(where)), partial(go_to, session.id)))
        return commands

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            if not title.startswith("Go to:"):
                yield DiscoveryHit(Text(title), callback, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                # Text, not matcher.highlight(): titles come from the programme and must not be read as markup.
                yield Hit(score, Text(title), callback, text=title, help=help_text)
