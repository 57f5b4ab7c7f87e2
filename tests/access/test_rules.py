"""The access register's pure rule: expired and expiring authorisations (S14), on fixed dates
across a month end, and as properties."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.access import rules

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2026, 1, 16), "active"),  # 15 days before
        (date(2026, 1, 17), "expiring"),  # 14 days before
        (date(2026, 1, 31), "expiring"),  # the last valid day
        (date(2026, 2, 1), "expired"),  # across the month end
        (date(2026, 3, 1), "expired"),
    ],
)
def test_grant_state_on_fixed_dates(today, state):
    assert rules.grant_state(date(2026, 1, 31), today) == state


def test_a_revoked_grant_is_revoked_whatever_the_date():
    assert rules.grant_state(date(2030, 1, 1), date(2026, 1, 1), revoked=True) == "revoked"
    assert rules.grant_state(date(2020, 1, 1), date(2026, 1, 1), revoked=True) == "revoked"


def test_a_new_grant_needs_a_date_today_or_later():
    today = date(2026, 2, 28)
    assert rules.grant_refusals(None, today) == {"until": "required"}
    assert rules.grant_refusals(date(2026, 2, 27), today) == {"until": "past"}
    assert rules.grant_refusals(today, today) == {}


@given(DAYS, DAYS)
def test_expired_exactly_after_the_last_day_expiring_within_fourteen(until, today):
    state = rules.grant_state(until, today)
    assert (state == "expired") == (today > until)
    assert (state == "expiring") == (today <= until <= today + timedelta(days=14))
    assert (state == "active") == (until > today + timedelta(days=14))


@given(DAYS, st.integers(min_value=0, max_value=60))
def test_a_later_day_never_makes_a_grant_less_expired(until, step):
    order = ["active", "expiring", "expired"]
    before = rules.grant_state(until, until - timedelta(days=30))
    after = rules.grant_state(until, until - timedelta(days=30) + timedelta(days=step))
    assert order.index(after) >= order.index(before)
