"""Loading a schedule: the bundled one, a file or a URL, through the cache of schedules read before.

Which format the bytes are in, and reading them, is ``confplan.formats.registry``; this module gets the bytes,
the conference.yaml beside them, and keeps the parsed result.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from confplan.collector import collector_paused
from confplan.errors import ConfplanError, Problem
from confplan.formats.common import LoadOptions, Note, option_zone
from confplan.formats.conference_settings import SETTINGS_FILE, ConferenceSettings, PaperSources
from confplan.model import Conference
from confplan.storage import locations
from confplan.storage.addresses import TIMEOUT_SECONDS as DOWNLOAD_SECONDS
from confplan.storage.addresses import DownloadProgress, is_url
from confplan.storage.bounded_files import CONFERENCE_SETTINGS, SCHEDULE, read_bounded
from confplan.storage.paper_lists import WithPapers, attach_papers, kept_paper_list, list_key
from confplan.storage.schedule_cache import ScheduleCache, cache_key

NO_OPTIONS = LoadOptions()


class DownloadNote(Note):
    """What the download of a schedule noted: the copy in use is one kept from before (offline, or what the server
    sent was not a schedule: a hotel's login page), or none could be kept.  The planner shows these while it runs;
    the user is about to rely on a programme that may be out of date."""


def load_schedule(
    path: Path | str | None,
    options: LoadOptions = NO_OPTIONS,
    cache: ScheduleCache | None = None,
    progress: Callable[[str], None] = lambda step: None,
    download_progress: DownloadProgress | None = None,
    papers: bool = True,
    download_seconds: float = DOWNLOAD_SECONDS,
) -> tuple[Conference, list[Problem]]:
    """Load ``path`` (a file, an http(s) URL, or None for the bundled programme).

    Returns the conference and what the user should be told: problems skipped leniently, and notes (instances
    of ``Note``) on guesses and repairs the import made.  With a ``cache``, an unchanged schedule read the same
    way before is taken from it instead of being parsed again (see ``confplan.storage.schedule_cache``).  ``progress``
    is told each step in a few words, for a screen that shows what a long load is doing; ``download_progress``
    the bytes of a download as they arrive, which may take ``download_seconds`` in all.  With ``papers``,
    presentations found in the programme's paper list
    (one fetched before, or a file; never the network) get their papers' titles, authors and links.
    """
    conference, problems = _load_programme(path, options, cache, progress, download_progress, download_seconds)
    if not papers:
        return conference, problems
    joined = programme_papers(conference)
    return joined.conference, [*problems, *joined.notes]


def programme_papers(conference: Conference) -> WithPapers:
    """The programme joined to its paper list (``papers:`` in the conference.yaml beside it; see
    ``confplan.storage.paper_lists``)."""
    try:
        sources, beside = paper_sources(conference)
    except ConfplanError as exc:
        return WithPapers(conference, notes=(Note(f"the paper list was not used: {exc}", conference.source_path),))
    return attach_papers(conference, sources, beside, conference.source_path)


def paper_sources(conference: Conference) -> tuple[PaperSources, Path | None]:
    """What the conference.yaml beside the programme says about its paper list, and that file (None: none)."""
    path = conference.source_path
    beside = Path(path).with_name(SETTINGS_FILE) if path and not is_url(path) else None
    if beside is None or not beside.is_file():
        return PaperSources(), None
    from confplan.storage.conference_yaml import load_settings  # (and YAML) for a programme with settings only

    return load_settings(beside).papers, beside


def venue_to_fetch(conference: Conference) -> tuple[str, str] | None:
    """The OpenReview venue id whose papers the programme names but has not fetched yet, and the key to keep them
    under; None when there is nothing to fetch (no venue, a local file named instead, or a list already kept)."""
    try:
        sources, _ = paper_sources(conference)
    except ConfplanError:
        return None
    if not sources.openreview or sources.file:
        return None
    key = list_key(sources, conference.source_path)
    return None if kept_paper_list(key) is not None else (sources.openreview, key)


def _load_programme(
    path: Path | str | None,
    options: LoadOptions,
    cache: ScheduleCache | None,
    progress: Callable[[str], None],
    download_progress: DownloadProgress | None,
    download_seconds: float,
) -> tuple[Conference, list[Problem]]:
    if isinstance(path, str) and is_url(path):
        source = path.strip()
        progress("Downloading the schedule")
        read: list[tuple[bytes, tuple[Conference, list[Problem]]]] = []

        def accept(data: bytes) -> None:  # a download is kept in the cache only once it reads as a schedule
            read.append((data, _parse(data, source, None, options, cache, progress)))

        from confplan.storage.fetch import fetch_schedule  # the network client: only for a URL

        fetched = fetch_schedule(source, progress=download_progress, accept=accept, timeout=download_seconds)
        notes: list[Problem] = [DownloadNote(n, source) for n in fetched.notes]
        if read and read[-1][0] is fetched.content:
            conference, problems = read[-1][1]
        else:  # the copy from the cache (offline, unchanged, or the download did not read)
            conference, problems = _parse(fetched.content, source, None, options, cache, progress)
        return conference, [*notes, *problems]
    local = Path(path) if path is not None else locations.bundled_schedule()
    return _parse(_read_file(local), str(local), local, options, cache, progress)


def _parse(
    data: bytes,
    source: str,
    local: Path | None,
    options: LoadOptions,
    cache: ScheduleCache | None,
    progress: Callable[[str], None],
) -> tuple[Conference, list[Problem]]:
    """The schedule in ``data`` (read from ``source``), from the cache of parsed schedules when it holds it."""
    # The cache is asked before the format is recognised: the format follows from the bytes and the options, both
    # in the key, so a schedule read before needs no parser at all (nor the time it takes to import them).
    key = cache_key(data, repr(options), source, _settings_digest(local)) if cache is not None else ""
    if cache is not None and cache.holds(source, key):
        progress("Reading it from the cache of schedules opened before")
        # A file's bytes (100 MB for 50,000 events) are not needed while the parsed copy is read: let them go first
        # (a download's are still held by the caller).
        downloaded, data = (data if local is None else b""), b""
        loaded = cache.get(source, key)
        if loaded is not None:
            return loaded
        data = _read_file(local) if local is not None else downloaded  # a damaged entry: parse it again
    from confplan.formats.registry import find_format, recognise  # the parsers: only for a schedule to parse

    chosen = find_format(options.format) if options.format else recognise(data, source)
    settings = settings_for(local, source, options) if chosen.needs_settings else None
    progress(f"Reading the {chosen.description} ({len(data) / 1e6:.1f} MB)")
    with collector_paused():
        loaded = chosen.read(data, source, options, settings)
    if cache is not None:
        cache.put(source, key, loaded)
    return loaded


def _read_file(path: Path) -> bytes:
    try:
        return read_bounded(path, SCHEDULE)
    except FileNotFoundError:
        raise ConfplanError(Problem("no such schedule file", str(path))) from None


def _settings_digest(schedule: Path | None) -> str:
    """A digest of the settings file beside a schedule (ICLR text is read with it), for a cache key ('' when
    there is none)."""
    beside = schedule.with_name(SETTINGS_FILE) if schedule is not None else None
    try:
        return hashlib.sha256(read_bounded(beside, CONFERENCE_SETTINGS)).hexdigest() if beside is not None else ""
    except (OSError, ConfplanError):  # reading the settings themselves then says what is wrong
        return ""


def _check_agrees(settings: ConferenceSettings, options: LoadOptions, where: str) -> None:
    """--timezone and --year are for a programme that does not say; one that contradicts its conference.yaml would
    move every event (10:00 in Kigali read as 10:00 in New York), and the export with them, so it is refused."""
    if options.timezone is not None and option_zone(options.timezone).key != settings.timezone:
        raise ConfplanError(
            Problem(
                f"--timezone {options.timezone} contradicts the programme's own zone {settings.timezone}; "
                "--timezone is for programmes that do not give one (to see the times in your own zone, "
                "press t in the planner)",
                where,
            )
        )
    if options.year is not None and settings.year is not None and options.year != settings.year:
        raise ConfplanError(
            Problem(
                f"--year {options.year} contradicts the programme's own year {settings.year}; "
                "--year is for programmes that do not give one",
                where,
            )
        )


def settings_for(schedule: Path | None, source: str, options: LoadOptions) -> ConferenceSettings:
    """ICLR text needs conference.yaml (beside the file) or --timezone/--year: the text has no zone or year."""
    beside = schedule.with_name(SETTINGS_FILE) if schedule is not None else None
    if beside is not None and beside.exists():  # a folder or a pipe there: reading it says so
        from confplan.storage.conference_yaml import load_settings

        settings = load_settings(beside)
        _check_agrees(settings, options, str(beside))
    elif options.timezone is None:
        raise ConfplanError(
            Problem(
                f"the programme gives no time zone and there is no {SETTINGS_FILE} beside it; "
                "pass --timezone (e.g. Africa/Kigali) and --year",
                source,
            )
        )
    else:
        settings = ConferenceSettings(timezone=option_zone(options.timezone).key)
    if options.timezone is not None:
        settings = replace(settings, timezone=option_zone(options.timezone).key)
    if options.year is not None:
        settings = replace(settings, year=options.year)
    if options.name:
        settings = replace(settings, name=options.name)
    return settings
