"""Service-time arithmetic: known cases, bad input, and properties over 2024–2027."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.clocks.calendar import ALWAYS_HOURS, WorkCalendar
from app.clocks.clock import (
    MAX_MINUTES,
    due,
    due_seconds,
    elapsed,
    elapsed_seconds,
    is_service_time,
    next_service_instant,
)

SH = ZoneInfo("Asia/Shanghai")
OFFICE = WorkCalendar("office")
SPLIT = WorkCalendar(
    "split", weekly_hours={i: [("09:00", "12:00"), ("13:00", "18:00")] for i in range(5)}
)
OVERRIDDEN = WorkCalendar(
    "office",
    overrides={
        date(2027, 1, 1): ("holiday", "New Year"),
        date(2026, 10, 12): ("holiday", "Company day"),
        date(2026, 10, 11): ("workday", "Stock-take"),
        date(2025, 5, 5): "weekend",
    },
    confirmed_years=frozenset({2027}),
)
EXTENDED = WorkCalendar("extended", source="none", weekly_hours=ALWAYS_HOURS)
# A zone with daylight saving, to keep the arithmetic honest about 23- and 25-hour days.
BERLIN = WorkCalendar(
    "berlin",
    timezone="Europe/Berlin",
    source="none",
    weekly_hours={i: [("00:00", "08:00"), ("08:00", "20:00")] for i in range(7)},
)
CALENDARS = [OFFICE, SPLIT, OVERRIDDEN, EXTENDED, BERLIN]


def sh(*parts: int) -> datetime:
    """A Shanghai wall-clock time."""
    return datetime(*parts, tzinfo=SH)


def berlin(*parts: int) -> datetime:
    """A Berlin wall-clock time."""
    return datetime(*parts, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.mark.parametrize(
    ("calendar", "start", "minutes", "expected"),
    [
        # Before National Day, 5 minutes left; next working day is Thursday 2026-10-08.
        (OFFICE, sh(2026, 9, 30, 17, 55), 10, sh(2026, 10, 8, 9, 5)),
        (OFFICE, sh(2026, 9, 30, 17, 55), 5, sh(2026, 9, 30, 18, 0)),
        # Across a weekend.
        (OFFICE, sh(2026, 3, 6, 17, 30), 60, sh(2026, 3, 9, 9, 30)),
        # Across the lunch break of a split schedule.
        (SPLIT, sh(2026, 3, 3, 11, 50), 20, sh(2026, 3, 3, 13, 10)),
        (SPLIT, sh(2026, 3, 3, 12, 30), 10, sh(2026, 3, 3, 13, 10)),
        # Across the year end: 2027 has no statutory data, so 1 January is a plain Friday…
        (OFFICE, sh(2026, 12, 31, 17, 0), 120, sh(2027, 1, 1, 10, 0)),
        # …unless a manager entered it as a holiday.
        (OVERRIDDEN, sh(2026, 12, 31, 17, 0), 120, sh(2027, 1, 4, 10, 0)),
        # Starting on a Sunday.
        (OFFICE, sh(2026, 3, 8, 10, 0), 30, sh(2026, 3, 9, 9, 30)),
        # Starting on the adjusted working Saturday before Spring Festival (back on 02-24).
        (OFFICE, sh(2026, 2, 14, 17, 50), 20, sh(2026, 2, 24, 9, 10)),
        (OFFICE, sh(2026, 10, 10, 8, 0), 0, sh(2026, 10, 10, 9, 0)),
        # Overrides: a company holiday on Monday, a working Sunday.
        (OVERRIDDEN, sh(2026, 10, 9, 17, 0), 120, sh(2026, 10, 10, 10, 0)),
        (OVERRIDDEN, sh(2026, 10, 10, 17, 0), 120, sh(2026, 10, 11, 10, 0)),
        (OVERRIDDEN, sh(2026, 10, 11, 17, 0), 120, sh(2026, 10, 13, 10, 0)),
        # Three business days of 9 hours.
        (OFFICE, sh(2026, 3, 4, 10, 0), 1620, sh(2026, 3, 9, 10, 0)),
        # Zero minutes: the next service instant.
        (OFFICE, sh(2026, 3, 3, 10, 0), 0, sh(2026, 3, 3, 10, 0)),
        (OFFICE, sh(2026, 3, 3, 18, 0), 0, sh(2026, 3, 4, 9, 0)),
        (OFFICE, sh(2026, 3, 3, 7, 0), 0, sh(2026, 3, 3, 9, 0)),
        # Fractions of a minute, to the second.
        (OFFICE, sh(2026, 3, 3, 17, 59, 50), 0.5, sh(2026, 3, 4, 9, 0, 20)),
        # 7x24: plain addition, across the year end.
        (EXTENDED, sh(2026, 12, 31, 23, 0), 180, sh(2027, 1, 1, 2, 0)),
    ],
)
def test_due_known_cases(calendar, start, minutes, expected):
    result = due(calendar, start, minutes)
    assert result == expected
    assert result.tzinfo is UTC
    assert due(calendar, start.astimezone(UTC), minutes) == expected


def test_national_day_case_matches_chinesecalendar():
    assert not any(chinese_calendar.is_workday(date(2026, 10, d)) for d in range(1, 8))
    assert chinese_calendar.is_workday(date(2026, 10, 8))


@pytest.mark.parametrize(
    ("calendar", "start", "end", "minutes"),
    [
        (OFFICE, sh(2026, 9, 30, 17, 55), sh(2026, 10, 8, 9, 5), 10),
        (OFFICE, sh(2026, 3, 6, 12, 0), sh(2026, 3, 9, 12, 0), 540),
        (SPLIT, sh(2026, 3, 3, 11, 0), sh(2026, 3, 3, 14, 0), 120),
        (OFFICE, sh(2026, 3, 3, 12, 0), sh(2026, 3, 3, 12, 0), 0),
        (OFFICE, sh(2026, 3, 3, 12, 0), sh(2026, 3, 3, 11, 0), 0),
        (OFFICE, sh(2026, 3, 3, 12, 0), sh(2026, 3, 3, 12, 0, 30), 0.5),
        (OFFICE, sh(2026, 10, 1, 0, 0), sh(2026, 10, 8, 0, 0), 0),
        (EXTENDED, sh(2026, 10, 1, 0, 0), sh(2026, 10, 8, 0, 0), 7 * 1440),
        # Berlin's clocks jump 02:00 → 03:00 on 29 March 2026 and back on 25 October.
        (BERLIN, berlin(2026, 3, 28), berlin(2026, 3, 29), 20 * 60),
        (BERLIN, berlin(2026, 3, 29), berlin(2026, 3, 30), 19 * 60),
        (BERLIN, berlin(2026, 10, 25), berlin(2026, 10, 26), 21 * 60),
    ],
)
def test_elapsed_known_cases(calendar, start, end, minutes):
    assert elapsed(calendar, start, end) == minutes


@pytest.mark.parametrize(
    ("at", "inside", "next_instant"),
    [
        (sh(2026, 3, 3, 9, 0), True, sh(2026, 3, 3, 9, 0)),
        (sh(2026, 3, 3, 17, 59, 59), True, sh(2026, 3, 3, 17, 59, 59)),
        (sh(2026, 3, 3, 18, 0), False, sh(2026, 3, 4, 9, 0)),
        (sh(2026, 10, 3, 10, 0), False, sh(2026, 10, 8, 9, 0)),
        (sh(2026, 10, 10, 10, 0), True, sh(2026, 10, 10, 10, 0)),
    ],
)
def test_service_time(at, inside, next_instant):
    assert is_service_time(OFFICE, at) is inside
    assert next_service_instant(OFFICE, at) == next_instant


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        (-1, "finite number ≥ 0"),
        (float("nan"), "finite number ≥ 0"),
        (float("inf"), "finite number ≥ 0"),
        (MAX_MINUTES + 1, "at most 5256000"),
        (True, "must be a number"),
        ("10", "must be a number"),
    ],
)
def test_due_rejects_bad_minutes(minutes, message):
    with pytest.raises(ValueError, match=message):
        due(OFFICE, sh(2026, 3, 3, 9, 0), minutes)


def test_due_accepts_ten_years():
    assert due(EXTENDED, sh(2026, 1, 1), MAX_MINUTES) == sh(2026, 1, 1) + timedelta(
        minutes=MAX_MINUTES
    )


def test_naive_datetimes_are_rejected():
    with pytest.raises(ValueError, match="timezone-aware"):
        due(OFFICE, datetime(2026, 3, 3, 9, 0), 5)
    with pytest.raises(ValueError, match="timezone-aware"):
        elapsed(OFFICE, sh(2026, 3, 3, 9, 0), datetime(2026, 3, 3, 10, 0))


def test_calendar_without_service_time():
    never = WorkCalendar("never", source="none", weekly_hours={})
    with pytest.raises(ValueError, match="less than 1 service minutes"):
        due(never, sh(2026, 3, 3), 1)
    assert elapsed(never, sh(2026, 3, 3), sh(2026, 4, 3)) == 0


# Properties, in whole seconds.

FIRST = datetime(2024, 1, 1, tzinfo=UTC)
SPAN = int((datetime(2028, 1, 1, tzinfo=UTC) - FIRST).total_seconds())
THIRTY_DAYS = 30 * 9 * 3600
ZONES = [SH, UTC, ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata")]

starts = st.builds(
    lambda offset, zone: (FIRST + timedelta(seconds=offset)).astimezone(zone),
    st.integers(0, SPAN - 1),
    st.sampled_from(ZONES),
)
durations = st.integers(0, THIRTY_DAYS)
calendars = st.sampled_from(CALENDARS)
PROPERTY = settings(max_examples=300, deadline=None, database=None)


def reference_elapsed(calendar: WorkCalendar, start: datetime, end: datetime) -> int:
    """Service seconds in [start, end), day by day with plain datetime arithmetic."""
    tz = calendar.tz
    total = 0
    first = start.astimezone(tz).date() - timedelta(days=1)
    last = end.astimezone(tz).date() + timedelta(days=1)
    for info in calendar.iter_days(first, last):
        for begin, finish in info.hours:
            lo = datetime.combine(info.date, datetime.min.time(), tz)
            hi = lo
            lo += timedelta(hours=int(begin[:2]), minutes=int(begin[3:]))
            hi += timedelta(hours=int(finish[:2]), minutes=int(finish[3:]))
            lo_utc, hi_utc = lo.astimezone(UTC), hi.astimezone(UTC)
            overlap = min(hi_utc, end) - max(lo_utc, start)
            total += max(0, int(overlap.total_seconds()))
    return total


@PROPERTY
@given(calendars, starts, durations)
def test_elapsed_of_due_is_the_duration(calendar, start, seconds):
    assert elapsed_seconds(calendar, start, due_seconds(calendar, start, seconds)) == seconds


@PROPERTY
@given(calendars, starts, durations, st.integers(1, THIRTY_DAYS))
def test_due_is_additive(calendar, start, first, second):
    middle = due_seconds(calendar, start, first)
    assert due_seconds(calendar, middle, second) == due_seconds(calendar, start, first + second)


@PROPERTY
@given(calendars, starts, durations, durations)
def test_due_is_monotonic(calendar, start, first, extra):
    assert due_seconds(calendar, start, first) <= due_seconds(calendar, start, first + extra)
    assert due_seconds(calendar, start, first) >= start


@PROPERTY
@given(calendars, starts, st.integers(1, THIRTY_DAYS))
def test_due_lands_in_service_time(calendar, start, seconds):
    result = due_seconds(calendar, start, seconds)
    # Inside or at the end of a working interval: the second before it is service time.
    assert is_service_time(calendar, result - timedelta(seconds=1))


@PROPERTY
@given(calendars, starts)
def test_zero_is_the_next_service_instant(calendar, start):
    result = due_seconds(calendar, start, 0)
    assert is_service_time(calendar, result)
    assert elapsed_seconds(calendar, start.replace(microsecond=0), result) == 0
    assert (result == start) is is_service_time(calendar, start)


@PROPERTY
@given(calendars, starts, st.integers(0, 60 * 86400), st.integers(0, 60 * 86400))
def test_elapsed_matches_day_by_day_reference(calendar, start, length, cut):
    end = start + timedelta(seconds=length)
    middle = start + timedelta(seconds=min(cut, length))
    total = elapsed_seconds(calendar, start, end)
    assert total == reference_elapsed(calendar, start, end)
    assert total == elapsed_seconds(calendar, start, middle) + elapsed_seconds(
        calendar, middle, end
    )
