"""The command palette (Ctrl+P): the actions of the view on show, and "go to" for the sessions a query finds.

Actions come from the bindings of the app and of the view under the palette, so the palette offers exactly what
makes sense where the user is, and a new key binding appears here without further work.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from confplan.model import Session, time_span
from confplan.text.plain_text import printable
from confplan.tui.screens.help import own_bindings
from confplan.views.rows import sessions_in_time_order

#: Sessions offered for one query: enough to choose from, and few enough for the palette to stay instant when the
#: programme has 50,000 (matching every session's title with the palette's fuzzy matcher took seconds a key).
GO_TO_SHOWN = 40


def _go_to_words(query: str) -> str:
    """The query without a leading "go to" (the palette shows the sessions as "Go to: …")."""
    words = query.split()
    lowered = [w.casefold().rstrip(":") for w in words]
    if lowered[:2] == ["go", "to"]:
        words = words[2:]
    elif lowered[:1] == ["go"]:
        words = words[1:]
    return " ".join(words)


class PlannerCommands(Provider):
    _sessions: list[Session] | None = None

    def _actions(self) -> list[tuple[str, str, Callable[[], object]]]:
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
        return commands

    def _go_to(self, query: str) -> list[tuple[str, str, Callable[[], object]]]:
        """ "Go to" for the first sessions (in time order) that the planner's search finds for ``query``."""
        go_to = getattr(self.screen, "go_to", None)
        words = _go_to_words(query)
        if not callable(go_to) or not words:
            return []
        state = self.app.state  # type: ignore[attr-defined]
        found = state.search_index.matcher(words)
        if self._sessions is None:  # sorted once while the palette is open, not at every key
            self._sessions = sessions_in_time_order(state.conference)
        commands: list[tuple[str, str, Callable[[], object]]] = []
        for session in self._sessions:
            if found(session.id):
                where = f"{session.start:%a} {time_span(session)} {session.room or ''}".rstrip()
                title = f"Go to: {printable(session.title)}"
                commands.append((title, escape(printable(where)), partial(go_to, session.id)))
                if len(commands) == GO_TO_SHOWN:
                    break
        return commands

    async def discover(self) -> Hits:
        for title, help_text, callback in self._actions():
            yield DiscoveryHit(Text(title), callback, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._actions():
            score = matcher.match(title)
            if score > 0:
                # Text, not matcher.highlight(): titles come from the programme and must not be read as markup.
                yield Hit(score, Text(title), callback, text=title, help=help_text)
        for title, help_text, callback in self._go_to(query):
            # Found by the planner's search (every word, in any of the session's texts): ranked by how well the
            # title itself matches, and offered even when only the abstract or a speaker does.
            yield Hit(max(matcher.match(title), 0.01), Text(title), callback, text=title, help=help_text)
