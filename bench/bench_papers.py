"""How matching a programme to a paper list grows with their size, against all pairs compared in the same run.

    python -m bench.bench_papers [--sizes 1000 2500 10000] [--pairs-up-to 1000]

For each size n, a synthetic list of n papers (abstracts of 120–250 words drawn from a Zipf-like vocabulary, with
shared boilerplate sentences) and a programme of n presentations made from them: as written, cut short with "…",
reworded (words dropped and changed: a later version), or a paper not in the list at all.  It prints the time of
``match_papers``, the growth factor from the previous size, how many were matched by each rule and how many wrong,
and, up to ``--pairs-up-to``, the time of the naive method (every presentation's 4-grams against every paper's)
on the same data.  Only ratios measured in the same run mean anything; the tests never time.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime

from confplan.domain.paper_matching import MatchRule, _shingles, match_papers, words_of
from confplan.model import Kind, Paper, Presentation

_T = datetime(2025, 1, 1, tzinfo=UTC)
BOILERPLATE = [
    "In this paper we propose a novel method that achieves state of the art results.",
    "Extensive experiments on several benchmarks demonstrate the effectiveness of our approach.",
    "Code is available at https://example.org/code.",
]


def vocabulary(rng: random.Random, size: int = 30000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(3, 11))) for _ in range(size)]


def abstract(rng: random.Random, words: list[str], weights: list[float]) -> str:
    body = " ".join(rng.choices(words, weights, k=rng.randint(120, 250)))
    return f"{rng.choice(BOILERPLATE)} {body}. {rng.choice(BOILERPLATE)}"


def synthetic(n: int, seed: int = 14) -> tuple[list[Paper], list[Presentation], dict[str, int]]:
    """n papers, n presentations, and for each presentation the paper it is (absent: none)."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    papers = [Paper(f"Paper {i}", abstract(rng, words, weights)) for i in range(n)]
    presentations: list[Presentation] = []
    truth: dict[str, int] = {}
    order = list(range(n))
    rng.shuffle(order)  # each paper presented once, in another order
    for i, number in enumerate(order):
        text = papers[number].abstract
        way = rng.random()
        if way < 0.5:
            pass  # as written
        elif way < 0.75:
            text = text[: rng.randint(len(text) // 2, len(text) - 1)] + "…"
        elif way < 0.9:
            kept = [w if rng.random() > 0.03 else rng.choice(words) for w in text.split() if rng.random() > 0.05]
            text = " ".join(kept)
        else:
            text, number = abstract(rng, words, weights), -1  # not in the list
        pid = f"p{i}"
        if number >= 0:
            truth[pid] = number
        presentations.append(Presentation(pid, Kind.POSTER, pid, _T, _T, abstract=text, session_id="s", position=i))
    return papers, presentations, truth


def all_pairs(papers: list[Paper], presentations: list[Presentation]) -> int:
    """The naive method: every presentation's 4-grams against every paper's; returns how many have a best paper."""
    fingerprints = [_shingles(words_of(p.abstract)) for p in papers]
    found = 0
    for presentation in presentations:
        mine = _shingles(words_of(presentation.abstract))
        best = max((len(mine & theirs) / max(1, min(len(mine), len(theirs))) for theirs in fingerprints), default=0)
        found += best >= 0.5
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2500, 10000])
    parser.add_argument("--pairs-up-to", type=int, default=1000)
    args = parser.parse_args()
    columns = "papers × programme | matching s | growth | exact | prefix | similar | unmatched | wrong | all pairs s"
    print(f"| {columns} |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    previous: float | None = None
    for n in args.sizes:
        papers, presentations, truth = synthetic(n)
        started = time.perf_counter()
        report = match_papers(presentations, papers)
        seconds = time.perf_counter() - started
        number = {id(p): i for i, p in enumerate(papers)}
        wrong = sum(1 for pid, m in report.matches.items() if truth.get(pid) != number[id(m.paper)])
        pairs = ""
        if n <= args.pairs_up_to:
            started = time.perf_counter()
            all_pairs(papers, presentations)
            pairs = f"{time.perf_counter() - started:.2f}"
        growth = f"{seconds / previous:.1f}" if previous else ""
        counts = " | ".join(str(report.count(rule)) for rule in MatchRule)
        print(f"| {n:,} × {n:,} | {seconds:.2f} | {growth} | {counts} | {len(report.unmatched)} | {wrong} | {pairs} |")
        previous = seconds


if __name__ == "__main__":
    main()
