"""Reading escalations: the log with its filters, a record's escalations, steps waiting for
a person, and the month's counts for the report."""

from datetime import UTC, datetime

import sqlalchemy as sa

from app.escalations import rules
from app.escalations.models import Escalation, EscalationStep
from app.web.i18n import SHANGHAI


def local_month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The month as it runs in Shanghai, in UTC."""
    start = datetime(year, month, 1, tzinfo=SHANGHAI)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=SHANGHAI)
    return start.astimezone(UTC), end.astimezone(UTC)


def get_by_number(number: str) -> sa.Select:
    return sa.select(Escalation).where(Escalation.number == (number or "").strip().upper()[:20])


def log(filters: dict[str, str]) -> sa.Select:
    """The escalation log, newest first, filtered by kind, status, level and month."""
    select = sa.select(Escalation).order_by(Escalation.opened_at.desc(), Escalation.id.desc())
    if filters.get("kind") in rules.KINDS:
        select = select.where(Escalation.kind == filters["kind"])
    if filters.get("status") in rules.STATUSES:
        select = select.where(Escalation.status == filters["status"])
    if (filters.get("level") or "").isdigit() and 1 <= int(filters["level"]) <= rules.MAX_LEVELS:
        select = select.where(Escalation.level == int(filters["level"]))
    month = rules.month_bounds(filters.get("month", ""))
    if month:
        start, end = local_month_bounds(*month)
        select = select.where(Escalation.opened_at >= start, Escalation.opened_at < end)
    return select


def for_subject(subject_type: str, subject_id: int) -> sa.Select:
    return (
        sa.select(Escalation)
        .where(Escalation.subject_type == subject_type, Escalation.subject_id == subject_id)
        .order_by(Escalation.opened_at.desc())
    )


def waiting_for(user) -> sa.Select:
    """Open escalations whose current step calls this person and is not yet confirmed."""
    return (
        sa.select(Escalation)
        .join(EscalationStep, EscalationStep.escalation_id == Escalation.id)
        .where(
            Escalation.status == "open",
            EscalationStep.level == Escalation.level,
            EscalationStep.contact_id == user.id,
            EscalationStep.confirmed_at.is_(None),
        )
        .order_by(Escalation.opened_at)
    )


def open_escalations() -> sa.Select:
    return sa.select(Escalation).where(Escalation.status == "open").order_by(Escalation.opened_at)


def month_rows(start: datetime, end: datetime) -> sa.Select:
    """(kind, highest level reached) of the escalations opened in [start, end)."""
    return sa.select(Escalation.kind, Escalation.level).where(
        Escalation.opened_at >= start, Escalation.opened_at < end
    )


def count_open_of(start: datetime, end: datetime) -> sa.Select:
    """How many of the escalations opened in [start, end) are still open."""
    return sa.select(sa.func.count(Escalation.id)).where(
        Escalation.opened_at >= start, Escalation.opened_at < end, Escalation.status == "open"
    )
