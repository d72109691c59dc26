"""The parsed-schedule cache: used only for the same bytes read the same way, and never worse than no cache.

What it must never do: return an old programme for an edited file or other options, fail a load because an entry
is damaged, or run anything an entry says.
"""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from bench.synthetic import generate, write
from confplan.cli import main
from confplan.formats.common import LoadOptions
from confplan.storage import schedule_cache
from confplan.storage.loading import load_schedule
from confplan.storage.schedule_cache import MAGIC, ScheduleCache

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


@pytest.fixture
def cache(tmp_path: Path) -> ScheduleCache:
    return ScheduleCache(tmp_path / "cache")


def entries(cache: ScheduleCache) -> list[Path]:
    return sorted(cache.directory.glob("*.pickle"))


def entry_key(cache: ScheduleCache, source: Path) -> str:
    header = cache.entry_path(str(source)).read_bytes()[: len(MAGIC) + schedule_cache.KEY_LENGTH]
    return header[len(MAGIC) :].decode("ascii")


@pytest.mark.parametrize(
    ("fixture", "options"),
    [
        ("fosdem_style.xml", LoadOptions()),
        ("pretalx_schedule.json", LoadOptions()),
        ("frab_liberal.json", LoadOptions(lenient=True)),  # with problems skipped: they come back from the cache too
        ("spring_forward.ics", LoadOptions()),
        ("floating_x_wr_timezone.ics", LoadOptions(timezone="Europe/Berlin")),
    ],
)
def test_a_cached_load_is_the_same_as_parsing(
    fixture: str, options: LoadOptions, cache: ScheduleCache, tmp_path: Path
) -> None:
    path = tmp_path / fixture
    shutil.copy(FIXTURES / fixture, path)
    parsed = load_schedule(path, options)
    first = load_schedule(path, options, cache=cache)
    assert len(entries(cache)) == 1
    again = load_schedule(path, options, cache=cache)
    assert first == parsed
    assert again == parsed
    assert [type(p) for p in again[1]] == [type(p) for p in parsed[1]]  # notes stay notes


def test_the_bundled_programme_round_trips(cache: ScheduleCache) -> None:
    parsed = load_schedule(None)
    load_schedule(None, cache=cache)
    assert load_schedule(None, cache=cache) == parsed


def test_the_entry_is_what_a_second_load_returns(cache: ScheduleCache, tmp_path: Path) -> None:
    """An entry for the same key is used without parsing (shown here by storing a different programme under it)."""
    path = tmp_path / "schedule.xml"
    shutil.copy(FIXTURES / "fosdem_style.xml", path)
    _, problems = load_schedule(path, cache=cache)
    other, _ = load_schedule(FIXTURES / "pretalx_schedule.json")
    cache.put(str(path), entry_key(cache, path), (other, problems))
    assert load_schedule(path, cache=cache)[0] == other


def test_an_edited_file_is_parsed_again_and_replaces_its_entry(cache: ScheduleCache, tmp_path: Path) -> None:
    path = tmp_path / "schedule.xml"
    write(generate(30), "xml", path)
    before, _ = load_schedule(path, cache=cache)
    path.write_bytes(path.read_bytes().replace(b"<title>", b"<title>Edited: "))
    after, _ = load_schedule(path, cache=cache)
    assert after == load_schedule(path)[0]
    assert all(e.title.startswith("Edited: ") for e in after.events())
    assert not any(e.title.startswith("Edited: ") for e in before.events())
    assert len(entries(cache)) == 1  # one entry per source: the old one was replaced, not kept beside it


def test_other_options_are_other_keys(cache: ScheduleCache, tmp_path: Path) -> None:
    path = tmp_path / "schedule.xml"
    write(generate(30), "xml", path)
    brussels, _ = load_schedule(path, cache=cache)
    tokyo, _ = load_schedule(path, LoadOptions(timezone="Asia/Tokyo"), cache=cache)
    assert tokyo.timezone == "Asia/Tokyo" and brussels.timezone == "Europe/Brussels"
    assert load_schedule(path, cache=cache)[0].timezone == "Europe/Brussels"


