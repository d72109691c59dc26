"""Reading lists: the papers a person cares about, from publication listings or a YAML file.

Two inputs are understood (docs/suggestions.md describes both):

* A research institute's publication listing, as text copied from its web page.  Each entry is an optional
  title line, optional author lines, an abstract on one line that the site cut with a "… (see more)" /
  "… (voir plus)" marker (removing the marker gives back the whole abstract), then optionally a date line and
  a venue line.  Page chrome (cookie banners, headings, news paragraphs) is skipped.
* A YAML reading list (``.yaml``/``.yml``): ``papers`` (titles, abstracts, authors) and/or ``keywords``.

Entries listed several times (in one listing or across files) are merged into one paper.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from confplan.errors import ConfplanError, Problem
from confplan.model import ListedPaper, normalise_text
from confplan.storage import locations
from confplan.storage.bounded_files import READING_LIST_TEXT, READING_LIST_YAML, read_bounded
from confplan.storage.safe_yaml import Node, Scalar, fields_of, items_of, located, read_tree, text_of

#: What the site puts where it cuts an abstract.  The text goes on right after it, sometimes mid-word
#: ("an en… (see more)ergy function"), so deleting the marker gives back the text as it was.
SEE_MORE = re.compile(r"…\s?\((?:see more|voir plus)\)", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# The line after a date names the venue and ends in its status: "(published)", "(publié)".
_VENUE = re.compile(r"\([^()]+\)$")
# Cookie banners (English and French) and the page's own headings.
_COOKIE_WORDS = re.compile(r"\b(?:cookies?|témoins)\b", re.IGNORECASE)
_CHROME_LINES = {"publications", "multimedia player", "lecteur multimédia"}
# Lower-case words that may stand inside a person's name ("Ludwig van Beethoven").
_NAME_PARTICLES = {"de", "da", "di", "del", "della", "der", "den", "van", "von", "du", "des", "le", "la", "dos", "y"}
_YAML_SUFFIXES = (".yaml", ".yml")
LISTING_HELP = (
    "expected a publication listing (text with abstracts cut by '… (see more)' or '… (voir plus)') "
    "or a YAML reading list (.yaml) with 'papers' and/or 'keywords'"
)


# --- publication listings (text) ------------------------------------------------------------------------------


def parse_listing(text: str, source: str = "") -> list[ListedPaper]:
    """The papers of one listing page, in page order (duplicates not merged yet)."""
    lines = [line.strip() for line in text.splitlines()]
    papers: list[ListedPaper] = []
    block: list[tuple[int, str]] = []  # non-blank lines since the last entry ended: chrome, title, authors
    previous: ListedPaper | None = None  # the entry whose date/venue lines may follow
    expect = ""  # "date" right after an abstract, "venue" right after a date
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        if SEE_MORE.search(line):
            title, authors, start = _title_and_authors(block, number)
            previous = ListedPaper(
                title=title,
                abstract=rebuild_abstract(line),
                authors=authors,
                source=source,
                line=start,
            )
            papers.append(previous)
            block, expect = [], "date"
            continue
        if previous is not None and expect == "date" and (found := _DATE.match(line)):
            published = _date_or_none(found)
            if published is not None:
                previous = papers[-1] = replace(previous, published=published)
                expect = "venue"
                continue
        if previous is not None and expect == "venue" and _VENUE.search(line):
            previous = papers[-1] = replace(previous, venue=line)
            expect = ""
            continue
        expect = ""
        block.append((number, line))
    # A last entry the page cut before its abstract still counts if it has a title and authors.
    title, authors, start = _title_and_authors(block, len(lines) + 1)
    if title and authors:
        papers.append(ListedPaper(title=title, authors=authors, source=source, line=start))
    return papers


def rebuild_abstract(line: str) -> str:
    """The whole abstract: the site's "… (see more)" marker removed, joining the two halves it split."""
    return " ".join(SEE_MORE.sub("", line).split())


