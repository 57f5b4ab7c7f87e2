"""The contract's working calendars, as the SLA engine uses them: stored rows over defaults.

Reads are cached per request (flask.g); writes flush, never commit, and drop the cache.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask import g, has_app_context

from app.audit.services import changes, record
from app.clocks.calendar import (
    ALWAYS_HOURS,
    OFFICE_HOURS,
    WEEKDAY_NAMES,
    DayHours,
    Override,
    WeeklyHours,
    WorkCalendar,
)
from app.clocks.models import CalendarDefinition, CalendarOverride, HolidayDate, HolidayYear
from app.extensions import CALENDAR_YEARS, db, utcnow

OFFICE = "office"
EXTENDED = "extended"
# A long-running worker keeps one application context: reload after this many seconds.
CACHE_SECONDS = 30
OVERRIDE_KINDS = ("holiday", "workday", "adjusted_workday")
YEAR_KINDS = ("holiday", "adjusted_workday")
_PROBE = WorkCalendar("statutory")  # China's statutory days as the package ships them


@dataclass(frozen=True)
class Definition:
    """A calendar's stored settings (or its built-in defaults), as the edit form shows them."""

    name: str
    timezone: str
    weekly_hours: WeeklyHours
    source: str
    adjusted_workday_hours: DayHours | None
    stored: bool


DEFAULTS = {
    OFFICE: Definition(OFFICE, "Asia/Shanghai", OFFICE_HOURS, "cn", None, False),
    # S2: outside office hours "as the client requires"; 7×24 until the manager says otherwise.
    EXTENDED: Definition(EXTENDED, "Asia/Shanghai", ALWAYS_HOURS, "none", None, False),
}


class CalendarError(ValueError):
    """Input that cannot be stored as a calendar setting; `fields` names the culprits."""

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.fields = fields or {}


def calendars() -> dict[str, WorkCalendar]:
    """Every defined calendar by name: stored rows, else office hours and 7×24 extended."""
    if not has_app_context():
        return _load()
    cached = g.get("sla_calendars")
    if cached is None or time.monotonic() - cached[0] > CACHE_SECONDS:
        cached = (time.monotonic(), _load())
        g.sla_calendars = cached
    return cached[1]


def invalidate() -> None:
    """Forget the cached calendars (after a write, or at the start of a worker job)."""
    if has_app_context():
        g.pop("sla_calendars", None)


def definitions() -> dict[str, Definition]:
    """Every calendar's settings by name, built-in defaults first."""
    found = dict(DEFAULTS)
    for row in db.session.scalars(sa.select(CalendarDefinition).order_by(CalendarDefinition.name)):
        found[row.name] = _definition(row)
    return found


def _definition(row: CalendarDefinition) -> Definition:
    weekly = tuple(
        tuple(tuple(pair) for pair in row.weekly_hours.get(str(day), ())) for day in range(7)
    )
    adjusted = row.adjusted_workday_hours
    return Definition(
        row.name,
        row.timezone,
        weekly,
        row.source,
        None if adjusted is None else tuple(tuple(pair) for pair in adjusted),
        True,
    )


def confirmed_years() -> frozenset[int]:
    """Years whose holiday schedule a manager entered and confirmed."""
    return frozenset(db.session.scalars(sa.select(HolidayYear.year)))


def _load() -> dict[str, WorkCalendar]:
    """Build the calendars from four small tables (a handful of queries, once per request)."""
    years = confirmed_years()
    national = [
        (row.day, row.kind, row.name or None)
        for row in db.session.scalars(sa.select(HolidayDate).order_by(HolidayDate.day))
    ]
    overrides: dict[str, list[Override]] = {}
    for row in db.session.scalars(sa.select(CalendarOverride).order_by(CalendarOverride.day)):
        overrides.setdefault(row.calendar, []).append((row.day, row.kind, row.name or None))
    result = {}
    for name, spec in definitions().items():
        merged: dict[date, Override] = {}
        if spec.source == "cn":
            merged.update(_package_days_left_out(spec.weekly_hours, years, national))
            merged.update({item[0]: item for item in national})
        merged.update({item[0]: item for item in overrides.get(name, [])})
        result[name] = WorkCalendar(
            name,
            timezone=spec.timezone,
            weekly_hours=spec.weekly_hours,
            overrides=tuple(merged.values()),
            confirmed_years=years,
            source=spec.source,
            adjusted_workday_hours=spec.adjusted_workday_hours,
        )
    return result


