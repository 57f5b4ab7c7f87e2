"""Problem reads: the list, one record's history, a ticket's problem, dashboard and report
figures."""

from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.problems import rules
from app.problems.models import Problem, ProblemEvent, ProblemIncident, RecurrenceCandidate
from app.tickets.models import Ticket

SEVERITY_ORDER = sa.case({"critical": 0, "major": 1, "minor": 2}, value=Problem.severity, else_=3)


def listing(filters: dict) -> sa.Select:
    """Open ones first (most severe first), then the rest newest first."""
    query = sa.select(Problem)
    status = filters.get("status") or "open"
    if status == "open":
        query = query.where(Problem.status.in_(sorted(rules.OPEN_STATUSES)))
    elif status != "all":
        query = query.where(Problem.status == status)
    if severity := filters.get("severity"):
        query = query.where(Problem.severity == severity)
    if text := (filters.get("q") or "").strip():
        like = f"%{text}%"
        query = query.where(sa.or_(Problem.number.ilike(like), Problem.title.ilike(like)))
    still_open = Problem.status.in_(sorted(rules.OPEN_STATUSES))
    return query.order_by(still_open.desc(), SEVERITY_ORDER, Problem.created_at.desc())


def get_by_number(number: str) -> sa.Select:
    return sa.select(Problem).where(Problem.number == number)


def history(problem: Problem) -> sa.Select:
    return (
        sa.select(ProblemEvent)
        .where(ProblemEvent.problem_id == problem.id)
        .order_by(ProblemEvent.id)
    )


def of_ticket(ticket: Ticket) -> Problem | None:
    return db.session.scalar(
        sa.select(Problem)
        .join(ProblemIncident, ProblemIncident.problem_id == Problem.id)
        .where(ProblemIncident.ticket_id == ticket.id)
    )


def incident_count(problem: Problem) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).where(ProblemIncident.problem_id == problem.id)
    )


def open_critical(limit: int = 10) -> list[Problem]:
    return list(
        db.session.scalars(
            sa.select(Problem)
            .where(Problem.severity == "critical", Problem.status.in_(sorted(rules.OPEN_STATUSES)))
            .order_by(Problem.created_at)
            .limit(limit)
        )
    )


def candidate_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(RecurrenceCandidate.id)))


def opened_between(start: datetime, end: datetime) -> list[Problem]:
    return list(
        db.session.scalars(
            sa.select(Problem)
            .where(Problem.created_at >= start, Problem.created_at < end)
            .order_by(Problem.created_at, Problem.id)
        )
    )


def resolved_between(start: datetime, end: datetime) -> list[Problem]:
    return list(
        db.session.scalars(
            sa.select(Problem)
            .where(Problem.resolved_at >= start, Problem.resolved_at < end)
            .order_by(Problem.resolved_at, Problem.id)
        )
    )


def open_at(moment: datetime) -> int:
    """Problems opened before `moment` and not resolved by then."""
    return db.session.scalar(
        sa.select(sa.func.count(Problem.id)).where(
            Problem.created_at < moment,
            sa.or_(Problem.resolved_at.is_(None), Problem.resolved_at >= moment),
        )
    )


def problem_numbers_of(ticket_ids: list[int]) -> dict[int, str]:
    """ticket id → the number of its problem, for the tickets that have one."""
    if not ticket_ids:
        return {}
    return dict(
        db.session.execute(
            sa.select(ProblemIncident.ticket_id, Problem.number)
            .join(Problem, Problem.id == ProblemIncident.problem_id)
            .where(ProblemIncident.ticket_id.in_(ticket_ids))
        ).all()
    )
