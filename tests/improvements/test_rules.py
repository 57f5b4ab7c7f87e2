"""Which improvements a report lists, and when one is late."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.improvements import rules

START = datetime(2026, 10, 1, tzinfo=UTC)
END = datetime(2027, 1, 1, tzinfo=UTC)


def test_in_period():
    before, inside = START - timedelta(days=5), START + timedelta(days=5)
    assert rules.in_period("proposed", before, None, START, END)
    assert rules.in_period("done", before, inside, START, END)
    assert not rules.in_period("done", before, before, START, END)  # finished before it
    assert not rules.in_period("proposed", END, None, START, END)  # made after it
    assert not rules.in_period("dropped", inside, None, START, END)


@given(
    status=st.sampled_from(rules.STATUSES),
    created=st.integers(-200, 200),
    done=st.integers(0, 200),
)
def test_an_item_made_after_the_period_is_never_listed(status, created, done):
    created_at = START + timedelta(days=created)
    done_at = created_at + timedelta(days=done) if status == "done" else None
    listed = rules.in_period(status, created_at, done_at, START, END)
    if created_at >= END or status == "dropped":
        assert not listed
    if status == "done" and listed:
        assert done_at >= START


def test_late():
    today = date(2026, 12, 4)
    assert rules.is_late("in_progress", today - timedelta(days=1), today)
    assert not rules.is_late("in_progress", today, today)
    assert not rules.is_late("done", today - timedelta(days=9), today)
