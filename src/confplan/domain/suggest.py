"""Suggestions: which presentations are closest to the papers of a reading list, and which *are* those papers.

Two separate questions, answered by two separate methods:

* Same paper (``matched_papers``): the programme has no titles, so a listed paper is recognised by its
  abstract.  Two abstracts are the same paper when most word 6-grams of the shorter one occur in the other;
  this survives either side being cut short ("…") or a link appended, and unrelated abstracts share almost none.
* Closeness (``suggestion_scores``): TF-IDF vectors (stemmed words, sublinear term frequency, inverse document
  frequency from the programme) compared by cosine.  A presentation's score is its cosine with the *closest*
  listed paper, which is also what explains it, with the words that contribute most to that cosine.

docs/suggestions.md says why TF-IDF cosine rather than BM25, and how well it works on the bundled example.
Everything here is pure: no files, no clock, no network.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import snowballstemmer

from confplan.model import Conference, Event, Kind, ListedPaper, Presentation, normalise_text

#: How many shared words explain a suggestion.
SHARED_TERMS = 5
#: Same paper: at least this share of the shorter abstract's word 6-grams must occur in the other one …
SAME_PAPER_CONTAINMENT = 0.5
#: … and the shorter abstract must have at least this many 6-grams (about 25 words), so that a sentence
#: or two in common is never enough.
SAME_PAPER_MIN_SHINGLES = 20
_SHINGLE = 6

# Words that carry no topic: English function words, and the boilerplate of abstracts ("we propose a novel
# method that achieves state-of-the-art results").  IDF alone would only shrink them; removing them keeps
# them out of the explanations too.
_STOP_WORDS_TEXT = """
    a about above after again against all also although am among an and any are as at be because been before
    being below between both but by can could did do does doing done down during each either et etc even ever
    every few for from further had has have having he her here hers him his how however i if in into is it its
    itself just less like may me might more most much must my neither no nor not now of off often on once only
    or other our ours out over own per rather same several she should since so some such than that the their
    theirs them then there these they this those through thus to too under until up upon us very via was we were
    what when where whether which while who whom whose why will with within without would yet you your
    al eg ie
    able across approach approaches associated based best demonstrate demonstrates different existing find finds
    first including insight insights introduce introduces involving known main manner method methods new novel
    number one paper present presents propose proposed proposes provide provides recent recently regardless result
    results show shows shown significantly sota two use used uses using various well work works
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_URL = re.compile(r"https?://\S+|\bwww\.\S+", re.IGNORECASE)
_STATE_OF_THE_ART = re.compile(r"\bstate[- ]of[- ]the[- ]art\b")  # boilerplate; "state" alone is a topic in RL
# "pre-training" is one idea, and is also spelt "pretraining"; "object-centric" is two words.
_GLUED_PREFIX = re.compile(r"\b(pre|non|multi|self|semi|sub|co|un|meta|fine)-(?=[^\W_])")
_TEX_COMMAND = re.compile(r"\\[A-Za-z]+|\\[^A-Za-z\s]")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Why a presentation is suggested: how close it is, to which listed paper, through which words."""

    event_id: str
    score: float  # cosine similarity with the closest listed paper: 0 (no word in common) … 1 (same text)
    closest: ListedPaper
    shared_terms: tuple[str, ...]  # the words contributing most to the score, most first
    rank: int  # 1 = closest; the oral and the poster of one paper share a rank

    @property
    def closest_title(self) -> str:
        return self.closest.label


# --- words ------------------------------------------------------------------------------------------------------


class _Stemmer(Protocol):
    def stemWord(self, word: str) -> str: ...  # the library's spelling


@cache
def _stemmer() -> _Stemmer:
    stemmer: _Stemmer = snowballstemmer.stemmer("english")
    return stemmer


@cache
def _stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def words(text: str) -> list[str]:
    """The topical words of ``text``, lower-cased: no links, TeX commands, numbers, stop words or single letters.

    Hyphenated words count as their parts ("object-centric" → object, centric), except after a prefix
    ("pre-training" → pretraining).
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _STATE_OF_THE_ART.sub(" ", _TEX_COMMAND.sub(" ", _URL.sub(" ", text)))
    text = _GLUED_PREFIX.sub(r"\1", text)
    return [w for w in _WORD.findall(text) if len(w) > 1 and not w.isdigit() and w not in STOP_WORDS]


def terms(text: str) -> list[str]:
    """The index terms of ``text``: its words, stemmed (so networks/network and equivariant/equivariance meet)."""
    return [_stem(w) for w in words(text)]


# --- TF-IDF over the programme ----------------------------------------------------------------------------------

Vector = dict[str, float]


@dataclass(frozen=True)
class ProgrammeIndex:
    """The programme's rankable events as TF-IDF vectors, with what is needed to weigh and explain queries."""

    event_ids: tuple[str, ...]
    vectors: tuple[Vector, ...]
    paper_keys: tuple[str, ...]  # one key per distinct paper: the oral and the poster of a paper share it
    idf: dict[str, float]
    default_idf: float  # for a word the programme never uses: as informative as it gets
    surface: dict[str, str]  # stem -> the word form people wrote most, to show in explanations

    def vector(self, text: str) -> Vector:
        return _normalised(_weights(terms(text), self.idf, self.default_idf))


def rankable_events(conference: Conference) -> list[Event]:
    """What suggestions are made from: presentations and invited talks that have an abstract."""
    return [
        e
        for e in conference.events()
        if e.abstract.strip() and (isinstance(e, Presentation) or e.kind is Kind.INVITED_TALK)
    ]


