"""Pure rules of the document library: kinds, audiences, the review calendar (S20)."""

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

KINDS = (
    "system_config",
    "asset_documents",
    "device_list",
    "process",
    "regular_report",
    "manual",
)
# S20: device lists and regular reports are read live from the register and the report
# archive, never kept as copies that go stale
LIVE_KINDS = frozenset({"device_list", "regular_report"})
VISIBILITIES = ("staff", "client")
MAX_TITLE = 200
MAX_NOTE = 300
MAX_BODY = 200_000
MAX_REVIEW_MONTHS = 60
SOON_DAYS = 14
SHANGHAI = ZoneInfo("Asia/Shanghai")


def local_day(now: datetime) -> date:
    """The client's calendar day (Asia/Shanghai) at the instant `now`."""
    return now.astimezone(SHANGHAI).date()


def add_months(day: date, months: int) -> date:
    """The same day `months` later; a day the month lacks becomes its last (31 Jan + 1 → 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def next_review(reviewed_on: date, months: int) -> date:
    """When a document reviewed (or written) on `reviewed_on` is due again."""
    return add_months(reviewed_on, max(1, months))


def review_state(next_review_on: date | None, today: date, soon_days: int = SOON_DAYS) -> str:
    """overdue (the date has passed), soon (within `soon_days`), ok, or none (no date)."""
    if next_review_on is None:
        return "none"
    if today > next_review_on:
        return "overdue"
    if (next_review_on - today).days <= soon_days:
        return "soon"
    return "ok"


def readable(visibility: str, *, staff: bool) -> bool:
    """The vendor's staff read every document; the client's people only those shared."""
    return staff or visibility == "client"
