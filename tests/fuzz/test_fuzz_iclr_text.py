"""The ICLR text parser on arbitrary and mutated input: a conference or a located ConfplanError, nothing else."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from confplan.errors import ConfplanError
from confplan.formats.iclr_text import decode_text, parse_iclr_text
from confplan.storage import locations
from confplan.storage.conference_yaml import settings_from_text

from .harness import flipped_bytes, mutated_lines, parses_or_refuses

SETTINGS = settings_from_text("timezone: Africa/Kigali\nyear: 2023\n", "conference.yaml")
PROGRAMME_BYTES = locations.bundled_schedule().read_bytes()
PROGRAMME = PROGRAMME_BYTES.decode("utf-8")
# A short real excerpt keeps mutations fast and meaningful (headers, rooms, abstracts, an invited talk).
EXCERPT = "\n".join(PROGRAMME.split("\n")[:30])

header_like = st.from_regex(
    r"(Oral [0-9] Track [0-9]|Poster Session [0-9]|Social|Workshop|Invited Talk)(: [A-Za-z ]{0,12})? "
    r"(Mon|Tue|Wed|Xyz) [0-9]{1,2} (May|Mai|Dec) [0-9]{1,2}:[0-9]{2} (a\.m\.|p\.m\.)",
    fullmatch=True,
)
programme_like_lines = st.lists(
    st.one_of(
        header_like, st.just("[ AD10 ]"), st.just(""), st.just("Bio :"), st.just("Abstract"), st.text(max_size=80)
    ),
    max_size=40,
)


def parse(text: str, lenient: bool) -> object:
    return parses_or_refuses(lambda: parse_iclr_text(text, SETTINGS, "fuzz.txt", lenient=lenient))


def located(outcome: object) -> None:
    """Errors about the text (not about the file as a whole) say on which line."""
    if isinstance(outcome, ConfplanError):
        for problem in outcome.problems:
            assert problem.path == "fuzz.txt"


@given(st.text(), st.booleans())
def test_arbitrary_text(text: str, lenient: bool) -> None:
    located(parse(text, lenient))


@given(st.binary())
def test_arbitrary_bytes(data: bytes) -> None:
    outcome = parses_or_refuses(lambda: decode_text(data, "fuzz.txt"))
    if isinstance(outcome, str):
        located(parse(outcome, lenient=False))


@given(programme_like_lines, st.booleans())
def test_programme_like_lines(lines: list[str], lenient: bool) -> None:
    located(parse("\n".join(lines), lenient))


@given(mutated_lines(EXCERPT), st.booleans())
def test_deleted_duplicated_swapped_lines(text: str, lenient: bool) -> None:
    located(parse(text, lenient))


@given(st.integers(0, len(PROGRAMME_BYTES)))
def test_truncation_anywhere(position: int) -> None:
    outcome = parses_or_refuses(lambda: decode_text(PROGRAMME_BYTES[:position], "fuzz.txt"))
    if isinstance(outcome, str):
        located(parse(outcome, lenient=True))


@given(flipped_bytes(EXCERPT.encode("utf-8")))
def test_byte_flips(data: bytes) -> None:
    outcome = parses_or_refuses(lambda: decode_text(data, "fuzz.txt"))
    if isinstance(outcome, str):
        located(parse(outcome, lenient=False))
