"""HTML in a schedule's texts (FOSDEM's and frab's abstracts) as plain paragraphs and bullets.

Apart from ``confplan.formats.common`` so that html.parser is imported only for a schedule that holds HTML (a warm
start of the planner reads none: issue 17).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser


def text_of_html(text: str) -> str:
    """``text`` (HTML) as plain text: block elements become paragraphs, list items bullets, links keep their
    address."""
    parser = _TextFromHtml()
    parser.feed(text)
    parser.close()
    return parser.text()


class _TextFromHtml(HTMLParser):
    _BLOCKS = frozenset({"p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._href: str | None = None
        self._link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS:
            self._parts.append("\n\n")
        elif tag == "br":
            self._parts.append("\n")
        elif tag == "li":
            self._parts.append("\n- ")
        elif tag == "a":
            self._href = dict(attrs).get("href")
            self._link_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCKS:
            self._parts.append("\n\n")
        elif tag == "a" and self._href:
            shown = "".join(self._link_text).strip()
            if self._href.startswith(("http://", "https://")) and self._href not in shown:
                self._parts.append(f" ({self._href})")
            self._href = None

    def handle_data(self, data: str) -> None:
        self._parts.append(data)
        if self._href is not None:
            self._link_text.append(data)

    def text(self) -> str:
        joined = "".join(self._parts)
        lines = [" ".join(line.split()) for line in joined.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
