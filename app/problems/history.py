"""The problem's append-only history: one row per step, link or edit, as a code with values."""

from datetime import datetime

from app.extensions import db
from app.problems.models import Problem, ProblemEvent


def add_event(
    problem: Problem,
    actor,
    now: datetime,
    action: str,
    *,
    params: dict | None = None,
    note: str = "",
    from_status: str | None = None,
    to_status: str | None = None,
) -> ProblemEvent:
    event = ProblemEvent(
        problem_id=problem.id,
        actor_id=getattr(actor, "id", None),
        at=now,
        action=action,
        params=params or {},
        note=note,
        from_status=from_status,
        to_status=to_status,
    )
    db.session.add(event)
    return event
