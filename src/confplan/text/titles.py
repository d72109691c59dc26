"""Short display titles for presentations that only have an abstract."""

from __future__ import annotations

import re

# Abbreviations whose full stop does not end a sentence.
_NOT_SENTENCE_ENDS = ("e.g.", "i.e.", "et al.", "etc.", "a.k.a.", "vs.", "cf.", "resp.", "fig.", "eq.", "approx.")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"'(\[])")
_TEX_QUOTES = re.compile(r"(?:``|'')(.+?)''")
_TEX_GROUP = re.compile(r"\{\\(?:em|it|bf|textbf|emph|textit)\s*([^{}]*)\}")


def derive_title(abstract: str, width: int = 100) -> str:
    """The abstract's first sentence, cleaned of TeX-isms and cut at a word boundary to ``width``."""
    text = " ".join(abstract.split())
    text = _TEX_QUOTES.sub(r"“\1”", text)
    text = _TEX_GROUP.sub(r"\1", text)
    sentence = text
    for match in _SENTENCE_END.finditer(text):
        candidate = text[: match.start()]
        if not candidate.lower().endswith(_NOT_SENTENCE_ENDS):
            sentence = candidate
            break
    sentence = sentence.rstrip(" .…")
    if len(sentence) <= width:
        return sentence
    cut = sentence[: width - 1].rsplit(" ", 1)[0].rstrip(",;:–—- ")
    return cut + "…"