def _title_and_authors(block: list[tuple[int, str]], abstract_line: int) -> tuple[str, tuple[str, ...], int]:
    """Split the lines before an abstract into its title and authors, dropping page chrome and news.

    Authors are the run of name-like lines just before the abstract; the title is the line before them.
    Anything earlier (a banner, a heading, a news item) is not part of the entry.
    """
    last_chrome = max((i for i, (_, line) in enumerate(block) if _is_chrome(line)), default=-1)
    lines = [(n, line) for n, line in block[last_chrome + 1 :] if not _is_prose(line)]
    if not lines:
        return "", (), abstract_line
    first_author = len(lines)
    while first_author > 1 and _is_name(lines[first_author - 1][1]):
        first_author -= 1
    number, title = lines[first_author - 1]
    authors = tuple(dict.fromkeys(line for _, line in lines[first_author:]))  # the site repeats some names
    return title, authors, number


def _is_chrome(line: str) -> bool:
    return bool(_COOKIE_WORDS.search(line)) or line.casefold() in _CHROME_LINES


def _is_prose(line: str) -> bool:
    """A paragraph (news, a banner's sentence), not a title: long, or a sentence of several words."""
    words = line.split()
    return len(words) > 30 or (len(words) >= 6 and line.endswith((".", "!", "?")))


def _is_name(line: str) -> bool:
    """A person's name: 2–6 capitalised words (initials and particles allowed), no digits or punctuation."""
    words = line.split()
    if not 2 <= len(words) <= 6 or len(line) > 60 or any(c.isdigit() or c in ',:;?!()[]"“”' for c in line):
        return False
    return all(word[0].isupper() or word in _NAME_PARTICLES for word in words)


def _date_or_none(found: re.Match[str]) -> date | None:
    try:
        return date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None


# --- YAML reading lists ----------------------------------------------------------------------------------------

_PAPER_KEYS = ("title", "abstract", "authors")


def parse_reading_list_yaml(text: str, source: str = "") -> list[ListedPaper]:
    """Papers from a YAML reading list; every problem names the file, line and column.

    Values are read as text (YAML node by node, without type guessing), so a title such as ``1984`` or
    ``No`` stays the string it looks like.  Shared reading lists are untrusted: ``read_tree`` refuses tags,
    anchors and aliases and deep nesting before anything is built.
    """
    root = read_tree(text, source)
    if root is None:
        raise ConfplanError(Problem(f"the reading list is empty; {LISTING_HELP}", source))
    fields = fields_of(root, source, "a mapping with 'papers' and/or 'keywords'", ("papers", "keywords"))
    papers: list[ListedPaper] = []
    if "papers" in fields:
        items = items_of(fields["papers"][1], source, "'papers': a list of papers (each with title and/or abstract)")
        papers.extend(_paper_from_node(item, source) for item in items)
    if "keywords" in fields:
        value = fields["keywords"][1]
        keywords = [text_of(item, source, "a keyword") for item in items_of(value, source, "'keywords': a list")]
        keywords = [k for k in keywords if k]
        if keywords:
            # The keywords together describe one interest; a presentation matching several of them ranks higher.
            papers.append(ListedPaper(abstract=", ".join(keywords), source=source, line=value.line, is_keywords=True))
    if not papers:
        raise ConfplanError(Problem(f"the reading list has no papers and no keywords; {LISTING_HELP}", source))
    return papers


def _paper_from_node(node: Node, source: str) -> ListedPaper:
    expected = "a paper: a mapping with title, abstract and/or authors"
    fields = fields_of(node, source, expected, _PAPER_KEYS, within="a paper")
    title = text_of(fields["title"][1], source, "'title': text") if "title" in fields else ""
    abstract = text_of(fields["abstract"][1], source, "'abstract': text") if "abstract" in fields else ""
    authors: tuple[str, ...] = ()
    if "authors" in fields:
        value = fields["authors"][1]
        if isinstance(value, Scalar):  # "authors: Ada Lovelace, Charles Babbage"
            authors = tuple(a.strip() for a in text_of(value, source, "'authors'").split(",") if a.strip())
        else:
            items = items_of(value, source, "'authors': a list of names")
            authors = tuple(text_of(a, source, "an author's name") for a in items)
    if not title and not abstract:
        raise located(node, source, "a paper needs a 'title' or an 'abstract' (or both)")
    return ListedPaper(
        title=" ".join(title.split()),
        abstract=" ".join(abstract.split()),
        authors=authors,
        source=source,
        line=node.line,
    )


