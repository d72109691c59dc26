"""Keys typed ahead go where the keys before them lead.

Textual gives each key to the widget focused when the app takes the key from the terminal; the widget handles it
later, in its own turn, and a binding it does not handle itself is run only when the key has come back up to the
app.  Keys that arrive together (typed fast, or typed while the planner was busy drawing or starting) therefore all
went to the same widget: "/rust" gave "/" to the programme list, which then focused the search box, and "rust" to
the list as well, as commands; Enter then space in the search box typed the space into the query instead of
picking what was found.

``KeysInOrder`` holds each key until the one before it has been handled all the way, and until the screen it may
have opened has its focus, then gives it to whatever is focused then.  A small message follows every key the same
way up (``KeyHandled``): when it reaches the app, the key before it has been handled; it goes round once more for
what the widget posted about itself while handling it (Enter in the search box posts ``Input.Submitted``, which
moves the focus to the list).  A key typed on its own (the usual case) is not held at all.

An app may also make keys wait for a while (``keys_wait``: the planner does while a large schedule is being
opened) and then ``release_keys``: "/rust" typed at the loading screen searches once the programme is there.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any

from textual import events
from textual.app import App, ReturnType
from textual.message import Message
from textual.message_pump import MessagePump
from textual.timer import Timer

#: A key whose ``KeyHandled`` never came back (it was dropped with the widget that had it, say a dialog the key
#: closed) stops holding the next keys once that widget is gone, or after this many seconds at the most.
GIVE_UP_SECONDS = 2.0
#: Keys never held: they must work at once, whatever the planner is doing.
NEVER_HELD = frozenset({"ctrl+c"})


class KeyHandled(Message):
    """Posted right behind a key to the widget that got it; it bubbles up the same way as the key, behind it."""

    def __init__(self, serial: int, rounds_left: int) -> None:
        super().__init__()
        self.serial = serial
        self.rounds_left = rounds_left


class KeysInOrder(App[ReturnType]):
    """An app whose keys each reach what the key before them has focused or opened (see the module's text)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_keys: deque[events.Key] = deque()
        self._key_serial = 0
        # The key being handled: its serial; -1 for a held key on its way back to the app; 0 for none.
        self._handling = 0
        self._handled_by: MessagePump | None = None  # where its KeyHandled went
        self._handling_since = 0.0
        self._released: events.Key | None = None
        self._stuck_watch: Timer | None = None

    def keys_wait(self) -> bool:
        """Whether keys wait for now, however long, until ``release_keys`` (the app is not ready for them)."""
        return False

    def acts_at_once(self, key: str) -> bool:
        """Whether ``key`` is never held (besides NEVER_HELD): the app may say so, e.g. for its quit key while its
        keys wait."""
        return False

    def release_keys(self) -> None:
        """The app is ready for keys again: the keys held while they waited go on, in the order they came."""
        if self._handling == 0 and self._held_keys:
            self._key_serial += 1
            self._handling = self._key_serial
            self._handling_since = time.monotonic()
            self.call_after_refresh(self._next_key, self._key_serial)  # once the new screen has its focus

    async def on_event(self, event: events.Event) -> None:
        if (
            not isinstance(event, events.Key)
            or event.is_forwarded
            or event.key in NEVER_HELD
            or self.acts_at_once(event.key)
        ):
            await super().on_event(event)
            return
        if event is self._released:
            self._released = None
        elif self.keys_wait():
            self._held_keys.append(event)  # no watch: these wait as long as it takes
            return
        elif self._handling or self._held_keys:
            self._held_keys.append(event)
            self._watch_for_stuck_keys()
            return
        receiver = self.focused or self.screen
        await super().on_event(event)  # the app's priority bindings run here; otherwise the key goes to receiver
        if not event.is_forwarded:
            receiver = self.screen  # handled by the app at once: wait only for the screen it may have opened
        self._key_serial += 1
        self._handling, self._handled_by = self._key_serial, receiver
        self._handling_since = time.monotonic()
        receiver.post_message(KeyHandled(self._key_serial, rounds_left=1))

    def _on_key_handled(self, message: KeyHandled) -> None:
        message.stop()
        if message.serial != self._handling:
            return
        receiver = self._handled_by
        if message.rounds_left and receiver is not None and receiver.is_attached:
            # Behind the messages the widget posted while it handled the key (they are in its queue by now).
            receiver.post_message(KeyHandled(message.serial, message.rounds_left - 1))
        else:
            # A screen the key opened composes and focuses in its own turn: the next key goes after that.
            self.screen.call_later(self._next_key, message.serial)

    def _next_key(self, serial: int) -> None:
        if self._handling != serial:
            return  # given up on meanwhile (see _give_up_if_stuck)
        if self._held_keys:
            self._handling = -1
            self._released = self._held_keys.popleft()
            self.post_message(self._released)
        else:
            self._handling = 0

    def _watch_for_stuck_keys(self) -> None:
        if self._stuck_watch is None:
            self._stuck_watch = self.set_interval(0.1, self._give_up_if_stuck, name="typeahead watch")

    def _give_up_if_stuck(self) -> None:
        if not self._held_keys and self._handling <= 0:
            assert self._stuck_watch is not None
            self._stuck_watch.stop()
            self._stuck_watch = None
            return
        if self._handling > 0:
            receiver = self._handled_by
            gone = receiver is not None and not receiver.is_attached
            if gone or time.monotonic() - self._handling_since > GIVE_UP_SECONDS:
                self._next_key(self._handling)
