"""Service-time arithmetic on a working calendar, exact to the second. Pure: no Flask, no DB."""

from __future__ import annotations

import functools
import math
from bisect import bisect_left, bisect_right
from datetime import UTC, date, datetime, timedelta

from app.clocks.calendar import WorkCalendar, time_minutes

MAX_MINUTES = 5_256_000  # ten years: anything longer is a typing error, not a target
MAX_SECONDS = MAX_MINUTES * 60
# Years of calendar searched before giving up on a calendar with (almost) no service time.
_MAX_SPAN_YEARS = 64
_MEAN_YEAR = 31_556_952  # seconds in a mean Gregorian year


class _Timeline:
    """Merged working intervals of a span of years as epoch seconds, with a prefix sum."""

    __slots__ = ("starts", "ends", "before")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        # before[i]: service seconds in all intervals ahead of interval i.
        self.before: list[int] = [0]
        for start, end in spans:
            if self.ends and start <= self.ends[-1]:
                # Touching intervals (split shifts, midnight of a 7x24 week) make one.
                self.before[-1] += max(end, self.ends[-1]) - self.ends[-1]
                self.ends[-1] = max(end, self.ends[-1])
                continue
            self.starts.append(start)
            self.ends.append(end)
            self.before.append(self.before[-1] + end - start)

    def position(self, at: int) -> int:
        """Service seconds between the timeline's start and the instant at."""
        i = bisect_right(self.ends, at)
        if i == len(self.ends):
            return self.before[i]
        return self.before[i] + max(0, at - self.starts[i])

    def due(self, at: int, seconds: int) -> int | None:
        """The first instant ≥ at with `seconds` of service time since at; None past the span."""
        i = bisect_right(self.ends, at)
        if i == len(self.ends):
            return None
        if seconds == 0:
            return max(at, self.starts[i])
        target = self.before[i] + max(0, at - self.starts[i]) + seconds
        j = bisect_left(self.before, target, i) - 1
        if j >= len(self.starts):
            return None
        return self.starts[j] + target - self.before[j]


@functools.lru_cache(maxsize=256)
def _year_spans(calendar: WorkCalendar, year: int) -> tuple[tuple[int, int], ...]:
    """Working intervals of one local calendar year as (start, end) epoch seconds."""
    tz = calendar.tz
    spans: list[tuple[int, int]] = []
    for info in calendar.iter_days(date(year, 1, 1), date(year, 12, 31)):
        midnight = datetime(info.date.year, info.date.month, info.date.day)
        for start, end in info.hours:
            begin = midnight + timedelta(minutes=time_minutes(start))
            finish = midnight + timedelta(minutes=time_minutes(end))
            lo = int(begin.replace(tzinfo=tz).timestamp())
            hi = int(finish.replace(tzinfo=tz).timestamp())
            if spans and lo < spans[-1][1]:
                lo = spans[-1][1]  # a DST shift may fold local hours onto each other
            if hi > lo:
                spans.append((lo, hi))
    return tuple(spans)


@functools.lru_cache(maxsize=128)
def _timeline(calendar: WorkCalendar, first_year: int, last_year: int) -> _Timeline:
    """The timeline of local years first_year..last_year, both included."""
    spans: list[tuple[int, int]] = []
    for year in range(first_year, last_year + 1):
        spans.extend(_year_spans(calendar, year))
    return _Timeline(spans)


def _epoch(at: datetime, label: str = "datetime") -> int:
    """Whole epoch seconds of an aware datetime (sub-second parts dropped)."""
    if not isinstance(at, datetime) or at.tzinfo is None:
        raise ValueError(f"{label} must be a timezone-aware datetime, got {at!r}")
    return math.floor(at.timestamp())


def _utc(seconds: int) -> datetime:
    """A UTC datetime from epoch seconds."""
    return datetime.fromtimestamp(seconds, UTC)


def _year(seconds: int) -> int:
    """Roughly the year of an epoch instant: off by at most one, as is the local year."""
    return 1970 + seconds // _MEAN_YEAR


def _span(first: int, last: int) -> tuple[int, int]:
    """Years clamped to what datetime can represent."""
    return max(first, 2), min(last, 9998)


def _check_seconds(seconds: int) -> int:
    """The duration itself, or ValueError if it is not a whole, sane number of seconds."""
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        raise ValueError(f"seconds must be an integer, got {seconds!r}")
    if seconds < 0:
        raise ValueError(f"service time must not be negative, got {seconds} s")
    if seconds > MAX_SECONDS:
        raise ValueError(f"service time must be at most {MAX_MINUTES} minutes (10 years)")
    return seconds