# --- files ------------------------------------------------------------------------------------------------------


def bundled_reading_list() -> list[Path]:
    """The example reading list shipped with the bundled programme: four publication listing pages."""
    folder = locations.data_root() / locations.BUNDLED_CONFERENCE / "reading-list"
    return sorted(folder.glob("*.txt"))


def reading_list_label(paths: Sequence[Path]) -> str:
    """Where suggestions come from, in words for the planner: "" for none, the bundled example, or file names."""
    if not paths:
        return ""
    if list(paths) == bundled_reading_list():
        return "the bundled example list"
    names = [path.name for path in paths]
    return ", ".join(names[:2]) + (f" and {len(names) - 2} more" if len(names) > 2 else "")


def load_reading_list(paths: Sequence[Path]) -> list[ListedPaper]:
    """Every paper in ``paths`` (listings or YAML reading lists), duplicates merged, in first-seen order."""
    papers: list[ListedPaper] = []
    for path in paths:
        papers.extend(load_reading_list_file(path))
    return merge_duplicates(papers)


def load_reading_list_file(path: Path) -> list[ListedPaper]:
    """One file's papers; a missing, empty, binary or paper-less file is one clear error."""
    where = str(path)
    yaml_list = path.suffix.lower() in _YAML_SUFFIXES
    try:
        data = read_bounded(path, READING_LIST_YAML if yaml_list else READING_LIST_TEXT)
    except FileNotFoundError:
        raise ConfplanError(Problem(f"no such reading list file; {LISTING_HELP}", where)) from None
    text = _decode(data, where)
    if not text.strip():
        raise ConfplanError(Problem(f"the file is empty; {LISTING_HELP}", where))
    if yaml_list:
        return parse_reading_list_yaml(text, where)
    papers = parse_listing(text, where)
    if not papers:
        raise ConfplanError(Problem(f"no papers found in this file; {LISTING_HELP}", where))
    return papers


def _decode(data: bytes, where: str) -> str:
    if b"\x00" in data[:65536]:
        raise ConfplanError(Problem(f"this is not a text file (it contains NUL bytes); {LISTING_HELP}", where))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfplanError(
            Problem(f"not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded); {LISTING_HELP}", where, line)
        ) from None


# --- one paper listed several times ------------------------------------------------------------------------------


def merge_duplicates(papers: Iterable[ListedPaper]) -> list[ListedPaper]:
    """One entry per paper: entries with the same abstract (or, lacking one, the same title) are merged.

    The merged paper keeps the first entry's place and takes what the others add: a title, authors, a date, a
    venue, a longer abstract.  (The institute's pages list some papers in several places, some without title.)
    """
    merged: list[ListedPaper] = []
    index: dict[str, int] = {}
    for paper in papers:
        keys = [k for k in (_abstract_key(paper), _title_key(paper)) if k]
        found = next((index[k] for k in keys if k in index), None)
        if found is None:
            found = len(merged)
            merged.append(paper)
        else:
            merged[found] = _combine(merged[found], paper)
        for key in (_abstract_key(merged[found]), _title_key(merged[found])):
            if key:
                index.setdefault(key, found)
    return merged


def _abstract_key(paper: ListedPaper) -> str:
    # The first 200 characters: two copies of one abstract may be cut at different lengths.
    return "abstract:" + normalise_text(paper.abstract)[:200] if len(paper.abstract) >= 100 else ""


def _title_key(paper: ListedPaper) -> str:
    return "title:" + normalise_text(paper.title) if paper.title and not paper.is_keywords else ""


def _combine(first: ListedPaper, other: ListedPaper) -> ListedPaper:
    return replace(
        first,
        title=first.title or other.title,
        abstract=first.abstract if len(first.abstract) >= len(other.abstract) else other.abstract,
        authors=first.authors or other.authors,
        published=first.published or other.published,
        venue=first.venue or other.venue,
        also_listed_at=(*first.also_listed_at, other.location),
    )