def _package_days_left_out(
    weekly: WeeklyHours, years: Iterable[int], national: list[Override]
) -> dict[date, Override]:
    """A confirmed year is the whole truth: package days it leaves out become ordinary days."""
    listed = {item[0] for item in national}
    plain: dict[date, Override] = {}
    for year in years:
        for day, _, _ in package_schedule(year):
            if day not in listed:
                kind = "workday" if weekly[day.weekday()] else "weekend"
                plain[day] = (day, kind, None)
    return plain


def package_schedule(year: int) -> list[Override]:
    """The year's holidays and adjusted working days as chinesecalendar ships them ([] if none)."""
    if not package_has(year):
        return []
    days = _PROBE.iter_days(date(year, 1, 1), date(year, 12, 31))
    return [(d.date, d.kind, d.name) for d in days if d.kind in YEAR_KINDS]


def confirmed_schedule(year: int) -> list[Override]:
    """The year's schedule as a manager confirmed it ([] if not confirmed)."""
    rows = db.session.scalars(
        sa.select(HolidayDate).where(HolidayDate.year == year).order_by(HolidayDate.day)
    )
    return [(row.day, row.kind, row.name or None) for row in rows]


def holiday_year(year: int) -> HolidayYear | None:
    """The confirmed year's row (who confirmed it, from which notice), or None."""
    return db.session.get(HolidayYear, year)


def package_has(year: int) -> bool:
    """Whether chinesecalendar ships this year's statutory schedule."""
    return not _PROBE.missing_years([year])


def year_status(year: int) -> str:
    """`confirmed` (a manager's list), `package` (chinesecalendar) or `missing`."""
    if year in confirmed_years():
        return "confirmed"
    return "package" if package_has(year) else "missing"


def missing_years(years: Iterable[int]) -> list[int]:
    """Years some calendar treats as plain weekdays because no holiday schedule is known."""
    found: set[int] = set()
    for calendar in calendars().values():
        found.update(calendar.missing_years(years))
    return sorted(found)


def save_definition(name: str, values: dict, *, actor) -> CalendarDefinition:
    """Create or change a calendar's time zone, weekly hours, source and 调休 hours."""
    weekly = values["weekly_hours"]
    adjusted = values.get("adjusted_workday_hours")
    # The pure calendar validates every part; a bad setting never reaches the table.
    try:
        WorkCalendar(
            name,
            timezone=values["timezone"],
            weekly_hours=weekly,
            source=values["source"],
            adjusted_workday_hours=adjusted,
        )
    except ValueError as error:
        raise CalendarError(str(error)) from None
    if not any(weekly):
        raise CalendarError("A calendar needs working hours on at least one weekday.")
    row = db.session.scalar(sa.select(CalendarDefinition).where(CalendarDefinition.name == name))
    stored = {
        "timezone": values["timezone"],
        "weekly_hours": {str(day): [list(pair) for pair in weekly[day]] for day in range(7)},
        "source": values["source"],
        "adjusted_workday_hours": None if adjusted is None else [list(p) for p in adjusted],
    }
    if row is None:
        row = CalendarDefinition(name=name)
        db.session.add(row)
    changed = changes(row, stored)
    for key, value in stored.items():
        setattr(row, key, value)
    row.updated_at = utcnow()
    db.session.flush()
    record(actor, "calendar.save", row, {"name": name, **changed})
    invalidate()
    return row


