"""The document library's pure rules: the review calendar across month ends, the review flag,
who reads what."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.documents import rules

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # February is short
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),  # across the year end
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), 12, date(2027, 12, 15)),
    ],
)
def test_next_review_keeps_the_day_or_takes_the_month_end(start, months, due):
    assert rules.next_review(start, months) == due


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2026, 1, 30), "soon"),
        (date(2026, 1, 31), "soon"),  # due today: not overdue yet
        (date(2026, 2, 1), "overdue"),  # the day after, across the month end
        (date(2026, 1, 17), "soon"),  # 14 days ahead
        (date(2026, 1, 16), "ok"),
    ],
)
def test_review_state_on_fixed_dates(today, state):
    assert rules.review_state(date(2026, 1, 31), today) == state


def test_no_date_is_no_flag():
    assert rules.review_state(None, date(2026, 1, 1)) == "none"


@given(DAYS, st.integers(min_value=1, max_value=rules.MAX_REVIEW_MONTHS))
def test_next_review_lands_in_the_right_month_never_later_in_it(start, months):
    due = rules.next_review(start, months)
    assert (due.year * 12 + due.month) - (start.year * 12 + start.month) == months
    assert due.day <= start.day and due > start
    assert (due + timedelta(days=1)).month != due.month or due.day == start.day


@given(DAYS, DAYS)
def test_overdue_exactly_when_the_due_day_has_passed(due, today):
    state = rules.review_state(due, today)
    assert (state == "overdue") == (today > due)
    if state == "ok":
        assert (due - today).days > rules.SOON_DAYS


def test_client_staff_read_only_shared_documents():
    assert rules.readable("client", staff=False)
    assert not rules.readable("staff", staff=False)
    assert rules.readable("staff", staff=True)
