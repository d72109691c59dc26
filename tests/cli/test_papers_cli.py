"""`confplan papers fetch|status` and what a fetched paper list changes for users: list, show, --json, the .ics,
search; what a bad list does (one message, the programme still shown under its own titles)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from confplan.cli import main
from confplan.storage import locations

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "papers" / "iclr_sample.jsonl"
HANABI_ORAL, HANABI_POSTER = "5eb4f7", "8f8e68"
ACTION_IMPACT_ORAL = "0f5c01"
SFDA_POSTER = "faf7fc"  # cut short by the programme; the list has the whole abstract


@pytest.fixture(autouse=True)
def private_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFPLAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CONFPLAN_OFFLINE", "1")  # nothing here may touch the network


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, dict[str, object]]:
    code, out, _ = run(capsys, "list", "--json", *argv)
    assert code == 0
    return {e["id"]: e for e in json.loads(out)}


def test_fetch_from_a_file_gives_titles_authors_and_links_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    before = listed(capsys)
    code, out, _ = run(capsys, "papers", "fetch", "--file", str(SAMPLE))
    assert code == 0
    assert "4 papers kept; titles for 6 of 366 presentations" in out
    after = listed(capsys)
    assert list(after) == list(before)  # no id changed
    oral, poster = after[HANABI_ORAL], after[HANABI_POSTER]
    assert oral["title"] == poster["title"] == "Adversarial Diversity in Hanabi"
    assert oral["title_source"] == "openreview" and oral["decision"] == "notable top 25%"
    assert oral["speakers"][:2] == ["Brandon Cui", "Andrei Lupu"]  # type: ignore[index]
    assert oral["links"][0] == {"url": "https://openreview.net/forum?id=uLE3WF3-H_5", "title": "paper"}  # type: ignore[index]
    assert after[ACTION_IMPACT_ORAL]["title"].startswith("Moving Forward by Moving Backward")  # type: ignore[union-attr]
    assert after[SFDA_POSTER]["title"] == "When Source-Free Domain Adaptation Meets Learning with Noisy Labels"
    assert before[HANABI_ORAL]["title_source"] == "first sentence"
    unmatched = [e for e in after.values() if e["level"] == "presentation" and e["title_source"] == "first sentence"]
    assert len(unmatched) == 366 - 6

    code, out, _ = run(capsys, "list", "--search", "hanabi")
    assert [line.split()[6] for line in out.splitlines()] == [HANABI_ORAL, HANABI_POSTER]
    code, out, _ = run(capsys, "show", HANABI_ORAL)
    assert "paper:     accepted as notable top 25%; title and authors from OpenReview" in out
    assert "the programme's own title: Many Dec-POMDPs admit" in out

    run(capsys, "pick", HANABI_ORAL)
    code, out, _ = run(capsys, "export", "-o", "-")
    unfolded = out.replace("\r\n ", "")
    assert "SUMMARY:Adversarial Diversity in Hanabi" in unfolded
    assert "URL:https://openreview.net/forum?id=uLE3WF3-H_5" in unfolded
    assert "Authors: Brandon Cui\\, Andrei Lupu" in unfolded


def test_status_says_what_matched_and_why_the_rest_did_not(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "papers", "status")
    assert code == 0 and "no paper list" in out
    run(capsys, "papers", "fetch", "--file", str(SAMPLE))
    code, out, _ = run(capsys, "papers", "status", "--json")
    status = json.loads(out)
    assert status["matched"] == 6
    assert status["by_rule"] == {"exact": 4, "prefix": 2, "similar": 0}
    assert status["paper_list"]["papers"] == 4 and status["paper_list"]["source"] == "openreview"
    assert len(status["unmatched"]) == 304 - 6
    assert status["unmatched"][0]["why"]
    code, out, _ = run(capsys, "papers", "status")
    assert "matched: 6 of 304 presentations with an abstract (4 exact, 2 prefix, 0 similar)" in out


def test_a_pick_made_before_the_titles_arrived_is_not_reported_as_changed(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "pick", HANABI_ORAL)
    run(capsys, "papers", "fetch", "--file", str(SAMPLE))
    code, out, _ = run(capsys, "changes")
    assert code == 0 and "No changes" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"<html><body>Please log in to continue</body></html>", "HTML or XML page, not a paper list"),
        (b"{not json", "not JSON"),
        (b'[{"title": 3}]', "paper 1: 'title' should be text, got a number"),
    ],
)
def test_a_bad_list_is_one_message_and_keeps_what_was_there(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, expected: str
) -> None:
    run(capsys, "papers", "fetch", "--file", str(SAMPLE))
    bad = tmp_path / "list.json"
    bad.write_bytes(content)
    code, out, err = run(capsys, "papers", "fetch", "--file", str(bad))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and expected in err and "Traceback" not in err
    assert listed(capsys)[HANABI_ORAL]["title"] == "Adversarial Diversity in Hanabi"


def test_a_huge_file_is_refused_without_being_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:
        f.truncate(1024**3)  # 1 GB, sparse: costs no disk
    code, _, err = run(capsys, "papers", "fetch", "--file", str(huge))
    assert code == 2 and "1,024.0 MB is far too big for a paper list (at most 32.0 MB" in err


def test_a_file_named_in_conference_yaml_is_used_and_a_bad_one_is_a_note(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    programme = tmp_path / "iclr"
    shutil.copytree(locations.bundled_schedule().parent, programme, ignore=shutil.ignore_patterns("reading-list"))
    settings = programme / "conference.yaml"
    text = settings.read_text(encoding="utf-8").replace("openreview: ICLR.cc/2023/Conference", "file: papers.jsonl")
    settings.write_text(text, encoding="utf-8")
    shutil.copy(SAMPLE, programme / "papers.jsonl")
    schedule = str(programme / "programme.txt")
    assert listed(capsys, "--schedule", schedule)[HANABI_POSTER]["title"] == "Adversarial Diversity in Hanabi"

    (programme / "papers.jsonl").write_text("<html>portal</html>", encoding="utf-8")
    code, out, err = run(capsys, "list", "--schedule", schedule)
    assert code == 0
    assert "Many Dec-POMDPs admit" in out  # the programme's own titles, as before
    assert "note: " in err and "the paper list was not used" in err and "HTML or XML page" in err


def test_papers_in_conference_yaml_are_checked(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    programme = tmp_path / "iclr"
    shutil.copytree(locations.bundled_schedule().parent, programme, ignore=shutil.ignore_patterns("reading-list"))
    settings = programme / "conference.yaml"
    text = settings.read_text(encoding="utf-8").replace("ICLR.cc/2023/Conference", "'not a venue; rm -rf /'")
    settings.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "list", "--schedule", str(programme / "programme.txt"))
    assert code == 2
    assert "'papers.openreview': expected a venue id such as ICLR.cc/2023/Conference" in err


def test_fetch_without_a_venue_or_a_file_says_what_to_do(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    programme = tmp_path / "iclr"
    shutil.copytree(locations.bundled_schedule().parent, programme, ignore=shutil.ignore_patterns("reading-list"))
    settings = programme / "conference.yaml"
    text = settings.read_text(encoding="utf-8").replace("papers:\n  openreview: ICLR.cc/2023/Conference\n", "")
    settings.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "papers", "fetch", "--schedule", str(programme / "programme.txt"))
    assert code == 2 and "names no OpenReview venue" in err and "--file" in err


def test_offline_fetch_of_a_venue_never_fetched_is_one_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "papers", "fetch", "--offline")
    assert code == 2 and "offline, and no paper list was downloaded from here before" in err
