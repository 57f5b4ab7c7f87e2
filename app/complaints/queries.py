"""Complaint reads: the log as each user may see it, and the counts the dashboards show."""

from datetime import datetime

import sqlalchemy as sa

from app.accounts.roles import APPROVER
from app.complaints.models import Complaint, ComplaintEvent
from app.complaints.policy import is_staff
from app.complaints.rules import OPEN_STATUSES
from app.extensions import db


def visible_to(user) -> sa.Select:
    """The policy's can_view, as a query."""
    query = sa.select(Complaint)
    if not is_staff(user):
        own = sa.or_(Complaint.complainant_id == user.id, Complaint.filed_by_id == user.id)
        if user.role == APPROVER:
            own = sa.or_(own, Complaint.complainant_id.is_(None))
        query = query.where(own)
    return query


def log(user, filters: dict) -> sa.Select:
    """Open ones first by due date, then the rest newest first."""
    query = visible_to(user)
    status = filters.get("status") or "open"
    if status == "open":
        query = query.where(Complaint.status.in_(sorted(OPEN_STATUSES)))
    elif status != "all":
        query = query.where(Complaint.status == status)
    if kind := filters.get("kind"):
        query = query.where(Complaint.kind == kind)
    if severity := filters.get("severity"):
        query = query.where(Complaint.severity == severity)
    return query.order_by(Complaint.status == "closed", Complaint.due_at, Complaint.id.desc())


def get_by_number(number: str) -> sa.Select:
    return sa.select(Complaint).where(Complaint.number == number)


def open_counts(now: datetime) -> dict[str, int]:
    """Open complaints, those past their due date, and those waiting for the client."""
    open_ = Complaint.status.in_(sorted(OPEN_STATUSES))
    count = lambda *where: sa.select(sa.func.count(Complaint.id)).where(*where)  # noqa: E731
    return {
        "open": db.session.scalar(count(open_)),
        "overdue": db.session.scalar(
            count(open_, Complaint.status != "awaiting_acknowledgement", Complaint.due_at < now)
        ),
        "major": db.session.scalar(count(open_, Complaint.kind == "major_incident")),
    }


def history(complaint: Complaint) -> sa.Select:
    return (
        sa.select(ComplaintEvent)
        .where(ComplaintEvent.complaint_id == complaint.id)
        .order_by(ComplaintEvent.id)
    )


def waiting_for_acknowledgement(user) -> sa.Select:
    """Outcomes this client user is asked to accept."""
    query = visible_to(user).where(Complaint.status == "awaiting_acknowledgement")
    if user.role != APPROVER:
        query = query.where(Complaint.complainant_id == user.id)
    return query.order_by(Complaint.resolved_at)
