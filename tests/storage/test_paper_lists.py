"""The paper list kept for a programme and its join: kept atomically, taken from the cache while neither the list
nor the programme changed, made again when one of them did."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from confplan.errors import ConfplanError
from confplan.formats.conference_settings import PaperSources
from confplan.formats.paper_list import parse_paper_list
from confplan.model import Paper
from confplan.storage.paper_lists import (
    PaperList,
    attach_papers,
    file_list,
    keep_paper_list,
    kept_paper_list,
    list_key,
)
from iclr_events import iclr

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "papers" / "iclr_sample.jsonl"
VENUE = PaperSources(openreview="ICLR.cc/2023/Conference")


def test_a_kept_list_reads_back_and_a_damaged_one_is_none(private_cache_dir: Path) -> None:
    key = list_key(VENUE, "programme.txt")
    sample = file_list(SAMPLE)
    assert sample.source == "openreview"  # every paper links to an OpenReview forum
    path = keep_paper_list(key, sample)
    back = kept_paper_list(key)
    assert back is not None and back.papers == sample.papers and back.origin == str(SAMPLE)
    assert kept_paper_list(list_key(PaperSources(openreview="Other/2024"), "programme.txt")) is None
    path.write_text("{half a file", encoding="utf-8")
    assert kept_paper_list(key) is None


def test_the_join_is_taken_from_the_cache_until_the_list_changes() -> None:
    conference = iclr()
    key = list_key(VENUE, conference.source_path)
    keep_paper_list(key, file_list(SAMPLE))
    first = attach_papers(conference, VENUE, None, conference.source_path)
    again = attach_papers(conference, VENUE, None, conference.source_path)
    assert first.paper_list is not None and len(first.paper_list.papers) == 4
    assert again.paper_list is not None and again.paper_list.papers == () and again.paper_list.size == 4  # cached
    assert [e.title for e in again.conference.events()] == [e.title for e in first.conference.events()]
    assert again.report is not None and first.report is not None
    assert again.report.unmatched == first.report.unmatched

    # A newer list (a corrected title) is joined again.
    records = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    records[0]["title"] = "A Corrected Title"
    keep_paper_list(key, PaperList(parse_paper_list(json.dumps(records).encode(), "edited"), "openreview", "edited"))
    after = attach_papers(conference, VENUE, None, conference.source_path)
    assert after.conference["5eb4f7"].title == "A Corrected Title"


def test_a_list_too_big_to_read_back_is_not_kept(private_cache_dir: Path) -> None:
    """The kept list is read with the paper-list limit (32 MB): one larger would be kept and then never found."""
    key = list_key(VENUE, "programme.txt")
    keep_paper_list(key, file_list(SAMPLE))
    huge = PaperList(tuple(Paper(f"Paper {i}", "words " * 7_000) for i in range(900)), "openreview", "a venue")
    with pytest.raises(ConfplanError, match="could not be read back; nothing was written"):
        keep_paper_list(key, huge)
    kept = kept_paper_list(key)
    assert kept is not None and kept.papers == file_list(SAMPLE).papers  # the list kept before is still there
