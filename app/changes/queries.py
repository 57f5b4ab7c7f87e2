"""Reads for change lists, the approver's queue, the calendar and the manager's panel."""

from datetime import datetime

import sqlalchemy as sa

from app.changes import approvers, rules
from app.changes.models import Change, ChangeEvent
from app.extensions import db


def get_by_number(number: str) -> sa.Select:
    return sa.select(Change).where(Change.number == number.upper())


def listing(filters: dict) -> sa.Select:
    query = sa.select(Change).order_by(Change.id.desc())
    status = filters.get("status") or "open"
    if status == "open":
        query = query.where(Change.status.in_(sorted(rules.OPEN_STATUSES)))
    elif status in rules.STATUSES:
        query = query.where(Change.status == status)
    if (kind := filters.get("kind")) in rules.KINDS:
        query = query.where(Change.kind == kind)
    if text := (filters.get("q") or "").strip():
        if text.upper().startswith("CHG-"):
            query = query.where(Change.number == text.upper())
        else:
            query = query.where(Change.title.ilike(f"%{text}%"))
    return query


def waiting_for(user) -> list[Change]:
    """Changes whose approval is pending and that this approver may decide."""
    pending = db.session.scalars(
        sa.select(Change)
        .where(Change.approval == "pending", Change.status != "draft")
        .order_by(Change.kind != "emergency", Change.submitted_at)
    ).all()
    return [change for change in pending if approvers.is_approver(user, change)]


def in_window(start: datetime, end: datetime) -> list[Change]:
    """Changes whose planned window meets [start, end), rejected ones left out."""
    return db.session.scalars(
        sa.select(Change)
        .where(
            Change.planned_start < end,
            Change.planned_end > start,
            Change.status.not_in(["rejected", "draft"]),
        )
        .order_by(Change.planned_start)
    ).all()


def overdue_emergencies(now: datetime, hours: int) -> list[Change]:
    """S15: emergency changes not approved within the contract's hours."""
    pending = db.session.scalars(
        sa.select(Change)
        .where(Change.kind == "emergency", Change.approval == "pending")
        .where(Change.submitted_at.is_not(None))
        .order_by(Change.submitted_at)
    ).all()
    return [
        c for c in pending if rules.approval_overdue(c.kind, c.approval, c.submitted_at, hours, now)
    ]


def history(change: Change) -> sa.Select:
    return sa.select(ChangeEvent).where(ChangeEvent.change_id == change.id).order_by(ChangeEvent.id)
