"""Suggestions: the listed papers found in the programme, the ranking, and `confplan suggest`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from confplan.cli import main
from confplan.domain.suggest import containment, matched_papers, rankable_events, suggestion_scores, terms, words
from confplan.model import Conference, ListedPaper
from confplan.storage.listings import bundled_reading_list, load_reading_list, parse_reading_list_yaml
from confplan.storage.loading import load_schedule

# A reading list written for these tests: one paper on graph neural networks, and keywords on offline RL.
HAND_MADE = """\
papers:
  - title: Counting substructures with message passing
    authors: [A. Person]
    abstract: >
      We study the expressive power of message passing graph neural networks (GNNs) and show which
      graph substructures, such as cycles and cliques, they can count. Higher-order GNNs that pass messages
      between tuples of nodes distinguish more non-isomorphic graphs than the Weisfeiler-Lehman test.
keywords: [offline reinforcement learning, conservative value estimation]
"""
EXPRESSIVE_GNN = "20c20e"  # "Designing expressive Graph Neural Networks (GNNs) is a central topic…" (oral)
OFFLINE_RL = "0abe4e"  # "Offline reinforcement learning (RL) promises the ability to learn effective policies…"
GAFLOWNET_ORAL, GAFLOWNET_POSTER = "039e04", "5a9396"  # Generative Augmented Flow Networks, twice


@pytest.fixture(scope="module")
def conference() -> Conference:
    return load_schedule(None)[0]


@pytest.fixture(scope="module")
def bundled() -> list[ListedPaper]:
    return load_reading_list(bundled_reading_list())


# --- the same paper ---------------------------------------------------------------------------------------------


def test_the_listed_papers_in_the_programme_are_found_with_their_real_titles(
    conference: Conference, bundled: list[ListedPaper]
) -> None:
    found = {event_id: (paper.title, paper.authors) for event_id, paper in matched_papers(conference, bundled).items()}
    generative_augmented = ("Generative Augmented Flow Networks", ("Ling Pan", "Dinghuai Zhang", "Longbo Huang"))
    assert found == {
        GAFLOWNET_ORAL: generative_augmented,  # Oral 4 Track 2
        GAFLOWNET_POSTER: generative_augmented,  # Poster Session 4
        # The programme's copy ends with a "Code: https://…" line that the listing does not have.
        "ba21a1": (
            "GFlowNets and variational inference",
            (
                "Nikolay Malkin",
                "Salem Lahlou",
                "Tristan Deleu",
                "Xu Ji",
                "Edward J Hu",
                "Katie E Everett",
                "Dinghuai Zhang",
            ),
        ),
        "6a198a": (
            "Latent Bottlenecked Attentive Neural Processes",
            ("Leo Feng", "Hossein Hajimirsadeghi", "Mohamed Osama Ahmed"),
        ),
    }


def test_every_other_pair_of_abstracts_is_far_from_the_same_paper_threshold(
    conference: Conference, bundled: list[ListedPaper]
) -> None:
    matched = matched_papers(conference, bundled)
    others = [
        containment(paper.abstract, event.abstract)
        for paper in bundled
        for event in rankable_events(conference)
        if paper.abstract and matched.get(event.id) is not paper
    ]
    assert len(others) > 10_000
    assert max(others) < 0.05  # the threshold is 0.5: a wide margin on real data


def test_an_abstract_cut_short_still_matches_but_a_shared_sentence_does_not(conference: Conference) -> None:
    event = conference[EXPRESSIVE_GNN]
    cut = ListedPaper(title="Cut", abstract=event.abstract[: len(event.abstract) // 2] + "…")
    one_sentence = ListedPaper(
        title="Borrowed",
        abstract=event.abstract.split(". ")[0] + ". Then we go on to study something else altogether, namely how "
        "birds decide when to migrate, using radar data from twelve weather stations over ten years.",
    )
    found = matched_papers(conference, [cut, one_sentence])
    assert found[EXPRESSIVE_GNN] is cut
    assert one_sentence not in found.values()


# --- ranking ----------------------------------------------------------------------------------------------------


def test_a_hand_made_reading_list_puts_related_presentations_above_unrelated_ones(conference: Conference) -> None:
    papers = parse_reading_list_yaml(HAND_MADE, "hand.yaml")
    scores = suggestion_scores(conference, papers)

    gnn = scores[EXPRESSIVE_GNN]
    assert gnn.rank <= 3
    assert gnn.closest_title == "Counting substructures with message passing"
    assert {"weisfeiler", "lehman", "gnns"} <= set(gnn.shared_terms)

    offline = scores[OFFLINE_RL]
    assert offline.rank <= 3
    assert offline.closest.is_keywords
    assert {"offline", "conservative"} <= set(offline.shared_terms)

    # A paper on neither subject (GFlowNets with intrinsic rewards) is far below both, if it scores at all.
    unrelated = scores.get(GAFLOWNET_ORAL)
    assert unrelated is None or (unrelated.rank > 20 and unrelated.score < gnn.score / 2)


def test_the_oral_and_poster_of_one_paper_share_score_and_rank(
    conference: Conference, bundled: list[ListedPaper]
) -> None:
    scores = suggestion_scores(conference, bundled)
    oral, poster = scores[GAFLOWNET_ORAL], scores[GAFLOWNET_POSTER]
    assert (oral.score, oral.rank) == (poster.score, poster.rank)
    # It is itself on the list, so it is closest to itself.
    assert oral.closest.title == "Generative Augmented Flow Networks"
    assert oral.score > 0.95
    ranks = sorted({s.rank for s in scores.values()})
    assert ranks == list(range(1, len(ranks) + 1))
    assert all(0 < s.score <= 1.0 + 1e-9 for s in scores.values())


def test_a_presentation_with_no_word_in_common_gets_no_suggestion(conference: Conference) -> None:
    scores = suggestion_scores(conference, [ListedPaper(title="Xylophone zygomorphy")])
    assert scores == {}


def test_words_drop_links_tex_numbers_and_boilerplate() -> None:
    assert words(
        "We propose a novel state-of-the-art pre-training of Object-centric GFlowNets (code: https://x.io/a), "
        "\\textit{Adaptive} in 3D, 2023; the state space"
    ) == ["pretraining", "object", "centric", "gflownets", "code", "adaptive", "3d", "state", "space"]
    assert terms("equivariant networks") == terms("equivariance network")


# --- the command ------------------------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["suggest", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_suggest_shows_the_listed_papers_then_the_closest_presentations(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert (code, err) == (0, "")
    assert "Reading list: 35 papers from 4 files" in out
    found, suggestions = out.split("Suggestions (10, closest first")
    assert "Listed papers in the programme (3):" in found
    assert "  Generative Augmented Flow Networks\n    Ling Pan, Dinghuai Zhang, Longbo Huang\n" in found
    assert f"oral    {GAFLOWNET_ORAL}" in found and f"poster  {GAFLOWNET_POSTER}" in found
    # The listed papers themselves are not suggested again.
    assert GAFLOWNET_ORAL not in suggestions and "ba21a1" not in suggestions
    assert suggestions.count("closest: ") == 10
    assert suggestions.count("shared:  ") == 10
    assert "\n 10. " in suggestions and "\n 11. " not in suggestions


def test_suggest_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    reading_list = tmp_path / "mine.yaml"
    reading_list.write_text(HAND_MADE, encoding="utf-8")
    code, out, _ = run(capsys, "--from", str(reading_list), "--top", "4", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["reading_list"] == {"files": [str(reading_list)], "papers": 2}
    assert data["listed_papers_in_programme"] == []
    suggestions = data["suggestions"]
    assert [s["rank"] for s in suggestions] == [1, 2, 3, 4]
    assert [s["score"] for s in suggestions] == sorted((s["score"] for s in suggestions), reverse=True)
    ids = [p["id"] for s in suggestions for p in s["presentations"]]
    assert EXPRESSIVE_GNN in ids and OFFLINE_RL in ids
    first = suggestions[0]
    assert set(first) == {"rank", "score", "title", "presentations", "closest", "shared_terms"}
    assert set(first["presentations"][0]) == {"id", "kind", "session", "start", "end", "room"}
    assert first["closest"]["label"] == "your keywords: offline reinforcement learning, conservative value estimation"
    assert first["closest"]["listed_at"] == [f"{reading_list}:8"]


def test_suggest_json_lists_the_papers_found_and_where_they_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--json", "--top", "1")
    assert code == 0
    data = json.loads(out)
    found = {p["title"]: [e["id"] for e in p["presentations"]] for p in data["listed_papers_in_programme"]}
    assert found == {
        "Latent Bottlenecked Attentive Neural Processes": ["6a198a"],
        "Generative Augmented Flow Networks": [GAFLOWNET_ORAL, GAFLOWNET_POSTER],
        "GFlowNets and variational inference": ["ba21a1"],
    }
    [augmented] = [p for p in data["listed_papers_in_programme"] if p["title"].startswith("Generative Augmented")]
    assert augmented["listed_at"] == [f"{bundled_reading_list()[3]}:5"]
    assert len(data["suggestions"]) == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such reading list file"),
        ("empty.txt", b"", "the file is empty"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "not a text file"),
        ("list.yaml", b"papers:\n  - year: 2020\n", "unknown key 'year'"),
    ],
)
def test_a_bad_reading_list_is_one_message_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "--from", str(bundled_reading_list()[0]), str(path))
    assert (code, out) == (2, "")
    [line] = err.splitlines()
    assert line.startswith(f"confplan: {path}") and message in line


def test_the_installed_command_reports_a_bad_file_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "nothing.txt"
    path.write_text("", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "confplan", "suggest", "--from", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"confplan: {path}: the file is empty; expected a publication listing")


@pytest.mark.parametrize("top", ["0", "-3", "many"])
def test_top_must_be_a_positive_number(capsys: pytest.CaptureFixture[str], top: str) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["suggest", "--top", top])
    assert exited.value.code == 2
    assert "--top" in capsys.readouterr().err
