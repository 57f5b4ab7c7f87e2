"""The pure meeting rules: overdue exactly, the schedule's next dates, times and names."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.meetings import rules

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("due", "status", "overdue"),
    [
        (TODAY - timedelta(days=1), "open", True),  # due yesterday
        (TODAY, "open", False),  # due today: still in time
        (TODAY + timedelta(days=1), "open", False),
        (TODAY - timedelta(days=30), "done", False),  # done is never overdue
        (TODAY - timedelta(days=30), "dropped", False),
        (None, "open", False),
    ],
)
def test_overdue_on_a_date(due, status, overdue):
    assert rules.is_overdue(due, status, TODAY) is overdue


@given(
    due=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    today=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    status=st.sampled_from(rules.ACTION_STATUSES),
)
def test_overdue_is_exactly_open_and_due_before_today(due, today, status):
    assert rules.is_overdue(due, status, today) == (status == "open" and due < today)
    if rules.is_overdue(due, status, today):
        # the day it was due it was not yet overdue; from the next day on it stays overdue
        assert not rules.is_overdue(due, status, due)
        assert rules.is_overdue(due, status, today + timedelta(days=1))


class Item:
    def __init__(self, due_on, status):
        self.due_on, self.status = due_on, status


def test_overdue_items_are_the_late_open_ones_oldest_first():
    items = [
        Item(TODAY - timedelta(days=1), "open"),
        Item(TODAY, "open"),
        Item(TODAY - timedelta(days=9), "open"),
        Item(TODAY - timedelta(days=9), "done"),
    ]
    assert rules.overdue_items(items, TODAY) == [items[2], items[0]]


def test_second_tuesday_and_last_friday():
    assert rules.nth_weekday(2026, 12, 1, 2) == date(2026, 12, 8)
    assert rules.nth_weekday(2026, 12, 4, -1) == date(2026, 12, 25)


def test_next_dates_monthly_and_quarterly():
    assert rules.next_dates("monthly", 1, 2, date(2026, 12, 9), 3) == [
        date(2027, 1, 12),
        date(2027, 2, 9),
        date(2027, 3, 9),
    ]
    assert rules.next_dates("quarterly", 3, 3, date(2026, 11, 1), 2) == [
        date(2027, 1, 21),
        date(2027, 4, 15),
    ]


@given(
    cadence=st.sampled_from(list(rules.CADENCES)),
    weekday=st.integers(0, 6),
    week=st.sampled_from(rules.WEEKS),
    after=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    count=st.integers(1, 8),
)
def test_next_dates_fall_on_the_weekday_once_per_period(cadence, weekday, week, after, count):
    found = rules.next_dates(cadence, weekday, week, after, count)
    assert len(found) == count and found == sorted(found) and found[0] >= after
    assert all(day.weekday() == weekday for day in found)
    months = [(d.year * 12 + d.month - 1) for d in found]
    step = rules.CADENCES[cadence]
    assert all(b - a == step for a, b in zip(months, months[1:], strict=False))
    if step == 3:
        assert all(d.month in (1, 4, 7, 10) for d in found)
    # nothing was skipped: the period before the first date had its day before `after`
    first = months[0] - step
    year, month = divmod(first, 12)
    assert rules.nth_weekday(year, month + 1, weekday, week) < after


def test_times_and_texts():
    start = datetime(2026, 12, 8, 2, tzinfo=UTC)
    assert rules.time_refusal(start, start) == "end_before_start"
    assert rules.time_refusal(start, start - timedelta(minutes=1)) == "end_before_start"
    assert rules.time_refusal(start, None) is None
    assert rules.time_refusal(None, start) == "required"
    assert rules.text_refusal("a\x00b") == "nul"
    assert rules.external_names("Frank；Frank\n 李四 、王五") == ["Frank", "李四", "王五"]
    assert rules.parse_clock("9:30").hour == 9 and rules.parse_clock("25:00") is None
