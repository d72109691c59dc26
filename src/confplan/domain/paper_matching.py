"""Which paper of a paper list (OpenReview's accepted papers) each presentation is, found by its abstract.

The programme has abstracts but often no titles or authors; the paper list has all three.  Real abstracts differ
between the two in small ways: the programme cuts long ones ("…"), one side writes TeX (``quotes'', {\\em …},
\\textit{…}, $x$) where the other has typography, hyphenation and whitespace differ, OpenReview may hold a later
version of the abstract, or one side adds a "Code: https://…" line.  Three rules, tried in order:

1. exact: the normalised abstracts are equal;
2. prefix: the programme's abstract was cut short and is the start of exactly one paper's abstract;
3. similar: most of the word 4-grams of the shorter abstract occur in the other (containment at least
   ``MIN_SIMILARITY``), and the best paper is clearly ahead of the runner-up (by ``MIN_MARGIN``).

An ambiguous or weak match is no match.  The oral and the poster of one paper always get the same answer: they are
matched as one group.  Everything is indexed (a dictionary, a sorted list, an inverted index of 4-grams), so the
cost grows with the size of the texts, not with programme × list.  Pure: no files, no network.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from confplan.model import Conference, Link, Paper, Presentation

#: A similar match needs at least this share of the shorter abstract's 4-grams in the other …
MIN_SIMILARITY = 0.5
#: … and this much more than the second-best paper.
MIN_MARGIN = 0.25
#: Abstracts shorter than this (in 4-grams, about as many words) are too short to be told apart by similarity.
MIN_SHINGLES = 15
#: A cut-short abstract must keep at least this many characters (normalised) to be matched by its start.
MIN_PREFIX_CHARS = 200
#: A 4-gram found in more papers than this is boilerplate ("in this paper we"): it says nothing about which one.
COMMON_SHINGLE = 25
_SHINGLE = 4


class MatchRule(StrEnum):
    """How a presentation was found in the paper list, from most to least certain."""

    EXACT = "exact"
    PREFIX = "prefix"
    SIMILAR = "similar"


@dataclass(frozen=True, slots=True)
class PaperMatch:
    paper: Paper
    rule: MatchRule
    score: float  # 1.0 for exact and prefix matches; the 4-gram containment for a similar one


@dataclass(frozen=True)
class MatchReport:
    """The answer for every presentation: the paper it is, or why none was chosen."""

    matches: dict[str, PaperMatch]  # presentation id -> its paper
    unmatched: dict[str, str]  # presentation id -> why not, in words

    def count(self, rule: MatchRule) -> int:
        return sum(1 for m in self.matches.values() if m.rule is rule)


# --- normalising -------------------------------------------------------------------------------------------------

# Patterns start with a literal where they can: the regular expression engine then skips ahead to it quickly.
_URL = re.compile(r"(?:https?://|www\.)\S+")  # on case-folded text
# A trailing "Code: …" / "Our code is available at …" line or sentence: one side has it, the other not.
_CODE_TAIL = re.compile(r"(?:^|\n|(?<=[.!?])\s)\s*(?:our\s+)?(?:source\s+)?code\b[^\n]{0,80}$")
_TEX_COMMAND = re.compile(r"\\(?:[a-z]+\*?|[^a-z\s])")
# "pre-training" is "pretraining"; "train- ing" was split at a line end; "state-of-the-art" is one word.
_HYPHEN = re.compile(r"[-‐‑–](?<=[^\W_][-‐‑–])\s*(?=[^\W_])")
_WORD = re.compile(r"[^\W_]+")


def words_of(abstract: str) -> list[str]:
    """The abstract's words as compared: case, character forms, TeX, punctuation, links and a code line ignored,
    hyphenated words joined ("pre-training" and "pretraining" are one word)."""
    text = unicodedata.normalize("NFKC", abstract).casefold().strip().rstrip("…").rstrip(".")
    text = _URL.sub(" ", text)
    if "code" in text:
        text = _CODE_TAIL.sub(" ", text)
    return _WORD.findall(_HYPHEN.sub("", _TEX_COMMAND.sub(" ", text)))


def _is_cut(abstract: str) -> bool:
    return abstract.rstrip().endswith(("…", "..."))


def _shingles(words: list[str]) -> set[int]:
    return {hash(tuple(words[i : i + _SHINGLE])) for i in range(len(words) - _SHINGLE + 1)}


# --- the index of the paper list -----------------------------------------------------------------------------------


@dataclass
class _Index:
    """The paper list, indexed by normalised abstract (exact), in sorted order (prefixes) and, built only when
    some abstract needs it, by the 4-grams those abstracts have (similarity)."""

    papers: Sequence[Paper]
    words: list[list[str]]  # each paper's normalised words
    exact: dict[str, list[int]]
    sorted_keys: list[tuple[str, int]]  # (normalised abstract, paper number), for prefixes by bisection

    @classmethod
    def of(cls, papers: Sequence[Paper]) -> _Index:
        words = [words_of(paper.abstract) for paper in papers]
        exact: dict[str, list[int]] = {}
        keys: list[tuple[str, int]] = []
        for number, paper_words in enumerate(words):
            if paper_words:
                key = " ".join(paper_words)
                exact.setdefault(key, []).append(number)
                keys.append((key, number))
        keys.sort()
        return cls(papers, words, exact, keys)

    def find(self, abstract: str, words: list[str]) -> PaperMatch | str | None:
        """The paper with this abstract (``words``: its words), why none can be named, or None when only
        similarity can tell."""
        if not words:
            return "no abstract to match by"
        key = " ".join(words)
        found = self.exact.get(key, [])
        if len(set(found)) == 1 or (found and self._same_paper(found)):
            return PaperMatch(self.papers[found[0]], MatchRule.EXACT, 1.0)
        if len(found) > 1:
            return f"{len(found)} papers of the list have this abstract"
        if _is_cut(abstract):
            # The last word may be cut in the middle: the start is what comes before it.
            prefix = " ".join(words[:-1])
            if len(prefix) >= MIN_PREFIX_CHARS:
                starting = self._starting_with(prefix + " ")
                if len(starting) == 1 or (starting and self._same_paper(starting)):
                    return PaperMatch(self.papers[starting[0]], MatchRule.PREFIX, 1.0)
                if len(starting) > 1:
                    return f"its start begins {len(starting)} papers' abstracts"
        return None

    def similar(self, abstracts: Sequence[list[str]]) -> list[PaperMatch | str]:
        """For each abstract (its words), the one paper clearly closest to it by shared 4-grams, or why not."""
        queries = [_shingles(words) for words in abstracts]
        wanted = set().union(*queries)
        postings: dict[int, list[int]] = {}  # 4-gram -> the papers that have it, for the 4-grams asked about
        sizes: list[int] = []
        for number, words in enumerate(self.words):
            shingles = _shingles(words)
            sizes.append(len(shingles))
            for shingle in shingles & wanted:
                postings.setdefault(shingle, []).append(number)
        return [self._closest(mine, postings, sizes) for mine in queries]

    def _closest(self, mine: set[int], postings: dict[int, list[int]], sizes: list[int]) -> PaperMatch | str:
        if len(mine) < MIN_SHINGLES:
            return "its abstract is too short to match by similarity"
        shared: Counter[int] = Counter()
        for shingle in mine:
            found_in = postings.get(shingle, ())
            if len(found_in) <= COMMON_SHINGLE:
                shared.update(found_in)
        scores = sorted(
            ((count / max(1, min(len(mine), sizes[n])), n) for n, count in shared.items()),
            key=lambda s: (-s[0], s[1]),
        )
        if not scores:
            return "no paper of the list shares its wording"
        best, number = scores[0]
        runner_up = scores[1][0] if len(scores) > 1 else 0.0
        if best < MIN_SIMILARITY:
            return f"no paper close enough (the closest shares {best:.0%} of its wording)"
        if best - runner_up < MIN_MARGIN:
            return f"ambiguous: two papers share {best:.0%} and {runner_up:.0%} of its wording"
        return PaperMatch(self.papers[number], MatchRule.SIMILAR, best)

    def _starting_with(self, prefix: str) -> list[int]:
        first = bisect.bisect_left(self.sorted_keys, (prefix, -1))
        found: list[int] = []
        for key, number in self.sorted_keys[first:]:
            if not key.startswith(prefix):
                break
            found.append(number)
            if len(found) > 5:  # more is as ambiguous as six
                break
        return found

    def _same_paper(self, numbers: list[int]) -> bool:
        """A list may hold one paper twice (a duplicate record): the same title and abstract are one paper."""
        return len({(self.papers[n].title.casefold(), self.papers[n].abstract) for n in numbers}) == 1


# --- matching a programme ------------------------------------------------------------------------------------------


def match_papers(presentations: Sequence[Presentation], papers: Sequence[Paper]) -> MatchReport:
    """Find each presentation's paper.  Presentations of one paper (an oral and its poster) share one answer;
    a paper claimed by two unrelated presentations goes to the more certain claim only."""
    index = _Index.of(papers)
    words = {p.id: words_of(p.abstract) for p in presentations}
    groups = _groups(presentations, words)
    found = {p.id: index.find(p.abstract, words[p.id]) for p in presentations}
    undecided = [p.id for p in presentations if found[p.id] is None]
    found.update(zip(undecided, index.similar([words[i] for i in undecided]), strict=True))
    answers: dict[str, PaperMatch | str] = {}
    for group in groups:
        matched = [m for p in group if isinstance(m := found[p.id], PaperMatch)]
        answer: PaperMatch | str
        if not matched:
            first = found[group[0].id]
            answer = first if isinstance(first, str) else "no abstract to match by"
        elif len({id(m.paper) for m in matched}) > 1:
            answer = "its oral and its poster match different papers"
        else:
            answer = min(matched, key=_certainty)
        for p in group:
            answers[p.id] = answer
    _keep_best_claims(answers, groups)
    return MatchReport(
        matches={i: a for i, a in answers.items() if isinstance(a, PaperMatch)},
        unmatched={i: a for i, a in answers.items() if isinstance(a, str)},
    )


def _certainty(match: PaperMatch) -> tuple[int, float]:
    return list(MatchRule).index(match.rule), -match.score


def _groups(presentations: Sequence[Presentation], words: dict[str, list[str]]) -> list[list[Presentation]]:
    """Presentations of one paper together: linked as oral and poster, or with the same abstract."""
    by_id = {p.id: p for p in presentations}
    parent = {p.id: p.id for p in presentations}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, str] = {}
    for p in presentations:
        key = " ".join(words[p.id])
        others = [o for o in p.also_presented_as if o in by_id]
        if key:
            others.append(first_with.setdefault(key, p.id))
        for other in others:
            parent[root(other)] = root(p.id)
    groups: dict[str, list[Presentation]] = {}
    for p in presentations:
        groups.setdefault(root(p.id), []).append(p)
    return list(groups.values())


def _keep_best_claims(answers: dict[str, PaperMatch | str], groups: list[list[Presentation]]) -> None:
    """A paper is presented once of each kind (an oral and its poster).  When two groups of presentations with a
    kind in common claim the same paper, only the more certain claim stands (neither, when they are as certain)."""
    claims: dict[int, list[list[Presentation]]] = {}
    for group in groups:
        answer = answers[group[0].id]
        if isinstance(answer, PaperMatch):
            claims.setdefault(id(answer.paper), []).append(group)
    for claimed in claims.values():
        kinds = [k for group in claimed for k in {p.kind for p in group}]
        if len(kinds) == len(set(kinds)):
            continue

        def certainty(group: list[Presentation]) -> tuple[int, float]:
            answer = answers[group[0].id]
            assert isinstance(answer, PaperMatch)
            return _certainty(answer)

        best = min(map(certainty, claimed))
        surest = [group for group in claimed if certainty(group) == best]
        for group in claimed:
            if len(surest) > 1 or group is not surest[0]:
                for p in group:
                    answers[p.id] = "another presentation of the same kind matches its paper as well"


# --- what a match changes ------------------------------------------------------------------------------------------


def with_papers(conference: Conference, report: MatchReport, source: str) -> Conference:
    """The conference with each matched presentation under its paper's title, authors, link and decision.

    Ids stay as they are, so agendas made before stay valid; ``source`` names the list ("openreview").  An oral and
    a poster found to be one paper are linked as such, even when the programme gave them different abstracts.
    """
    matches = {i: m for i, m in report.matches.items() if m.paper.title.strip()}
    if not matches:
        return conference
    same_paper: dict[int, list[str]] = {}
    for presentation_id, found in matches.items():
        same_paper.setdefault(id(found.paper), []).append(presentation_id)
    kinds = {p.id: p.kind for p in conference.presentations}
    presentations = []
    for p in conference.presentations:
        match = matches.get(p.id)
        if match is None:
            presentations.append(p)
            continue
        paper = match.paper
        link = (Link(paper.url, "paper"),) if paper.url and paper.url not in {k.url for k in p.links} else ()
        twins = [i for i in same_paper[id(paper)] if kinds[i] is not p.kind and i not in p.also_presented_as]
        presentations.append(
            replace(
                p,
                title=" ".join(paper.title.split()),
                title_is_derived=False,
                programme_title=p.title,
                speakers=paper.authors or p.speakers,
                links=(*link, *p.links),
                also_presented_as=(*p.also_presented_as, *twins),
                paper_source=source,
                decision=paper.decision,
            )
        )
    return replace(conference, presentations=tuple(presentations))
