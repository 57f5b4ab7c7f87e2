"""Working calendars: which days are worked, and which hours of them (S2). Pure: no Flask, no DB."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import chinese_calendar

Interval = tuple[str, str]
DayHours = tuple[Interval, ...]
WeeklyHours = tuple[DayHours, ...]
Override = tuple[date, str, str | None]

KINDS = ("workday", "weekend", "holiday", "adjusted_workday")
SOURCES = ("cn", "none")
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# S2: office hours are Monday–Friday 09:00–18:00.
OFFICE_HOURS: WeeklyHours = ((("09:00", "18:00"),),) * 5 + ((), ())
ALWAYS_HOURS: WeeklyHours = ((("00:00", "24:00"),),) * 7

_TIME = re.compile(r"^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$")


@dataclass(frozen=True)
class DayInfo:
    """What one date is on a calendar: its kind, the holiday's name and its working hours."""

    date: date
    kind: str
    name: str | None
    hours: DayHours


def time_minutes(text: str) -> int:
    """Minutes since midnight of an "HH:MM" time; "24:00" is the end of the day."""
    match = _TIME.match(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"{text!r} is not a time HH:MM (00:00–24:00)")
    return 1440 if text == "24:00" else int(match[1]) * 60 + int(match[2])


def validate_intervals(intervals: Iterable[object]) -> list[str]:
    """Human-readable errors for malformed, inverted or overlapping (start, end) intervals."""
    errors: list[str] = []
    parsed: list[tuple[int, int, str]] = []
    for item in intervals:
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            errors.append(f"{item!r} is not a (start, end) pair")
            continue
        start, end = item
        bounds = []
        for text in (start, end):
            try:
                bounds.append(time_minutes(text))
            except ValueError as exc:
                errors.append(str(exc))
        if len(bounds) != 2:
            continue
        label = f"{start}–{end}"
        if bounds[0] == 1440:
            errors.append(f"{label} starts at 24:00")
        elif bounds[1] <= bounds[0]:
            errors.append(f"{label} ends before it starts")
        else:
            parsed.append((bounds[0], bounds[1], label))
    parsed.sort()
    for (_, prev_end, prev_label), (start, _, label) in pairwise(parsed):
        if start < prev_end:
            errors.append(f"{prev_label} overlaps {label}")
    return errors


def _day_hours(intervals: Iterable[object], label: str) -> DayHours:
    """Validated intervals of one day, sorted by start; raises ValueError naming the day."""
    intervals = list(intervals)
    errors = validate_intervals(intervals)
    if errors:
        raise ValueError(f"{label}: " + "; ".join(errors))
    pairs = [(str(start), str(end)) for start, end in intervals]  # type: ignore[misc]
    return tuple(sorted(pairs, key=lambda pair: time_minutes(pair[0])))


def parse_weekly_hours(weekly: Mapping[int | str, Iterable[object]]) -> WeeklyHours:
    """Weekday (0=Mon..6=Sun, int or digit string from JSON) → intervals, as a 7-tuple."""
    days: list[DayHours] = [()] * 7
    errors: list[str] = []
    for key, intervals in weekly.items():
        weekday = int(key) if isinstance(key, str) and key.isdigit() else key
        if not isinstance(weekday, int) or isinstance(weekday, bool) or not 0 <= weekday <= 6:
            errors.append(f"{key!r} is not a weekday 0–6")
            continue
        try:
            days[weekday] = _day_hours(intervals, WEEKDAY_NAMES[weekday])
        except ValueError as exc:
            errors.append(str(exc))
    if errors:
        raise ValueError("; ".join(errors))
    return tuple(days)


def _parse_override(day: object, value: object) -> Override:
    """One manager override as (date, kind, name); value is a kind or a (kind, name) pair."""
    when = date.fromisoformat(day) if isinstance(day, str) else day
    if isinstance(when, datetime) or not isinstance(when, date):
        raise ValueError(f"override key {day!r} is not a date")
    parts = (value,) if isinstance(value, str) else tuple(value)  # type: ignore[arg-type]
    if not 1 <= len(parts) <= 2:
        raise ValueError(f"override {when}: expected a kind or a (kind, name) pair")
    kind, name = parts[0], parts[1] if len(parts) == 2 else None
    if kind not in KINDS:
        raise ValueError(f"override {when}: kind {kind!r} is not one of {', '.join(KINDS)}")
    return (when, kind, name or None)


