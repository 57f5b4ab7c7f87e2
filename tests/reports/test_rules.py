"""Pure report rules: periods, the schedule, the workflow, tallies, breach reasons, cells."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.reports import rules

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("kind", "text", "first", "last"),
    [
        ("monthly", "2026-10", date(2026, 10, 1), date(2026, 10, 31)),
        ("monthly", "2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("monthly", "2026-11", date(2026, 11, 1), date(2026, 11, 30)),  # in progress: allowed
        ("quarterly", "2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("quarterly", "2026-q1", date(2026, 1, 1), date(2026, 3, 31)),
    ],
)
def test_periods(kind, text, first, last):
    period = rules.parse_period(kind, text, TODAY)
    assert (period.first, period.last) == (first, last)
    assert period.start == datetime(first.year, first.month, 1, tzinfo=rules.SHANGHAI)
    assert period.end - period.start == timedelta(days=(last - first).days + 1)


@pytest.mark.parametrize(
    ("kind", "text", "words"),
    [
        ("monthly", "2026-13", "01 to 12"),
        ("monthly", "2026-00", "01 to 12"),
        ("monthly", "2026-12", "in the future"),
        ("monthly", "26-10", "YYYY-MM"),
        ("monthly", "", "YYYY-MM"),
        ("quarterly", "2026-Q5", "Q1 to Q4"),
        ("quarterly", "2027-Q1", "in the future"),
        ("quarterly", "2026-10", "YYYY-Qn"),
        ("weekly", "2026-10", "monthly or quarterly"),
        ("monthly", "1999-10", "before the service"),
    ],
)
def test_bad_periods(kind, text, words):
    with pytest.raises(rules.PeriodError, match=words):
        rules.parse_period(kind, text, TODAY)


@pytest.mark.parametrize(
    ("text", "lang"), [(None, "zh"), ("zh", "zh"), ("EN", "en"), (" en ", "en")]
)
def test_languages(text, lang):
    assert rules.parse_language(text) == lang


def test_unknown_language():
    with pytest.raises(rules.PeriodError, match="zh or en"):
        rules.parse_language("fr")


@pytest.mark.parametrize(
    ("period", "monthly_day", "quarterly_day", "due"),
    [
        (rules.month_period(2026, 10), 5, 5, date(2026, 11, 5)),
        (rules.month_period(2026, 12), 10, 5, date(2027, 1, 10)),
        (rules.month_period(2026, 1), 31, 5, date(2026, 2, 28)),  # past the month's end
        (rules.quarter_period(2026, 3), 10, 5, date(2026, 10, 5)),  # S7: first five days
        (rules.quarter_period(2026, 4), 10, 3, date(2027, 1, 3)),
    ],
)
def test_due_dates(period, monthly_day, quarterly_day, due):
    assert (
        rules.due_date(period, monthly_due_day=monthly_day, quarterly_due_day=quarterly_day) == due
    )


@pytest.mark.parametrize(
    ("today", "status", "state"),
    [
        (date(2026, 10, 20), None, "upcoming"),  # the month is not over
        (date(2026, 11, 2), None, "due"),
        (date(2026, 11, 5), "reviewed", "due"),  # the due day itself is still on time
        (date(2026, 11, 6), "draft", "overdue"),
        (date(2026, 11, 6), "sent", "done"),
        (date(2026, 12, 1), "acknowledged", "done"),
    ],
)
def test_schedule_state(today, status, state):
    assert rules.schedule_state(date(2026, 11, 5), status, today, date(2026, 10, 31)) == state


def test_recent_periods():
    labels = [p.label for p in rules.recent_periods(TODAY)]
    assert labels == ["2026-11", "2026-10", "2026-09", "2026-08", "2026-Q4", "2026-Q3", "2026-Q2"]


@pytest.mark.parametrize(
    ("status", "action", "after"),
    [
        ("draft", "review", "reviewed"),
        ("reviewed", "send", "sent"),
        ("sent", "send", "sent"),  # sent again (a corrected address)
        ("sent", "acknowledge", "acknowledged"),
    ],
)
def test_workflow(status, action, after):
    assert rules.next_status(status, action) == after


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("draft", "send"),
        ("draft", "acknowledge"),
        ("acknowledged", "send"),
        ("sent", "review"),
        ("draft", "publish"),
    ],
)
def test_workflow_refusals(status, action):
    with pytest.raises(rules.TransitionError):
        rules.next_status(status, action)


STATES = st.sampled_from(["met", "breached", "running", "paused", "cancelled"])


@given(st.lists(STATES, max_size=200))
def test_attainment_adds_up(states):
    found = rules.attainment(states)
    assert found["met"] + found["breached"] + found["open"] == len(
        [s for s in states if s != "cancelled"]
    )
    assert found["measured"] == found["met"] + found["breached"]
    if found["measured"]:
        assert 0 <= found["percent"] <= 100
    else:
        assert found["percent"] is None


def test_attainment_rounds_to_one_decimal():
    assert rules.attainment(["met", "met", "breached"])["percent"] == 66.7


@given(st.lists(st.sampled_from("abcde"), max_size=50))
def test_counted_keeps_every_key_in_order(keys):
    counted = rules.counted(keys, "abcde")
    assert [key for key, _ in counted] == list("abcde")
    assert sum(n for _, n in counted) == len(keys)


def test_top_orders_by_count_then_key_and_drops_singletons():
    assert rules.top({"b": 2, "a": 2, "c": 5, "d": 1}, 3, at_least=2) == [
        ("c", 5),
        ("a", 2),
        ("b", 2),
    ]


AT = datetime(2026, 10, 9, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("notes", "reason"),
    [
        ([], ""),
        ([(AT, "resolve", "Fixed", True)], ""),  # a note after the clock stopped
        ([(AT + timedelta(hours=2), "resolve", "Disk replaced", True)], "Disk replaced"),
        (
            [
                (AT + timedelta(minutes=10), "pend", "Waiting for the vendor", True),
                (AT + timedelta(hours=2), "resolve", "Disk replaced", True),
            ],
            "Waiting for the vendor",
        ),
        ([(AT + timedelta(minutes=10), "comment", "Hello", True)], ""),  # a public reply
        ([(AT + timedelta(minutes=10), "comment", "Part late", False)], "Part late"),
        ([(AT - timedelta(minutes=10), "pend", "Earlier", True)], ""),  # before the clock
    ],
)
def test_breach_reason(notes, reason):
    started, stopped = AT + timedelta(minutes=1), AT + timedelta(hours=2)
    assert rules.breach_reason(notes, started, stopped) == reason


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+86 138", "'+86 138"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("打印机", "打印机"),
        (3, 3),
        (None, None),
    ],
)
def test_safe_cell(value, cell):
    assert rules.safe_cell(value) == cell