def test_the_settings_beside_iclr_text_are_part_of_the_key(cache: ScheduleCache, tmp_path: Path) -> None:
    path = tmp_path / "programme.txt"
    write(generate(20), "iclr", path)
    settings = path.with_name("conference.yaml")
    assert load_schedule(path, cache=cache)[0].name == "Synthetic 20"
    settings.write_text(settings.read_text(encoding="utf-8").replace("Synthetic 20", "Renamed"), encoding="utf-8")
    assert load_schedule(path, cache=cache)[0].name == "Renamed"


def test_the_same_bytes_at_another_path_keep_their_own_source(cache: ScheduleCache, tmp_path: Path) -> None:
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    write(generate(10), "xml", first)
    shutil.copy(first, second)
    assert load_schedule(first, cache=cache)[0].source_path == str(first)
    assert load_schedule(second, cache=cache)[0].source_path == str(second)


def test_another_confplan_does_not_read_this_ones_entries(
    cache: ScheduleCache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "schedule.xml"
    write(generate(10), "xml", path)
    load_schedule(path, cache=cache)
    key = entry_key(cache, path)
    monkeypatch.setattr(schedule_cache, "code_digest", lambda: "parsers changed")
    load_schedule(path, cache=cache)
    assert entry_key(cache, path) != key


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short (a crash while writing, a full disk)
        lambda data: data[:-40] + b"\x00" * 40,
        lambda data: data[: len(MAGIC) + 65] + b"not a pickle at all",
        lambda data: b"",
        lambda data: b"garbage" + data,  # not our header
        lambda data: data.replace(b"confplan.model", b"confplan.modem"),  # a class that does not exist
    ],
)
def test_a_damaged_entry_means_parsing_again_and_a_good_entry(
    damage: object, cache: ScheduleCache, tmp_path: Path
) -> None:
    path = tmp_path / "schedule.json"
    shutil.copy(FIXTURES / "pretalx_schedule.json", path)
    expected = load_schedule(path)
    load_schedule(path, cache=cache)
    entry = cache.entry_path(str(path))
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    assert load_schedule(path, cache=cache) == expected
    assert cache.get(str(path), entry_key(cache, path)) == expected  # rewritten whole


class _Planted:
    """What an attacker with write access to the cache would store: unpickling it would run a command."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, ...]]:
        return os.system, (f"touch {self.marker}",)


def test_an_entry_naming_anything_but_the_model_is_refused_unrun(cache: ScheduleCache, tmp_path: Path) -> None:
    path = tmp_path / "schedule.xml"
    write(generate(10), "xml", path)
    expected = load_schedule(path)
    load_schedule(path, cache=cache)
    key = entry_key(cache, path)
    marker = tmp_path / "ran"
    cache.entry_path(str(path)).write_bytes(MAGIC + key.encode() + b"\n" + pickle.dumps(_Planted(marker)))
    assert load_schedule(path, cache=cache) == expected
    assert not marker.exists()


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    blocked = tmp_path / "a file, not a directory"
    blocked.write_text("x", encoding="utf-8")
    cache = ScheduleCache(blocked / "schedules")
    assert load_schedule(None, cache=cache) == load_schedule(None)


def test_a_failed_parse_stores_nothing(cache: ScheduleCache, tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_bytes(b"<schedule><day>")
    with pytest.raises(Exception, match="not well-formed"):
        load_schedule(path, cache=cache)
    assert entries(cache) == []


def test_the_command_caches_in_the_user_cache_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CONFPLAN_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "schedule.xml"
    write(generate(40), "xml", path)
    assert main(["--schedule", str(path), "list"]) == 0
    first = capsys.readouterr().out
    assert len(list((tmp_path / "cache" / "schedules").glob("*.pickle"))) == 1
    assert main(["--schedule", str(path), "list"]) == 0
    assert capsys.readouterr().out == first


def test_an_entry_put_to_be_written_later_is_written_only_then(tmp_path: Path) -> None:
    path = tmp_path / "schedule.xml"
    write(generate(10), "xml", path)
    later = ScheduleCache(tmp_path / "cache", write_later=True)
    loaded = load_schedule(path, cache=later)
    assert entries(later) == []
    later.write_pending()
    assert len(entries(later)) == 1
    assert load_schedule(path, cache=ScheduleCache(tmp_path / "cache")) == loaded
    later.write_pending()  # nothing left to write
    assert len(entries(later)) == 1
