"""Reads of training: plans, one person's record, a period's counts."""

from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.training import rules
from app.training.models import Attendance, TrainingPlan, TrainingSession


def plans() -> list[TrainingPlan]:
    return list(db.session.scalars(sa.select(TrainingPlan).order_by(TrainingPlan.starts_on.desc())))


def plan(plan_id: int) -> TrainingPlan | None:
    return db.session.get(TrainingPlan, plan_id)


def session(session_id: int) -> TrainingSession | None:
    return db.session.get(TrainingSession, session_id)


def record_of(user_id: int) -> list[Attendance]:
    """A person's training record: every session they were entered for, newest first."""
    return list(
        db.session.scalars(
            sa.select(Attendance)
            .join(TrainingSession)
            .where(Attendance.user_id == user_id)
            .order_by(TrainingSession.held_on.desc())
        )
    )


def counts_between(first: date, after: date) -> dict[str, int]:
    """Sessions held on days in [first, after) and how many people attended them."""
    present = (
        sa.select(sa.func.count(Attendance.id))
        .where(Attendance.session_id == TrainingSession.id, Attendance.attended)
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(TrainingSession.held_on, present).where(
            TrainingSession.held_on >= first, TrainingSession.held_on < after
        )
    ).all()
    return rules.counts([(day, n) for day, n in rows], first, after)
