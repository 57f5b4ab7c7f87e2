"""Calendars over the API (API.md, Calendars): days, due instants and elapsed service time."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from flask import jsonify, request

from app.accounts.roles import EVERYONE
from app.api import bp, openapi
from app.api.common import ApiError, actor, parse_time, validation_error
from app.clocks import store
from app.clocks.calendar import WorkCalendar
from app.clocks.clock import MAX_MINUTES, due, elapsed_seconds
from app.extensions import CALENDAR_YEARS
from app.web.access import allow
from app.web.i18n import iso

DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_RANGE_YEARS = 3
MAX_SPAN = timedelta(minutes=MAX_MINUTES)  # ten years


def schedule(calendar: WorkCalendar) -> dict[str, list[list[str]]]:
    """Weekly hours by weekday key: {"mon": [["09:00", "18:00"]], …, "sun": []}."""
    return {
        key: [list(pair) for pair in hours]
        for key, hours in zip(DAY_KEYS, calendar.weekly_hours, strict=True)
    }


def calendar_or_404(name: str) -> WorkCalendar:
    found = store.calendars().get(name)
    if found is None:
        raise ApiError(404, f"No calendar {name!r}.", "not_found")
    return found


def required(name: str) -> str:
    value = request.args.get(name, "").strip()
    if not value:
        raise validation_error({name: "Required."})
    return value


def day_arg(name: str) -> date:
    try:
        day = date.fromisoformat(required(name))
    except ValueError:
        raise validation_error({name: "Not a date YYYY-MM-DD."}) from None
    if day.year not in CALENDAR_YEARS:
        raise validation_error({name: "Between the years 1900 and 2100."})
    return day


def time_arg(name: str) -> datetime:
    """An ISO 8601 instant; without an offset it is Asia/Shanghai time."""
    text = required(name)
    if "T" in text and " " in text:
        text = text.replace(" ", "+")  # an unencoded "+08:00" arrives as " 08:00"
    at = parse_time(text, name)
    if at.year not in CALENDAR_YEARS:
        raise validation_error({name: "Between the years 1900 and 2100."})
    return at


@bp.get("/calendars")
@allow(EVERYONE)
def list_calendars():
    """Every calendar with its time zone and weekly hours; `office` is the contract's."""
    actor()
    return jsonify(
        [
            {"name": name, "timezone": found.timezone, "schedule": schedule(found)}
            for name, found in sorted(store.calendars().items())
        ]
    )


@bp.get("/calendars/<name>/days")
@allow(EVERYONE)
def calendar_days(name: str):
    """Each date from `from` to `to` (both included, at most three years): kind, name, hours."""
    actor()
    found = calendar_or_404(name)
    first, last = day_arg("from"), day_arg("to")
    if first > last:
        raise validation_error({"to": "`to` is before `from`."})
    try:
        limit = first.replace(year=first.year + MAX_RANGE_YEARS)
    except ValueError:  # 29 February
        limit = first + timedelta(days=365 * MAX_RANGE_YEARS + 1)
    if last >= limit:
        raise validation_error({"to": f"At most {MAX_RANGE_YEARS} years from `from`."})
    return jsonify(
        [
            {
                "date": info.date.isoformat(),
                "kind": info.kind,
                "name": info.name,
                "hours": [list(pair) for pair in info.hours],
            }
            for info in found.iter_days(first, last)
        ]
    )


@bp.get("/calendars/<name>/due")
@allow(EVERYONE)
def calendar_due(name: str):
    """The instant when `minutes` of service time have passed since `start`."""
    actor()
    found = calendar_or_404(name)
    start = time_arg("start")
    text = required("minutes")
    try:
        minutes = float(text)
    except ValueError:
        raise validation_error({"minutes": "A number of minutes."}) from None
    if not math.isfinite(minutes) or minutes < 0:
        raise validation_error({"minutes": "Must be zero or more."})
    if minutes > MAX_MINUTES:
        raise validation_error({"minutes": f"At most {MAX_MINUTES} (ten years)."})
    number = int(minutes) if minutes.is_integer() else minutes
    try:
        at = due(found, start, number)
    except ValueError as error:  # a calendar with (almost) no service time
        raise validation_error({"minutes": str(error)}) from None
    return jsonify({"start": iso(start), "minutes": number, "due_at": iso(at)})


@bp.get("/calendars/<name>/elapsed")
@allow(EVERYONE)
def calendar_elapsed(name: str):
    """Minutes of service time between `start` and `end`."""
    actor()
    found = calendar_or_404(name)
    start, end = time_arg("start"), time_arg("end")
    if end < start:
        raise validation_error({"end": "`end` is before `start`."})
    if end - start > MAX_SPAN:
        raise validation_error({"end": "At most ten years after `start`."})
    seconds = elapsed_seconds(found, start, end)
    minutes = seconds // 60 if seconds % 60 == 0 else round(seconds / 60, 4)
    return jsonify({"minutes": minutes})


NAME = openapi.path_param("name")
openapi.add(
    "/api/v1/calendars",
    get=openapi.op("Calendars with their time zone and weekly hours"),
)
openapi.add(
    "/api/v1/calendars/{name}/days",
    get=openapi.op(
        "Each date's kind (workday, weekend, holiday, adjusted_workday), name and hours",
        params=(
            NAME,
            openapi.query("from", "First date, YYYY-MM-DD", {"type": "string", "format": "date"}),
            openapi.query(
                "to", "Last date, at most 3 years on", {"type": "string", "format": "date"}
            ),
        ),
        errors=(400, 404),
    ),
)
openapi.add(
    "/api/v1/calendars/{name}/due",
    get=openapi.op(
        "When N minutes of service time have passed",
        params=(
            NAME,
            openapi.query("start", "ISO 8601; no offset = Asia/Shanghai", {"type": "string"}),
            openapi.query("minutes", "0 to 5,256,000", {"type": "number", "minimum": 0}),
        ),
        errors=(400, 404),
    ),
)
openapi.add(
    "/api/v1/calendars/{name}/elapsed",
    get=openapi.op(
        "Minutes of service time between two instants",
        params=(
            NAME,
            openapi.query("start", "ISO 8601; no offset = Asia/Shanghai", {"type": "string"}),
            openapi.query("end", "ISO 8601, not before start", {"type": "string"}),
        ),
        errors=(400, 404),
    ),
)
