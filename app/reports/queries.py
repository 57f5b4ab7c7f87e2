"""Reads for report pages: stored versions, the schedule of due reports, ticket lists."""

from datetime import date

import sqlalchemy as sa

from app.contracts.models import Contract
from app.extensions import db
from app.reports import rules
from app.reports.facts import TicketFacts
from app.reports.models import ServiceReport
from app.tickets.models import Ticket


def versions(kind: str | None = None) -> sa.Select:
    """Stored reports, newest period first, latest version first."""
    query = sa.select(ServiceReport).order_by(
        ServiceReport.first_day.desc(), ServiceReport.kind, ServiceReport.version.desc()
    )
    return query.where(ServiceReport.kind == kind) if kind else query


def versions_of(kind: str, period: str) -> list[ServiceReport]:
    return db.session.scalars(
        sa.select(ServiceReport)
        .where(ServiceReport.kind == kind, ServiceReport.period == period)
        .order_by(ServiceReport.version.desc())
    ).all()


def latest_statuses() -> dict[tuple[str, str], str]:
    """(kind, period) → the status of its latest version."""
    newest = (
        sa.select(
            ServiceReport.kind, ServiceReport.period, sa.func.max(ServiceReport.version).label("v")
        )
        .group_by(ServiceReport.kind, ServiceReport.period)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(ServiceReport.kind, ServiceReport.period, ServiceReport.status).join(
            newest,
            sa.and_(
                ServiceReport.kind == newest.c.kind,
                ServiceReport.period == newest.c.period,
                ServiceReport.version == newest.c.v,
            ),
        )
    ).all()
    return {(kind, period): status for kind, period, status in rows}


def schedule(today: date, contract: Contract) -> list[rules.Due]:
    """S7/S11: the recent monthly and quarterly reports with their due dates and state.
    Periods that ended before the first ticket are not owed."""
    first_ticket = db.session.scalar(sa.select(sa.func.min(Ticket.created_at)))
    if first_ticket is None:
        return []
    started = rules.local_date(first_ticket)
    statuses = latest_statuses()
    out = []
    for period in rules.recent_periods(today):
        if period.last < started:
            continue
        due_on = rules.due_date(
            period,
            monthly_due_day=contract.monthly_report_due_day,
            quarterly_due_day=contract.quarterly_report_due_day,
        )
        status = statuses.get((period.kind, period.label))
        state = rules.schedule_state(due_on, status, today, period.last)
        out.append(rules.Due(period, due_on, status, state))
    return sorted(out, key=lambda due: (due.state == "done", due.due_on))


def pending(today: date, contract: Contract) -> list[rules.Due]:
    """Reports due or overdue (for the dashboards)."""
    return [due for due in schedule(today, contract) if due.state in ("due", "overdue")]


# ---------------------------------------------------------------- ticket lists behind figures

SLA_STATES = ("met", "breached", "open")


def matches(facts: TicketFacts, criteria: dict) -> bool:
    """Whether a ticket is behind a figure: channel, priority, type, status and, for SLA
    figures, a metric (and its scope) with a state."""
    for name in ("channel", "priority", "type", "group", "code"):
        if criteria.get(name) and getattr(facts, name) != criteria[name]:
            return False
    if criteria.get("day") and rules.local_date(facts.created_at).isoformat() != criteria["day"]:
        return False
    if criteria.get("open") and facts.resolved_at is not None:
        return False
    if criteria.get("resolved") and facts.resolved_at is None:
        return False
    metric, key, state = criteria.get("metric"), criteria.get("key"), criteria.get("state")
    if metric or state:
        wanted = {"open": ("running", "paused")}.get(state, (state,)) if state else None
        return any(
            (not metric or o.metric == metric)
            and (not key or o.key == key)
            and (wanted is None or o.state in wanted)
            for o in facts.outcomes
        )
    return True


def tickets_by_id(ids: list[int]) -> list[Ticket]:
    found = {t.id: t for t in db.session.scalars(sa.select(Ticket).where(Ticket.id.in_(ids)))}
    return [found[i] for i in ids if i in found]
