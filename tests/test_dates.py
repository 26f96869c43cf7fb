"""Date expressions resolved against the article's date (kg.extract.dates)."""
from __future__ import annotations

from datetime import date

import pytest

from kg.extract.dates import is_relative_anaphor, resolve_date, shift_anaphor

REF = date(2025, 3, 20)  # a Thursday


@pytest.mark.parametrize("text, expected", [
    ("March 19", date(2025, 3, 19)),
    ("on March 19", date(2025, 3, 19)),
    ("Feb. 12", date(2025, 2, 12)),
    ("Mar. 2", date(2025, 3, 2)),
    ("19 March", date(2025, 3, 19)),
    ("the 12th of February", date(2025, 2, 12)),
    ("March 19, 2024", date(2024, 3, 19)),
    ("2025-03-18", date(2025, 3, 18)),
    ("on Tuesday", date(2025, 3, 18)),
    ("Tuesday night", date(2025, 3, 18)),
    ("on Sunday", date(2025, 3, 16)),
    ("last Tuesday", date(2025, 3, 18)),
    ("yesterday", date(2025, 3, 19)),
    ("today", REF),
    ("Sept. 5", date(2024, 9, 5)),  # a past event months ahead of the article's month is last year's
])
def test_past_dates(text, expected):
    assert resolve_date(text, REF) == expected


@pytest.mark.parametrize("text, expected", [
    ("on Friday", date(2025, 3, 21)),
    ("tomorrow", date(2025, 3, 21)),
    ("May 16", date(2025, 5, 16)),
])
def test_future_dates(text, expected):
    assert resolve_date(text, REF, future=True) == expected


@pytest.mark.parametrize("text", [
    "30 days", "1.5-hour", "last week", "next week", "this week", "in February", "February 2025", "mid-March",
    "March", "the weekend", "two days earlier",
])
def test_no_single_day(text):
    assert resolve_date(text, REF) is None


def test_year_rollover_backwards():
    assert resolve_date("Dec. 30", date(2025, 1, 3)) == date(2024, 12, 30)


def test_year_rollover_forwards():
    assert resolve_date("Jan. 5", date(2024, 12, 28), future=True) == date(2025, 1, 5)


def test_no_reference_date():
    assert resolve_date("March 19", None) is None
    assert resolve_date("on Tuesday", None) is None
    assert resolve_date("March 19, 2025", None) == date(2025, 3, 19)


def test_next_weekday_is_future():
    assert resolve_date("next Tuesday", REF) == date(2025, 3, 25)


@pytest.mark.parametrize("text, expected", [
    ("the previous day", date(2025, 3, 17)),
    ("the following day", date(2025, 3, 19)),
    ("the next day", date(2025, 3, 19)),
    ("that day", date(2025, 3, 18)),
    ("the same day", date(2025, 3, 18)),
])
def test_relative_anaphors(text, expected):
    assert is_relative_anaphor(text)
    assert shift_anaphor(text, date(2025, 3, 18)) == expected


def test_not_relative():
    assert not is_relative_anaphor("on Tuesday")
    assert not is_relative_anaphor("Independence Day")


@pytest.mark.parametrize("text", ["the day before", "a day earlier", "the day after"])
def test_more_relative_anaphors(text):
    assert is_relative_anaphor(text)
