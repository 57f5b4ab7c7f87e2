"""Pure complaint rules (S10): the handling flow until both sides agree, and numbering."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

KINDS = ("complaint", "major_incident")
SOURCES = ("employee", "desk", "survey", "manager")
SEVERITIES = ("high", "medium", "low")
STATUSES = ("open", "in_progress", "awaiting_acknowledgement", "closed")
OPEN_STATUSES = frozenset(STATUSES) - {"closed"}
PREFIX = "CMP"

# action → (statuses it may start from, status it leads to; None = unchanged)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "start": (frozenset({"open"}), "in_progress"),
    "add_step": (frozenset({"open", "in_progress"}), None),
    "complete_step": (frozenset({"open", "in_progress"}), None),
    "comment": (frozenset(OPEN_STATUSES), None),
    # the vendor states the outcome; the client acknowledges it or disputes it
    "resolve": (frozenset({"open", "in_progress"}), "awaiting_acknowledgement"),
    "acknowledge": (frozenset({"awaiting_acknowledgement"}), "closed"),
    "dispute": (frozenset({"awaiting_acknowledgement"}), "in_progress"),
    "reopen": (frozenset({"closed"}), "in_progress"),
}
ACTIONS = tuple(TRANSITIONS)
# actions that need a written note (the outcome, the reason, the step)
NOTE_REQUIRED = frozenset({"add_step", "comment", "resolve", "dispute", "reopen"})


class TransitionError(ValueError):
    """The action is not possible in the complaint's status."""


def next_status(status: str, action: str) -> str:
    if action not in TRANSITIONS:
        raise TransitionError(f"unknown action {action!r}")
    sources, target = TRANSITIONS[action]
    if status not in sources:
        raise TransitionError(f"{action} is not possible while the complaint is {status}")
    return target or status


def allowed_actions(status: str) -> list[str]:
    return [action for action, (sources, _) in TRANSITIONS.items() if status in sources]


def severity_for_rating(rating: int) -> str:
    """A survey's lowest rating sets the complaint's severity: 1 → high, 2 → medium."""
    return "high" if rating <= 1 else "medium"


def due_at(created_at: datetime, days: int) -> datetime:
    """Due by the end of the day `days` after filing (Shanghai days)."""
    return end_of_local_day(created_at.astimezone(SHANGHAI).date() + timedelta(days=days))


def is_overdue(status: str, due: datetime, now: datetime) -> bool:
    return status in OPEN_STATUSES and status != "awaiting_acknowledgement" and now > due


def complaint_number(year: int, sequence: int) -> str:
    return f"{PREFIX}-{year}-{sequence:04d}"


def end_of_local_day(day: date) -> datetime:
    """A due *date* means by the end of that day in Shanghai (23:59:59, as a UTC instant)."""
    return datetime.combine(day, time(23, 59, 59), SHANGHAI).astimezone(UTC)


def local_day(instant: datetime) -> date:
    """The Shanghai date of an instant (a due date's day)."""
    return instant.astimezone(SHANGHAI).date()