def minutes_to_seconds(minutes: float) -> int:
    """Whole seconds of a duration in minutes; ValueError if negative, absurd or not a number."""
    if type(minutes) is int and 0 <= minutes <= MAX_MINUTES:
        return minutes * 60  # the common case, kept fast for dashboards
    if isinstance(minutes, bool) or not isinstance(minutes, (int, float)):
        raise ValueError(f"minutes must be a number, got {minutes!r}")
    if not math.isfinite(minutes) or minutes < 0:
        raise ValueError(f"minutes must be a finite number ≥ 0, got {minutes!r}")
    if minutes > MAX_MINUTES:
        raise ValueError(f"minutes must be at most {MAX_MINUTES} (10 years), got {minutes!r}")
    return round(minutes * 60)


def _due_epoch(calendar: WorkCalendar, at: int, seconds: int) -> int:
    """Epoch instant when `seconds` of service time have passed from epoch `at`."""
    first = _year(at) - 2
    span = 4  # covers the start's year and the next, whatever the zone
    while True:
        timeline = _timeline(calendar, *_span(first, first + span))
        result = timeline.due(at, seconds)
        if result is not None:
            return result
        if span >= _MAX_SPAN_YEARS or first + span >= 9998:
            raise ValueError(
                f"calendar {calendar.name!r} has less than {seconds // 60} service minutes "
                f"in the {span} years after {_utc(at).isoformat()}"
            )
        span *= 2


def due_seconds(calendar: WorkCalendar, start: datetime, seconds: int) -> datetime:
    """UTC instant when `seconds` of service time have passed since start."""
    return _utc(_due_epoch(calendar, _epoch(start, "start"), _check_seconds(seconds)))


def due(calendar: WorkCalendar, start: datetime, minutes: float) -> datetime:
    """UTC instant when `minutes` of service time have passed since start.

    Counting begins at the next service instant; 0 minutes gives that instant itself.
    """
    return _utc(_due_epoch(calendar, _epoch(start, "start"), minutes_to_seconds(minutes)))


def elapsed_seconds(calendar: WorkCalendar, start: datetime, end: datetime) -> int:
    """Whole seconds of service time in [start, end); 0 if end is not after start."""
    lo, hi = _epoch(start, "start"), _epoch(end, "end")
    if hi <= lo:
        return 0
    timeline = _timeline(calendar, *_span(_year(lo) - 2, _year(hi) + 2))
    return timeline.position(hi) - timeline.position(lo)


def elapsed(calendar: WorkCalendar, start: datetime, end: datetime) -> float:
    """Minutes of service time in [start, end); 0 if end is not after start."""
    return elapsed_seconds(calendar, start, end) / 60


def next_service_instant(calendar: WorkCalendar, at: datetime) -> datetime:
    """At itself if it is service time, else the start of the next working interval (UTC)."""
    return due_seconds(calendar, at, 0)


def is_service_time(calendar: WorkCalendar, at: datetime) -> bool:
    """Whether at falls inside a working interval (start included, end excluded)."""
    moment = _epoch(at, "at")
    timeline = _timeline(calendar, *_span(_year(moment) - 2, _year(moment) + 2))
    i = bisect_right(timeline.ends, moment)
    return i < len(timeline.ends) and timeline.starts[i] <= moment


def resumes_at(calendar: WorkCalendar, at: datetime) -> datetime | None:
    """None during service time; outside it, when the next working interval starts."""
    return None if is_service_time(calendar, at) else next_service_instant(calendar, at)


def service_interval_end(calendar: WorkCalendar, at: datetime) -> datetime | None:
    """The end of the working interval `at` falls in (UTC); None outside service time."""
    moment = _epoch(at, "at")
    timeline = _timeline(calendar, *_span(_year(moment) - 2, _year(moment) + 2))
    i = bisect_right(timeline.ends, moment)
    if i < len(timeline.ends) and timeline.starts[i] <= moment:
        return _utc(timeline.ends[i])
    return None


def service_intervals(
    calendar: WorkCalendar, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """The working intervals inside [start, end), clipped to it, in UTC."""
    lo, hi = _epoch(start, "start"), _epoch(end, "end")
    if hi <= lo:
        return []
    timeline = _timeline(calendar, *_span(_year(lo) - 2, _year(hi) + 2))
    found = []
    for i in range(bisect_right(timeline.ends, lo), len(timeline.starts)):
        if timeline.starts[i] >= hi:
            break
        found.append((_utc(max(lo, timeline.starts[i])), _utc(min(hi, timeline.ends[i]))))
    return found