def event_text(event: Event) -> str:
    derived = isinstance(event, Presentation) and event.title_is_derived
    return event.abstract if derived else f"{event.title}\n{event.abstract}"


def build_index(conference: Conference, papers: Sequence[ListedPaper] = ()) -> ProgrammeIndex:
    """Index the programme.  Document frequencies count each distinct paper once (not its oral and poster)."""
    events = rankable_events(conference)
    texts = [event_text(e) for e in events]
    keys = [normalise_text(e.abstract) for e in events]
    term_lists = [terms(t) for t in texts]
    document_frequency: Counter[str] = Counter()
    seen: set[str] = set()
    for key, term_list in zip(keys, term_lists, strict=True):
        if key not in seen:
            seen.add(key)
            document_frequency.update(set(term_list))
    n = len(seen)
    # Smoothed IDF: never zero, so a word every presentation uses still counts a little.
    idf = {t: math.log((1 + n) / (1 + df)) + 1 for t, df in document_frequency.items()}
    default_idf = math.log(1 + n) + 1
    vectors = tuple(_normalised(_weights(t, idf, default_idf)) for t in term_lists)
    return ProgrammeIndex(
        event_ids=tuple(e.id for e in events),
        vectors=vectors,
        paper_keys=tuple(keys),
        idf=idf,
        default_idf=default_idf,
        surface=_surface_forms([*texts, *(p.text for p in papers)]),
    )


def _weights(term_list: Iterable[str], idf: dict[str, float], default_idf: float) -> Vector:
    # Sublinear term frequency: a word said five times is more telling than once, but not five times more.
    return {t: (1 + math.log(tf)) * idf.get(t, default_idf) for t, tf in Counter(term_list).items()}


def _normalised(vector: Vector) -> Vector:
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {t: w / norm for t, w in vector.items()} if norm else {}


def _cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def _surface_forms(texts: Iterable[str]) -> dict[str, str]:
    seen: dict[str, Counter[str]] = {}
    for text in texts:
        for word in words(text):
            seen.setdefault(_stem(word), Counter())[word] += 1
    return {stem: forms.most_common(1)[0][0] for stem, forms in seen.items()}


def shared_terms(index: ProgrammeIndex, a: Vector, b: Vector, limit: int = SHARED_TERMS) -> tuple[str, ...]:
    """The words that contribute most to the cosine of ``a`` and ``b``, as people wrote them."""
    contributions = sorted(((w * b[t], t) for t, w in a.items() if t in b), key=lambda c: (-c[0], c[1]))
    return tuple(index.surface.get(t, t) for _, t in contributions[:limit])


# --- ranking ----------------------------------------------------------------------------------------------------


def suggestion_scores(conference: Conference, papers: Sequence[ListedPaper]) -> dict[str, Suggestion]:
    """For every presentation (and invited talk) with a word in common with the reading list: its suggestion.

    Keyed by event id.  Listed papers found in the programme are included (with a score near 1); see
    ``matched_papers`` to tell them apart.
    """
    index = build_index(conference, papers)
    queries = [(paper, index.vector(paper.text)) for paper in papers]
    best: list[tuple[float, int, ListedPaper, Vector]] = []  # score, event position, closest paper, its vector
    for position, vector in enumerate(index.vectors):
        scored = [(_cosine(query, vector), paper, query) for paper, query in queries]
        if not scored:
            continue
        score, paper, query = max(scored, key=lambda s: s[0])  # the first listed paper wins a tie
        if score > 0:
            best.append((score, position, paper, query))
    best.sort(key=lambda b: (-b[0], b[1]))
    # Rank distinct papers: the oral and the poster of one paper (same abstract) share a rank.
    ranks: dict[str, int] = {}
    for _, position, _, _ in best:
        ranks.setdefault(index.paper_keys[position], len(ranks) + 1)
    return {
        index.event_ids[position]: Suggestion(
            event_id=index.event_ids[position],
            score=score,
            closest=paper,
            shared_terms=shared_terms(index, query, index.vectors[position]),
            rank=ranks[index.paper_keys[position]],
        )
        for score, position, paper, query in best
    }


# --- the same paper -------------------------------------------------------------------------------------------


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    """Overlapping runs of six words (all words, unstemmed): a fingerprint of the exact wording."""
    tokens = _WORD.findall(_URL.sub(" ", unicodedata.normalize("NFKC", text).casefold()))
    return frozenset(tuple(tokens[i : i + _SHINGLE]) for i in range(len(tokens) - _SHINGLE + 1))


def containment(a: str, b: str) -> float:
    """The share of the shorter text's 6-grams found in the other: 1.0 when one is a cut-short copy of the other.

    0.0 when the shorter text is too short (under ``SAME_PAPER_MIN_SHINGLES`` 6-grams) to tell.
    """
    return _containment(_shingles(a), _shingles(b))


def _containment(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    shorter = min(len(a), len(b))
    return len(a & b) / shorter if shorter >= SAME_PAPER_MIN_SHINGLES else 0.0


def matched_papers(conference: Conference, papers: Sequence[ListedPaper]) -> dict[str, ListedPaper]:
    """The presentations that are a listed paper (found by abstract), with that paper's real title and authors."""
    fingerprints = [(p, _shingles(p.abstract)) for p in papers if p.abstract and not p.is_keywords]
    found: dict[str, ListedPaper] = {}
    for event in rankable_events(conference):
        if not isinstance(event, Presentation):
            continue
        mine = _shingles(event.abstract)
        scored = [(_containment(mine, theirs), paper) for paper, theirs in fingerprints]
        best = max(scored, key=lambda s: s[0], default=None)
        if best is not None and best[0] >= SAME_PAPER_CONTAINMENT:
            found[event.id] = best[1]
    return found
