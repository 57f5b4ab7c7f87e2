"""Pure rules of training plans (S20, S14): kinds, dates, ratings, a quarter's counts."""

from datetime import date

KINDS = (
    "classroom",
    "mentoring",
    "on_the_job",
    "joint_project",
    "workshop",
    "security_awareness",
)
MAX_TITLE = 200
RATINGS = (1, 2, 3, 4, 5)


def plan_refusals(starts_on: date | None, ends_on: date | None) -> dict[str, str]:
    if starts_on is None:
        return {"starts_on": "required"}
    if ends_on is None:
        return {"ends_on": "required"}
    if ends_on < starts_on:
        return {"ends_on": "before_start"}
    return {}


def counts(sessions: list[tuple[date, int]], start: date, end: date) -> dict[str, int]:
    """Sessions held in [start, end) and the people who attended them: (held_on, present)."""
    held = [present for day, present in sessions if start <= day < end]
    return {"sessions": len(held), "attendance": sum(held)}
