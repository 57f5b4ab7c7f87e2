"""Reads for ticket lists: the agent queue, my requests, my dispatches."""

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from app.accounts.models import User
from app.extensions import db
from app.tickets.models import CatalogItem, Ticket, TicketEvent
from app.tickets.rules import OPEN_STATUSES, PRIORITIES

PRIORITY_ORDER = sa.case({p: i for i, p in enumerate(PRIORITIES)}, value=Ticket.priority)


def visible_to(user) -> sa.Select:
    """Tickets this user may see (the policy's rule, as a query)."""
    query = sa.select(Ticket)
    if user.role not in ("agent", "engineer", "manager", "admin"):
        query = query.where(Ticket.requester_id == user.id)
    return query


def queue(user, filters: dict) -> sa.Select:
    """The desk's queue: open tickets by priority, then the earliest SLA due, then age."""
    query = (
        visible_to(user)
        .join(Ticket.catalog_item)
        .options(contains_eager(Ticket.catalog_item))
        .order_by(PRIORITY_ORDER, Ticket.due_at.is_(None), Ticket.due_at, Ticket.id)
    )
    status = filters.get("status") or "open"
    if status == "open":
        query = query.where(Ticket.status.in_(sorted(OPEN_STATUSES)))
    elif status != "all":
        query = query.where(Ticket.status == status)
    if priority := filters.get("priority"):
        query = query.where(Ticket.priority == priority)
    if group := filters.get("group"):
        query = query.where(CatalogItem.group == group)
    if channel := filters.get("channel"):
        query = query.where(Ticket.channel == channel)
    assignee = filters.get("assignee")
    if assignee == "me":
        query = query.where(Ticket.assignee_id == user.id)
    elif assignee == "none":
        query = query.where(Ticket.assignee_id.is_(None))
    elif assignee and assignee.isdigit():
        query = query.where(Ticket.assignee_id == int(assignee))
    if filters.get("triage"):
        query = query.where(Ticket.needs_triage)
    if text := (filters.get("q") or "").strip():
        query = query.where(search_clause(text))
    return query


def search_clause(text: str):
    """A ticket number finds that ticket; other text searches titles and requesters."""
    if text.upper().startswith(("INC-", "REQ-", "INS-")):
        return Ticket.number == text.upper()
    like = f"%{text}%"
    requesters = sa.select(User.id).where(sa.or_(User.name.ilike(like), User.email.ilike(like)))
    return sa.or_(Ticket.title.ilike(like), Ticket.requester_id.in_(requesters))


def my_requests(user) -> sa.Select:
    return (
        sa.select(Ticket)
        .where(Ticket.requester_id == user.id)
        .order_by(Ticket.status.in_(["closed", "cancelled"]), Ticket.created_at.desc())
    )


def my_dispatches(user) -> sa.Select:
    return (
        sa.select(Ticket)
        .where(
            Ticket.assignee_id == user.id,
            Ticket.status.in_(["dispatched", "onsite", "pending_customer", "pending_vendor"]),
        )
        .order_by(PRIORITY_ORDER, Ticket.dispatched_at)
    )


def history(ticket: Ticket, include_internal: bool) -> sa.Select:
    query = sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
    if not include_internal:
        query = query.where(TicketEvent.public)
    return query.order_by(TicketEvent.id)


def get_by_number(number: str) -> sa.Select:
    return sa.select(Ticket).where(Ticket.number == number.upper())


def stamp(query: sa.Select) -> str:
    """A fingerprint of a list's rows (count and latest change) to skip unchanged polls."""
    inner = query.order_by(None).with_only_columns(Ticket.id, Ticket.updated_at).subquery()
    count, latest = db.session.execute(
        sa.select(sa.func.count(), sa.func.max(inner.c.updated_at))
    ).one()
    return f"{count}-{latest.timestamp() if latest else 0}"
