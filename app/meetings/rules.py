"""Pure rules of management meetings (S18): kinds, cadences, the schedule's next dates, and
when an action item is overdue. No Flask, no database: plain values in, values out."""

import calendar
from datetime import date, datetime, time

from app import checks

KINDS = ("service_review", "business_review")
CADENCES = {"monthly": 1, "quarterly": 3}
ACTION_STATUSES = ("open", "done", "dropped")
# the weekday's place in the month: 1st … 4th, or -1 for the last one
WEEKS = (1, 2, 3, 4, -1)
MAX_TEXT = 20000
MAX_NAME = 120


def is_overdue(due: date | None, status: str, today: date) -> bool:
    """An open item is overdue from the day after its due date; done or dropped never is."""
    return status == "open" and due is not None and due < today


def overdue_items(items, today: date) -> list:
    """The items (anything with .due_on and .status) overdue on `today`, oldest due first."""
    late = [item for item in items if is_overdue(item.due_on, item.status, today)]
    return sorted(late, key=lambda item: item.due_on)


def nth_weekday(year: int, month: int, weekday: int, week: int) -> date:
    """The `week`-th `weekday` (0 = Monday) of the month; week -1 is the last one."""
    days = calendar.monthrange(year, month)[1]
    matching = [d for d in range(1, days + 1) if date(year, month, d).weekday() == weekday]
    return date(year, month, matching[week - 1 if week > 0 else -1])


def next_dates(cadence: str, weekday: int, week: int, after: date, count: int) -> list[date]:
    """The next `count` meeting days on or after `after`: monthly every month, quarterly in
    the first month of each calendar quarter."""
    step = CADENCES[cadence]
    year, month = after.year, after.month
    if step > 1:
        month = month - (month - 1) % step
    found: list[date] = []
    while len(found) < count:
        day = nth_weekday(year, month, weekday, week)
        if day >= after:
            found.append(day)
        month += step
        if month > 12:
            year, month = year + 1, month - 12
    return found


def parse_clock(value: str) -> time | None:
    """'09:30' → 09:30; anything else None."""
    try:
        hours, minutes = (int(part) for part in value.split(":"))
        return time(hours, minutes)
    except (ValueError, AttributeError):
        return None


def time_refusal(starts_at: datetime | None, ends_at: datetime | None) -> str | None:
    """Why the meeting's times cannot be stored, or None."""
    if starts_at is None:
        return "required"
    if ends_at is not None and ends_at <= starts_at:
        return "end_before_start"
    return None


def text_refusal(value: str, limit: int = MAX_TEXT) -> str | None:
    return checks.text_refusal(value, limit)


def external_names(text: str) -> list[str]:
    """One external attendee per line (or separated by ; ，、), blanks dropped, order kept."""
    for separator in (";", "；", "，", "、"):
        text = text.replace(separator, "\n")
    names: list[str] = []
    for line in text.splitlines():
        name = line.strip()[:MAX_NAME]
        if name and name not in names:
            names.append(name)
    return names


def lines(text: str) -> list[str]:
    """Decisions: one per non-empty line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
