"""Reading lists: the institute's publication listing pages (the bundled example) and YAML reading lists."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from confplan.errors import ConfplanError
from confplan.storage import locations
from confplan.storage.listings import (
    ListedPaper,
    bundled_reading_list,
    load_reading_list,
    load_reading_list_file,
    merge_duplicates,
    parse_listing,
    parse_reading_list_yaml,
    rebuild_abstract,
)

LISTINGS = {path.name[:3]: path for path in bundled_reading_list()}


def listing(prefix: str) -> list[ListedPaper]:
    return load_reading_list_file(LISTINGS[prefix])


def titled(papers: list[ListedPaper], title: str) -> ListedPaper:
    [paper] = [p for p in papers if p.title == title]
    return paper


def starting(papers: list[ListedPaper], abstract_start: str) -> ListedPaper:
    [paper] = [p for p in papers if p.abstract.startswith(abstract_start)]
    return paper


# --- the bundled listings ----------------------------------------------------------------------------------------


def test_the_four_listings_are_bundled_in_the_data_folder() -> None:
    assert sorted(LISTINGS) == ["000", "001", "003", "004"]
    for path in LISTINGS.values():
        assert path.parent == locations.data_root() / "iclr2023" / "reading-list"


@pytest.mark.parametrize(("prefix", "count"), [("000", 11), ("001", 12), ("003", 8), ("004", 12)])
def test_each_listing_has_its_papers(prefix: str, count: int) -> None:
    papers = listing(prefix)
    assert len(papers) == count
    assert all(p.source == str(LISTINGS[prefix]) for p in papers)


def test_the_whole_list_merges_papers_listed_more_than_once() -> None:
    papers = load_reading_list(bundled_reading_list())
    # 43 entries: five papers are on both 000 and 001, and one paper is on 004 four times.
    assert len(papers) == 43 - 5 - 3 == 35
    flows = titled(papers, "Improving and generalizing flow-based generative models with minibatch optimal transport")
    assert len(flows.also_listed_at) == 3
    # 000 lists this paper without a title; 001 gives it one, and the merged paper has it.
    canon = starting(papers, "Symmetry-based neural networks often constrain")
    assert canon.title == "Equivariance with Learned Canonicalization Functions"
    assert canon.authors == ("Sékou-Oumar Kaba", "Arnab Kumar Mondal")
    assert canon.published == date(2023, 7, 2)  # from 000, which has the date but not the title
    assert canon.location == f"{LISTINGS['000']}:37"
    assert canon.also_listed_at == (f"{LISTINGS['001']}:10",)


def test_an_abstract_is_rebuilt_across_the_see_more_marker() -> None:
    bbf = starting(listing("000"), "We introduce a value-based RL agent")
    assert bbf.abstract == (
        "We introduce a value-based RL agent, which we call BBF, that achieves super-human performance in the "
        "Atari 100K benchmark. BBF relies on scaling the neural networks used for value estimation, as well as a "
        "number of other design choices that enable this scaling in a sample-efficient manner. We conduct extensive "
        "analyses of these design choices and provide insights for future work. We end with a discussion about "
        "updating the goalposts for sample-efficient RL research on the ALE. We make our code and data publicly "
        "available at https://github.com/google-research/google-research/tree/master/bigger_better_faster."
    )


def test_the_marker_may_split_a_word_or_stand_between_words() -> None:
    first = titled(listing("000"), "Better Training of GFlowNets with Local Credit and Incomplete Trajectories")
    assert "specified by an energy function)" in first.abstract  # "an en… (see more)ergy function"
    em = titled(listing("001"), "GFlowNet-EM for Learning Compositional Latent Variable Models")
    assert "a combinatorially large number of possible" in em.abstract  # "large nu… (voir plus)mber"
    attention = starting(listing("003"), "Multi-head, key-value attention")
    assert "widely successful in recent years. This attention" in attention.abstract  # "recent … (voir plus)years"
    assert "with non-stationary training data" in starting(listing("000"), "Deep neural networks perform").abstract
    assert rebuild_abstract("Symmetry to a group of transformations… (see more). In this paper") == (
        "Symmetry to a group of transformations. In this paper"
    )
    for paper in load_reading_list(bundled_reading_list()):
        assert "(see more)" not in paper.abstract and "(voir plus)" not in paper.abstract


def test_no_cookie_banner_heading_or_news_item_becomes_a_paper() -> None:
    entries = [p for prefix in LISTINGS for p in listing(prefix)]
    noise = ("cookie", "témoins", "publications", "multimedia", "cohort", "larochelle", "studio", "politique")
    for paper in entries:
        text = " ".join([paper.title, paper.abstract, *paper.authors, paper.venue]).casefold()
        assert not any(word in text for word in noise), paper
    # The first paper of each page is the right one, whatever chrome came before it.
    assert listing("000")[0].title == "Better Training of GFlowNets with Local Credit and Incomplete Trajectories"
    assert listing("001")[0].title == "Discovering Object-Centric Generalized Value Functions From Pixels"
    assert listing("003")[0].title == ""  # the French page starts straight with an abstract after its banner
    assert listing("003")[0].abstract.startswith("Mixup is a popular data augmentation technique")
    assert listing("004")[0].title.startswith("A General Framework For Proving The Equivariant Strong Lottery")


def test_titles_authors_dates_and_venues() -> None:
    bottleneck = titled(listing("001"), "Discrete Key-Value Bottleneck")  # a short title that looks like a name
    assert bottleneck.authors == ("Nasim Rahaman", "Michael Mozer", "Bernhard Schölkopf")
    symmetries = titled(listing("001"), "Hidden Symmetries of ReLU Networks")
    assert symmetries.authors == ("J. Elisenda Grigsby", "Kathryn Lindsey")  # the page lists her twice
    assert titled(listing("001"), "Flexible Phase Dynamics for Bio-Plausible Contrastive Learning").authors == ()

    icml = "Proceedings of the 40th International Conference on Machine Learning (published)"
    assert all(p.published == date(2023, 7, 2) and p.venue == icml for p in listing("000"))
    dated = [p for p in listing("003") if p.published]
    assert [(p.abstract[:10], p.published, p.venue) for p in dated] == [
        ("Multi-head", date(2022, 1, 1), "International Conference on Learning Representations (publié)")
    ]
    assert all(not p.venue and p.published is None for p in listing("004"))


def test_a_last_entry_cut_before_its_abstract_keeps_its_title_and_authors() -> None:
    last = listing("001")[-1]
    assert last.title == "Mechanistic Mode Connectivity"
    assert last.abstract == ""
    assert last.authors == (
        "Ekdeep Singh Lubana",
        "Eric J Bigelow",
        "Robert P. Dick",
        "David M. Krueger",
        "Hidenori Tanaka",
    )
    assert listing("004")[-1].title == "Latent State Marginalization as a Low-cost Approach for Improving Exploration"


def test_an_untitled_paper_is_labelled_by_its_first_sentence() -> None:
    mixup = listing("003")[0]
    assert mixup.label == (
        "Mixup is a popular data augmentation technique for training deep neural… (untitled in the listing)"
    )


def test_a_small_listing_with_news_before_the_banner_and_text_after_the_last_entry() -> None:
    text = "\n".join(
        [
            "Jane Doe named scientific director",
            "Professor at a university and a pioneer of deep learning, she is one of the most respected researchers.",
            "We use cookies to analyze the browsing of our website.",
            "Publications",
            "A Study of Things",
            "Ada Lovelace",
            "Charles Babbage",
            "Things are studied at le… (see more)ngth here, and the study is long enough to be cut.",
            "2024-05-01",
            "A Conference (published)",
            "Another abstract that has no title on the page, but is cut by the … (voir plus)site as well.",
            "Follow us",
        ]
    )
    papers = parse_listing(text, "page.txt")
    assert [(p.title, p.authors, p.line) for p in papers] == [
        ("A Study of Things", ("Ada Lovelace", "Charles Babbage"), 5),
        ("", (), 11),
    ]
    assert papers[0].abstract == "Things are studied at length here, and the study is long enough to be cut."
    assert (papers[0].published, papers[0].venue) == (date(2024, 5, 1), "A Conference (published)")
    assert papers[1].abstract.endswith("cut by the site as well.")


def test_merging_joins_copies_of_one_paper_and_keeps_others_apart() -> None:
    abstract = "A long enough abstract about one particular thing, repeated on the page. " * 3
    untitled = ListedPaper(abstract=abstract, source="a.txt", line=3)
    other = ListedPaper(title="Another Paper", abstract="Something else entirely, at some length. " * 4)
    titled_copy = ListedPaper(title="The Paper", abstract=abstract, authors=("Ada Lovelace",), source="b.txt", line=9)
    title_only = ListedPaper(title="the  paper", source="c.txt", line=1)  # same title, no abstract
    merged = merge_duplicates([untitled, other, titled_copy, title_only])
    assert merged == [
        ListedPaper(
            title="The Paper",
            abstract=abstract,
            authors=("Ada Lovelace",),
            source="a.txt",
            line=3,
            also_listed_at=("b.txt:9", "c.txt:1"),
        ),
        other,
    ]


# --- YAML reading lists ---------------------------------------------------------------------------------------


def test_a_yaml_reading_list_with_papers_and_keywords() -> None:
    papers = parse_reading_list_yaml(
        "\n".join(
            [
                "papers:",
                "  - title: 1984",
                "    authors: [Ada Lovelace, Charles Babbage]",
                "    abstract: >",
                "      Folded text",
                "      on two lines.",
                "  - title: No",
                "    authors: Grace Hopper, Alan Turing",
                "  - abstract: Only an abstract.",
                "keywords: [graph neural networks, equivariance]",
            ]
        ),
        "list.yaml",
    )
    assert [(p.title, p.abstract, p.authors, p.line) for p in papers[:3]] == [
        ("1984", "Folded text on two lines.", ("Ada Lovelace", "Charles Babbage"), 2),
        ("No", "", ("Grace Hopper", "Alan Turing"), 7),
        ("", "Only an abstract.", (), 9),
    ]
    keywords = papers[3]
    assert keywords.is_keywords and keywords.abstract == "graph neural networks, equivariance"
    assert keywords.label == "your keywords: graph neural networks, equivariance"


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("papers:\n  - title: A\n    year: 2020\n", 3, 5, "unknown key 'year' in a paper"),
        ("papers:\n  - authors: [A B]\n", 2, 5, "a paper needs a 'title' or an 'abstract'"),
        ("papers: just text\n", 1, 9, "expected 'papers': a list"),
        ("- a\n- b\n", 1, 1, "expected a mapping with 'papers' and/or 'keywords'"),
        ("papers:\n  - title: [A, B]\n", 2, 12, "expected 'title': text, not a list"),
        ("paper:\n  - title: A\n", 1, 1, "unknown key 'paper'; expected papers, keywords"),
        ("papers:\n  - title: 'unclosed\n", 3, 1, "not valid YAML"),
        ("keywords: []\n", None, None, "no papers and no keywords"),
    ],
)
def test_a_bad_yaml_reading_list_is_one_located_problem(
    text: str, line: int | None, column: int | None, message: str
) -> None:
    with pytest.raises(ConfplanError) as caught:
        parse_reading_list_yaml(text, "list.yaml")
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.column) == ("list.yaml", line, column)
    assert message in problem.message


# --- files --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such reading list file"),
        ("empty.txt", b"", "the file is empty"),
        ("blank.yaml", b"  \n\n", "the file is empty"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        ("latin1.txt", "Résumé (see more)".encode("latin-1"), "not UTF-8 text"),
        ("notes.txt", b"Just some notes\nwithout any listing in them.\n", "no papers found"),
    ],
)
def test_a_bad_reading_list_file_is_one_clear_problem(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ConfplanError) as caught:
        load_reading_list_file(path)
    [problem] = caught.value.problems
    assert problem.path == str(path)
    assert message in problem.message
    assert "expected a publication listing" in problem.message  # says what would have been right


def test_a_folder_is_not_a_reading_list(tmp_path: Path) -> None:
    with pytest.raises(ConfplanError, match="not a file"):
        load_reading_list_file(tmp_path)
