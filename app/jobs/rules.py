"""Pure rules of background jobs: their states and what a person may do in each."""

from datetime import datetime, timedelta

STATUSES = ("queued", "running", "done", "failed", "cancelled")
FINISHED = frozenset({"done", "failed", "cancelled"})


def is_finished(status: str) -> bool:
    return status in FINISHED


def may_cancel(status: str, cancel_requested: bool) -> bool:
    return status in ("queued", "running") and not cancel_requested


def percent(done: int, total: int) -> int:
    """0–100, never more, whatever a job reports."""
    if total <= 0:
        return 0
    return max(0, min(100, round(100 * done / total)))


def expires_at(finished_at: datetime, hours: int) -> datetime:
    return finished_at + timedelta(hours=hours)


def is_expired(expires: datetime | None, now: datetime) -> bool:
    return expires is not None and expires <= now
