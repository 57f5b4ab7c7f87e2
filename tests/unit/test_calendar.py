"""Working calendar: statutory days, adjusted working days, overrides, missing years."""

from datetime import date

import chinese_calendar
import pytest

from app.clocks.calendar import (
    ALWAYS_HOURS,
    OFFICE_HOURS,
    WorkCalendar,
    parse_weekly_hours,
    validate_intervals,
)

OFFICE = WorkCalendar("office")
NINE_TO_SIX = (("09:00", "18:00"),)


@pytest.mark.parametrize(
    ("day", "kind", "name", "hours"),
    [
        (date(2026, 2, 13), "workday", None, NINE_TO_SIX),  # Friday before Spring Festival
        (date(2026, 2, 14), "adjusted_workday", "Spring Festival", NINE_TO_SIX),  # Saturday
        (date(2026, 2, 15), "holiday", "Spring Festival", ()),  # Sunday inside the holiday
        (date(2026, 2, 23), "holiday", "Spring Festival", ()),  # Monday
        (date(2026, 2, 24), "workday", None, NINE_TO_SIX),
        (date(2026, 3, 7), "weekend", None, ()),
        (date(2026, 10, 1), "holiday", "National Day", ()),
        (date(2026, 10, 3), "holiday", "National Day", ()),  # Saturday inside the holiday
        (date(2026, 10, 7), "holiday", "National Day", ()),
        (date(2026, 10, 8), "workday", None, NINE_TO_SIX),
        (date(2026, 10, 10), "adjusted_workday", "National Day", NINE_TO_SIX),  # Saturday
        (date(2026, 10, 11), "weekend", None, ()),
        (date(2027, 5, 3), "workday", None, NINE_TO_SIX),  # no 2027 data: a plain Monday
    ],
)
def test_day_kind_office(day, kind, name, hours):
    info = OFFICE.day_kind(day)
    assert (info.date, info.kind, info.name, info.hours) == (day, kind, name, hours)


def test_national_day_2026_matches_chinesecalendar():
    for day in range(1, 8):
        assert OFFICE.day_kind(date(2026, 10, day)).kind == "holiday"
        assert not chinese_calendar.is_workday(date(2026, 10, day))
    assert chinese_calendar.is_workday(date(2026, 10, 8))


def test_adjusted_workday_takes_monday_hours_or_its_own():
    split = {i: [("09:00", "12:00"), ("13:00", "18:00")] for i in range(5)}
    assert WorkCalendar("s", weekly_hours=split).day_kind(date(2026, 10, 10)).hours == (
        ("09:00", "12:00"),
        ("13:00", "18:00"),
    )
    own = WorkCalendar("o", adjusted_workday_hours=(("10:00", "16:00"),))
    assert own.day_kind(date(2026, 10, 10)).hours == (("10:00", "16:00"),)
    assert own.day_kind(date(2026, 10, 9)).hours == NINE_TO_SIX


@pytest.mark.parametrize(
    ("day", "override", "kind", "name", "hours"),
    [
        (date(2026, 10, 12), ("holiday", "Company day"), "holiday", "Company day", ()),
        (date(2026, 10, 1), ("workday", "Stock-take"), "workday", "Stock-take", NINE_TO_SIX),
        (date(2026, 10, 11), "workday", "workday", None, NINE_TO_SIX),  # Sunday → Monday hours
        (date(2026, 10, 11), "adjusted_workday", "adjusted_workday", None, NINE_TO_SIX),
        (date(2026, 10, 10), "weekend", "weekend", None, ()),  # cancels an adjusted Saturday
    ],
)
def test_override_wins(day, override, kind, name, hours):
    calendar = WorkCalendar("office", overrides={day: override})
    info = calendar.day_kind(day)
    assert (info.kind, info.name, info.hours) == (kind, name, hours)


def test_overrides_accept_iso_strings_and_tuples():
    by_dict = WorkCalendar("office", overrides={"2027-01-01": ["holiday", "New Year"]})
    by_tuple = WorkCalendar("office", overrides=((date(2027, 1, 1), "holiday", "New Year"),))
    assert by_dict == by_tuple
    assert hash(by_dict) == hash(by_tuple)
    assert by_dict.day_kind(date(2027, 1, 1)).kind == "holiday"


