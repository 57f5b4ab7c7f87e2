"""Pure rules of the improvement log: sources, statuses, what a quarter's report lists."""

from datetime import date, datetime

from app import checks

SOURCES = ("meeting", "complaint", "problem", "survey", "other")
STATUSES = ("proposed", "in_progress", "done", "dropped")
MAX_TITLE = 200
MAX_TEXT = 10000


def text_refusal(value: str, limit: int = MAX_TEXT) -> str | None:
    return checks.text_refusal(value, limit)


def in_period(
    status: str, created_at: datetime, done_at: datetime | None, start: datetime, end: datetime
) -> bool:
    """A report of [start, end) lists the items that existed in it and were not finished
    before it began: open ones made before its end, and ones done within it."""
    if created_at >= end:
        return False
    if status == "done":
        return done_at is not None and done_at >= start
    return status != "dropped"


def is_late(status: str, target_on: date | None, today: date) -> bool:
    return status in ("proposed", "in_progress") and target_on is not None and target_on < today
