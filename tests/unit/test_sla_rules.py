"""Pure SLA settings rules: holiday-year rows, when next year is due, target units, the matrix."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.clocks.calendar import OFFICE_HOURS
from app.sla.rules import (
    LEVELS,
    TARGET_UNITS,
    YearRow,
    expand_rows,
    matrix_problems,
    rows_of,
    split_target,
    to_minutes,
    working_day_minutes,
    years_to_enter,
)

D = date


def test_rows_expand_to_days_and_join_back():
    rows = [
        YearRow(D(2027, 10, 1), D(2027, 10, 3), "holiday", "National Day"),
        YearRow(D(2027, 10, 9), None, "adjusted_workday", "National Day"),
        YearRow(None, None, "holiday", ""),  # an empty row
    ]
    days, errors = expand_rows(rows, 2027)
    assert errors == {}
    assert days[0] == (D(2027, 10, 1), "holiday", "National Day") and len(days) == 4
    assert rows_of(days) == [
        YearRow(D(2027, 10, 1), D(2027, 10, 3), "holiday", "National Day"),
        YearRow(D(2027, 10, 9), D(2027, 10, 9), "adjusted_workday", "National Day"),
    ]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (YearRow(None, D(2027, 1, 3), "holiday", ""), "start"),
        (YearRow(D(2027, 1, 3), D(2027, 1, 2), "holiday", ""), "order"),
        (YearRow(D(2027, 12, 31), D(2028, 1, 1), "holiday", ""), "year"),
        (YearRow(D(2027, 1, 5), None, "bridge", ""), "kind"),
        (YearRow(D(2027, 1, 1), None, "adjusted_workday", ""), "overlap"),
    ],
)
def test_each_row_problem_is_named_on_its_row(row, problem):
    first = YearRow(D(2027, 1, 1), None, "holiday", "New Year's Day")
    _, errors = expand_rows([first, row], 2027)
    assert errors == {1: problem}


def test_no_rows_at_all_is_a_problem():
    assert expand_rows([YearRow(None, None, "holiday")], 2027)[1] == {-1: "empty"}


@st.composite
def schedules(draw):
    """A year's days: distinct dates of 2027, each a holiday or an adjusted working day."""
    offsets = draw(st.sets(st.integers(0, 364), min_size=1, max_size=40))
    names = st.sampled_from(["", "Spring Festival", "National Day"])
    return sorted(
        (
            D(2027, 1, 1) + timedelta(days=n),
            draw(st.sampled_from(["holiday", "adjusted_workday"])),
            draw(names) or None,
        )
        for n in offsets
    )


@given(schedules())
def test_any_schedule_survives_rows_and_back(days):
    again, errors = expand_rows(rows_of(days), 2027)
    assert errors == {} and again == days


@pytest.mark.parametrize(
    ("today", "years"),
    [
        (D(2026, 3, 1), [2026]),
        (D(2026, 10, 31), [2026]),
        (D(2026, 11, 1), [2026, 2027]),
        (D(2026, 12, 4), [2026, 2027]),
        (D(2027, 1, 1), [2027]),
    ],
)
def test_next_year_is_due_from_the_first_of_november(today, years):
    assert years_to_enter(today) == years


@given(st.dates(min_value=D(1901, 1, 1), max_value=D(2999, 12, 31)))
def test_this_year_is_always_due_and_next_year_only_late_in_the_year(today):
    years = years_to_enter(today)
    assert years[0] == today.year
    assert (today.year + 1 in years) == (today.month >= 11)


def test_a_working_day_is_nine_hours_on_office_hours():
    assert working_day_minutes(OFFICE_HOURS) == 540
    assert working_day_minutes(((("00:00", "24:00"),),) * 7) == 1440
    assert working_day_minutes(((),) * 7) == 1440


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(1620, (3, "working_days")), (240, (4, "hours")), (480, (8, "hours")), (5, (5, "minutes"))],
)
def test_targets_show_in_their_largest_whole_unit(minutes, shown):
    assert split_target(minutes, 540) == shown


@given(st.integers(1, 60 * 24 * 30), st.sampled_from([480, 540, 600, 1440]))
def test_a_target_split_into_units_gives_back_its_minutes(minutes, day):
    amount, unit = split_target(minutes, day)
    assert unit in TARGET_UNITS and to_minutes(amount, unit, day) == minutes


def test_matrix_cells_must_all_be_priorities():
    full = {u: dict.fromkeys(LEVELS, "P3") for u in LEVELS}
    assert matrix_problems(full) == []
    full["low"]["high"] = ""
    full["high"]["low"] = "P9"
    assert matrix_problems(full) == [("high", "low"), ("low", "high")]
    assert len(matrix_problems({})) == 9