def test_missing_years():
    assert OFFICE.missing_years([2025, 2026, 2027, 2027]) == [2027]
    assert OFFICE.missing_years([2027]) == [2027]
    confirmed = WorkCalendar("office", confirmed_years=frozenset({2027}))
    assert confirmed.missing_years([2027]) == []
    assert WorkCalendar("extended", source="none").missing_years([2027, 2030]) == []


def test_missing_year_still_answers():
    assert OFFICE.day_kind(date(2027, 10, 1)).kind == "workday"  # Friday, no data yet
    assert OFFICE.day_kind(date(2027, 10, 2)).kind == "weekend"


def test_source_none_ignores_statutory_days():
    plain = WorkCalendar("plain", source="none")
    assert plain.day_kind(date(2026, 10, 1)).kind == "workday"
    assert plain.day_kind(date(2026, 10, 10)).kind == "weekend"
    always = WorkCalendar("extended", source="none", weekly_hours=ALWAYS_HOURS)
    assert always.day_kind(date(2026, 10, 4)) == always.day_kind(date(2026, 10, 4))
    assert always.day_kind(date(2026, 10, 4)).hours == (("00:00", "24:00"),)
    assert always.day_kind(date(2026, 10, 4)).kind == "workday"


def test_iter_days_is_inclusive():
    days = list(OFFICE.iter_days(date(2026, 9, 30), date(2026, 10, 10)))
    assert [info.date.day for info in days] == [30, *range(1, 11)]
    assert [info.kind for info in days].count("holiday") == 7


def test_calendar_is_hashable_and_normalised():
    assert (
        WorkCalendar("office", weekly_hours={i: [("09:00", "18:00")] for i in range(5)}) == OFFICE
    )
    assert OFFICE.weekly_hours == OFFICE_HOURS
    assert len({OFFICE, WorkCalendar("office")}) == 1
    assert WorkCalendar("office", confirmed_years=frozenset({2027})) != OFFICE


@pytest.mark.parametrize(
    ("intervals", "errors"),
    [
        ([("09:00", "18:00")], []),
        ([("09:00", "12:00"), ("12:00", "18:00")], []),  # touching is not overlapping
        ([("00:00", "24:00")], []),
        ([("18:00", "09:00")], ["18:00–09:00 ends before it starts"]),
        ([("09:00", "09:00")], ["09:00–09:00 ends before it starts"]),
        ([("09:00", "25:00")], ["'25:00' is not a time HH:MM (00:00–24:00)"]),
        ([("9am", "18:00")], ["'9am' is not a time HH:MM (00:00–24:00)"]),
        ([("24:00", "24:00")], ["24:00–24:00 starts at 24:00"]),
        ([("13:00", "18:00"), ("09:00", "14:00")], ["09:00–14:00 overlaps 13:00–18:00"]),
        ([("09:00",)], ["('09:00',) is not a (start, end) pair"]),
    ],
)
def test_validate_intervals(intervals, errors):
    assert validate_intervals(intervals) == errors


def test_parse_weekly_hours():
    weekly = parse_weekly_hours({"0": [["13:00", "18:00"], ["09:00", "12:00"]], 6: []})
    assert weekly[0] == (("09:00", "12:00"), ("13:00", "18:00"))
    assert weekly[1:] == ((),) * 6


@pytest.mark.parametrize(
    ("weekly", "message"),
    [
        ({1: [("25:00", "12:00")]}, "Tue: '25:00' is not a time"),
        ({2: [("08:00", "12:00"), ("11:00", "13:00")]}, "Wed: 08:00–12:00 overlaps 11:00–13:00"),
        ({7: [("08:00", "12:00")]}, "7 is not a weekday 0–6"),
    ],
)
def test_parse_weekly_hours_rejects(weekly, message):
    with pytest.raises(ValueError, match=message):
        parse_weekly_hours(weekly)
    with pytest.raises(ValueError, match=message):
        WorkCalendar("bad", weekly_hours=weekly)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"source": "us"},
        {"timezone": "Mars/Olympus"},
        {"overrides": {date(2026, 1, 5): "party"}},
        {"overrides": {"not a date": "holiday"}},
        {"adjusted_workday_hours": (("18:00", "09:00"),)},
    ],
)
def test_bad_calendar_settings(kwargs):
    with pytest.raises(ValueError):
        WorkCalendar("bad", **kwargs)