@dataclass(frozen=True)
class WorkCalendar:
    """A named working calendar: weekly hours, statutory days from a source, manager overrides.

    Mappings given to the constructor (weekly_hours, overrides, JSON-style keys) are normalised
    to tuples so that the calendar is hashable and can key caches.
    """

    name: str
    timezone: str = "Asia/Shanghai"
    weekly_hours: WeeklyHours = OFFICE_HOURS
    overrides: tuple[Override, ...] = ()
    confirmed_years: frozenset[int] = frozenset()
    source: str = "cn"
    # None: adjusted working days (调休) work Monday's hours.
    adjusted_workday_hours: DayHours | None = None
    _overrides_by_date: dict[date, Override] = field(
        init=False, repr=False, compare=False, hash=False
    )
    _hash: int = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        weekly = self.weekly_hours
        if isinstance(weekly, Mapping):
            weekly = parse_weekly_hours(weekly)
        elif len(weekly) != 7:
            raise ValueError("weekly_hours needs 7 days, Monday first")
        else:
            weekly = tuple(_day_hours(day, WEEKDAY_NAMES[i]) for i, day in enumerate(weekly))
        overrides = self.overrides
        if isinstance(overrides, Mapping):
            overrides = [_parse_override(day, value) for day, value in overrides.items()]
        else:
            overrides = [_parse_override(item[0], item[1:]) for item in overrides]
        by_date = {item[0]: item for item in overrides}
        if len(by_date) != len(overrides):
            raise ValueError("a date is overridden twice")
        adjusted = self.adjusted_workday_hours
        if adjusted is not None:
            adjusted = _day_hours(adjusted, "adjusted_workday_hours")
        if self.source not in SOURCES:
            raise ValueError(f"source {self.source!r} is not one of {', '.join(SOURCES)}")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {self.timezone!r}") from exc
        set_ = functools.partial(object.__setattr__, self)
        set_("weekly_hours", weekly)
        set_("overrides", tuple(sorted(by_date.values())))
        set_("confirmed_years", frozenset(int(year) for year in self.confirmed_years))
        set_("adjusted_workday_hours", adjusted)
        set_("_overrides_by_date", by_date)
        # Calendars key per-year caches on every clock call: hash once, not per lookup.
        set_(
            "_hash",
            hash(
                (
                    self.name,
                    self.timezone,
                    self.weekly_hours,
                    self.overrides,
                    self.confirmed_years,
                    self.source,
                    self.adjusted_workday_hours,
                )
            ),
        )

    def __hash__(self) -> int:
        return self._hash

    @property
    def tz(self) -> ZoneInfo:
        """The calendar's time zone."""
        return ZoneInfo(self.timezone)

    def day_kind(self, day: date) -> DayInfo:
        """Kind, name and working hours of one date (cached per year)."""
        if isinstance(day, datetime):
            day = day.date()
        days = _year_days(self, day.year)
        return days[day.toordinal() - date(day.year, 1, 1).toordinal()]

    def iter_days(self, start: date, end: date) -> Iterator[DayInfo]:
        """DayInfo for every date from start to end, both included."""
        day = start
        while day <= end:
            yield self.day_kind(day)
            day += timedelta(days=1)

    def missing_years(self, years: Iterable[int]) -> list[int]:
        """Years whose holiday schedule is neither in the official source nor confirmed by hand."""
        if self.source == "none":
            return []
        return sorted(
            {year for year in years if year not in self.confirmed_years and not _has_cn(year)}
        )

    def _resolve(self, day: date) -> DayInfo:
        """Uncached resolution: overrides, then the official source, then the weekly hours."""
        weekday_hours = self.weekly_hours[day.weekday()]
        adjusted = self.adjusted_workday_hours
        if adjusted is None:
            adjusted = self.weekly_hours[0]
        special = self._overrides_by_date.get(day)
        if special is None and self.source == "cn":
            special = _cn_special(day)
        if special is None:
            kind = "workday" if weekday_hours else "weekend"
            return DayInfo(day, kind, None, weekday_hours)
        _, kind, name = special
        if kind in ("holiday", "weekend"):
            hours: DayHours = ()
        elif kind == "adjusted_workday":
            hours = adjusted
        else:
            # A workday override on a day off works like an adjusted working day.
            hours = weekday_hours or adjusted
        return DayInfo(day, kind, name, hours)


@functools.lru_cache(maxsize=256)
def _year_days(calendar: WorkCalendar, year: int) -> tuple[DayInfo, ...]:
    """Every DayInfo of one year, in date order."""
    first = date(year, 1, 1)
    count = (date(year + 1, 1, 1) - first).days if year < 9999 else 365
    return tuple(calendar._resolve(first + timedelta(days=i)) for i in range(count))


@functools.lru_cache(maxsize=64)
def _has_cn(year: int) -> bool:
    """Whether chinesecalendar ships the statutory schedule of this year."""
    try:
        chinese_calendar.get_holiday_detail(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def _cn_special(day: date) -> Override | None:
    """A statutory holiday or adjusted working day from chinesecalendar; None if ordinary."""
    if not _has_cn(day.year):
        return None  # no data yet: plain weekdays, and missing_years() warns
    is_holiday, name = chinese_calendar.get_holiday_detail(day)
    weekend = day.weekday() >= 5
    if is_holiday and (name or not weekend):
        return (day, "holiday", name)
    if not is_holiday and weekend:
        return (day, "adjusted_workday", name)
    return None