def set_override(calendar: str, day: date, working: bool, name: str, *, actor) -> CalendarOverride:
    """Make a date a holiday or a working day on one calendar; the manager's word wins."""
    definition = definitions().get(calendar)
    if definition is None:
        raise CalendarError(f"No calendar {calendar!r}.")
    if day.year not in CALENDAR_YEARS:
        raise CalendarError("Choose a date between 1900 and 2100.", {"day": "Out of range."})
    if working:
        # a working weekend day is an adjusted working day (调休), as the State Council says
        kind = "workday" if definition.weekly_hours[day.weekday()] else "adjusted_workday"
    else:
        kind = "holiday"
    row = db.session.scalar(
        sa.select(CalendarOverride).where(
            CalendarOverride.calendar == calendar, CalendarOverride.day == day
        )
    )
    if row is None:
        row = CalendarOverride(calendar=calendar, day=day)
        db.session.add(row)
    row.kind, row.name = kind, name.strip()[:100]
    row.created_by_id = getattr(actor, "id", None)
    row.created_at = utcnow()
    db.session.flush()
    record(
        actor,
        "calendar.override",
        row,
        {"calendar": calendar, "day": day.isoformat(), "kind": kind, "name": row.name},
    )
    invalidate()
    return row


def remove_override(calendar: str, day: date, *, actor) -> bool:
    """Drop a manager's override: the date follows the statutory source again."""
    row = db.session.scalar(
        sa.select(CalendarOverride).where(
            CalendarOverride.calendar == calendar, CalendarOverride.day == day
        )
    )
    if row is None:
        return False
    record(
        actor,
        "calendar.override_removed",
        row,
        {"calendar": calendar, "day": day.isoformat(), "kind": row.kind, "name": row.name},
    )
    db.session.delete(row)
    db.session.flush()
    invalidate()
    return True


def overrides_of(calendar: str) -> list[CalendarOverride]:
    """A calendar's overrides, by date."""
    return list(
        db.session.scalars(
            sa.select(CalendarOverride)
            .where(CalendarOverride.calendar == calendar)
            .order_by(CalendarOverride.day)
        )
    )


def confirm_year(
    year: int, days: list[Override], *, actor, source: str = "", source_url: str = ""
) -> HolidayYear:
    """Store a year's State Council schedule as the truth for that year on every `cn` calendar,
    with the official notice it was taken from."""
    errors = [f"{day} is not in {year}" for day, _, _ in days if day.year != year]
    errors += [
        f"{day}: {kind!r} is not one of {', '.join(YEAR_KINDS)}"
        for day, kind, _ in days
        if kind not in YEAR_KINDS
    ]
    if len({day for day, _, _ in days}) != len(days):
        errors.append("a date is listed twice")
    if errors:
        raise CalendarError("; ".join(errors))
    db.session.execute(sa.delete(HolidayDate).where(HolidayDate.year == year))
    for day, kind, name in days:
        db.session.add(HolidayDate(day=day, year=year, kind=kind, name=(name or "")[:100]))
    row = db.session.get(HolidayYear, year)
    if row is None:
        row = HolidayYear(year=year)
        db.session.add(row)
    row.confirmed_by_id = getattr(actor, "id", None)
    row.confirmed_at = utcnow()
    row.source, row.source_url = source.strip()[:300], source_url.strip()[:500]
    db.session.flush()
    holidays = sum(1 for _, kind, _ in days if kind == "holiday")
    record(
        actor,
        "calendar.year_confirmed",
        row,
        {
            "year": year,
            "holidays": holidays,
            "adjusted_workdays": len(days) - holidays,
            "source": row.source,
            "source_url": row.source_url,
        },
    )
    invalidate()
    return row


def preview(year: int, days: list[Override]) -> WorkCalendar:
    """The office calendar as it would be with this schedule confirmed for the year."""
    office = definitions()[OFFICE]
    merged = _package_days_left_out(office.weekly_hours, [year], days)
    merged.update({item[0]: item for item in days})
    return WorkCalendar(
        f"{OFFICE}-{year}-preview",
        timezone=office.timezone,
        weekly_hours=office.weekly_hours,
        overrides=tuple(merged.values()),
        confirmed_years=confirmed_years() | {year},
        source="cn",
        adjusted_workday_hours=office.adjusted_workday_hours,
    )


def month_days(calendar: WorkCalendar, year: int, month: int):
    """The weeks of a month view, Monday first; days outside the month are None."""
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    start = first - timedelta(days=first.weekday())
    weeks, day = [], start
    while day < following:
        week = []
        for _ in range(7):
            week.append(calendar.day_kind(day) if first <= day < following else None)
            day += timedelta(days=1)
        weeks.append(week)
    return weeks


__all__ = ["WEEKDAY_NAMES", "calendars", "invalidate", "CalendarError"]
