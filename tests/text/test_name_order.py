"""Names in the order a person looks for them."""

from __future__ import annotations

from confplan.text.name_order import by_name


def test_numbers_in_names_go_by_their_value() -> None:
    assert by_name(["AD10", "AD4", "AD1", "AD12", "Auditorium", "AD11"]) == [
        "AD1",
        "AD4",
        "AD10",
        "AD11",
        "AD12",
        "Auditorium",
    ]
    assert by_name(["H.2215", "H.1302", "H.1308", "UB2.252A", "UB2.147"]) == [
        "H.1302",
        "H.1308",
        "H.2215",
        "UB2.147",
        "UB2.252A",
    ]


def test_case_is_ignored_and_ties_stay_in_one_order() -> None:
    assert by_name(["rust", "Ruby", "Python", "rust", "Rust"]) == ["Python", "Ruby", "Rust", "rust", "rust"]
    assert by_name(["Room 2", "room 10", "Room 1"]) == ["Room 1", "Room 2", "room 10"]
    assert by_name(["10", "Hall", "2", ""]) == ["", "2", "10", "Hall"]
