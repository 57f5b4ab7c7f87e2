"""The change calendar: a month of planned windows, clashes on one asset highlighted (S15)."""

import calendar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import request

from app.accounts.roles import APPROVERS, STAFF
from app.changes import bp, queries, rules
from app.extensions import CALENDAR_YEARS, utcnow
from app.web.access import allow
from app.web.render import render

SHANGHAI = ZoneInfo("Asia/Shanghai")


def parse_month(value: str | None, today: date) -> date:
    """The month "YYYY-MM" names (years 1900–2100); this month for anything else."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if year in CALENDAR_YEARS:
            return date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def month_grid(first: date) -> list[list[date]]:
    """Weeks (Monday first) covering the month, as dates."""
    return calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, SHANGHAI)
    return start, start + timedelta(days=1)


def shift(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@bp.get("/changes/calendar")
@allow(STAFF | APPROVERS)
def month():
    """Planned windows of one month; changes clashing on an asset are marked."""
    today = utcnow().astimezone(SHANGHAI).date()
    first = parse_month(request.args.get("month"), today)
    weeks = month_grid(first)
    start, _ = day_bounds(weeks[0][0])
    _, end = day_bounds(weeks[-1][-1])
    changes = queries.in_window(start, end)
    windows = [
        rules.Window(c.id, c.planned_start, c.planned_end, frozenset(c.asset_tags or []))
        for c in changes
    ]
    clashing = rules.clashes(windows)
    days = {}
    for week in weeks:
        for day in week:
            low, high = day_bounds(day)
            days[day] = [c for c in changes if c.planned_start < high and c.planned_end > low]
    return render(
        "changes/calendar.html",
        "month",
        first=first,
        weeks=weeks,
        days=days,
        clashing=clashing,
        today=today,
        previous=shift(first, -1).strftime("%Y-%m"),
        following=shift(first, 1).strftime("%Y-%m"),
        changes=changes,
    )
