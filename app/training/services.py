"""Writes of training plans: a plan, its sessions, who attended and what they thought."""

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa

from app.audit.services import record
from app.extensions import db, insert_unless_present
from app.training import rules
from app.training.models import Attendance, TrainingPlan, TrainingSession


class TrainingError(ValueError):
    def __init__(self, fields: dict[str, str]):
        super().__init__(", ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = fields


@dataclass(frozen=True)
class PlanInput:
    title: str
    kind: str
    audience: str
    starts_on: date | None
    ends_on: date | None
    trainer_id: int | None = None
    materials: list = field(default_factory=list)  # documents


def check_plan(data: PlanInput) -> None:
    refused = rules.plan_refusals(data.starts_on, data.ends_on)
    if not data.title.strip():
        refused["title"] = "required"
    elif "\x00" in data.title + data.audience:
        refused["title"] = "nul"
    if data.kind not in rules.KINDS:
        refused["kind"] = "choice"
    if refused:
        raise TrainingError(refused)


def apply_plan(plan: TrainingPlan, data: PlanInput) -> None:
    plan.title = data.title.strip()[: rules.MAX_TITLE]
    plan.kind = data.kind
    plan.audience = data.audience.strip()[:200]
    plan.starts_on, plan.ends_on = data.starts_on, data.ends_on
    plan.trainer_id = data.trainer_id
    plan.materials[:] = list(data.materials)


def create_plan(data: PlanInput, *, actor, now: datetime) -> TrainingPlan:
    check_plan(data)
    plan = TrainingPlan(created_at=now)
    apply_plan(plan, data)
    db.session.add(plan)
    db.session.flush()
    record(actor, "training.plan_created", plan, {"kind": plan.kind}, now=now)
    return plan


def update_plan(plan: TrainingPlan, data: PlanInput, *, actor, now: datetime) -> None:
    """Change a plan's title, kind, audience, dates, trainer and materials."""
    check_plan(data)
    before = {"title": plan.title, "starts_on": str(plan.starts_on), "ends_on": str(plan.ends_on)}
    apply_plan(plan, data)
    db.session.flush()
    record(actor, "training.plan_edited", plan, {"before": before}, now=now)


def add_session(plan: TrainingPlan, held_on: date | None, topic: str, *, actor, now: datetime):
    if held_on is None:
        raise TrainingError({"held_on": "required"})
    if not plan.starts_on <= held_on <= plan.ends_on:
        raise TrainingError({"held_on": "outside"})
    if "\x00" in topic:
        raise TrainingError({"topic": "nul"})
    session = TrainingSession(held_on=held_on, topic=topic.strip()[:200])
    plan.sessions.append(session)
    db.session.flush()
    record(actor, "training.session_added", plan, {"held_on": held_on.isoformat()}, now=now)
    return session


def record_attendance(
    session: TrainingSession, user, *, attended: bool, rating: int | None, feedback: str,
    actor, now: datetime,
) -> Attendance:  # fmt: skip
    """One person at one session; recording again replaces the earlier answer."""
    if rating is not None and rating not in rules.RATINGS:
        raise TrainingError({"rating": "choice"})
    if "\x00" in feedback:
        raise TrainingError({"feedback": "nul"})
    # two people recording the same person at once: the row's unique pair lets one insert win
    db.session.execute(
        insert_unless_present(db.session.connection(), Attendance)
        .values(session_id=session.id, user_id=user.id, attended=attended, feedback="")
        .on_conflict_do_nothing(index_elements=["session_id", "user_id"])
    )
    found = db.session.scalar(
        sa.select(Attendance).where(
            Attendance.session_id == session.id, Attendance.user_id == user.id
        )
    )
    found.attended, found.rating, found.feedback = attended, rating, feedback.strip()[:2000]
    db.session.flush()
    details = {"session": session.id, "person": user.email, "attended": attended}
    record(actor, "training.attendance", session.plan, details, now=now)
    return found
