"""Reads for ticket lists: the agent queue, my requests, my dispatches."""

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement

from app.accounts.models import User
from app.accounts.roles import STAFF
from app.extensions import db
from app.tickets.models import CatalogItem, Ticket, TicketEvent
from app.tickets.rules import OPEN_STATUSES

# P1 < P2 < P3 < P4 as text: the priority column sorts itself
PRIORITY_ORDER = Ticket.priority


class Rarely(ColumnElement):
    """A condition few rows meet (open tickets among all). SQLite's planner cannot see that
    from its statistics and would scan the table for a text search; PostgreSQL can."""

    inherit_cache = False
    type = sa.types.NullType()  # a Boolean type would make SQLite compare it with "= 1"

    def __init__(self, clause):
        self.clause = clause


@compiles(Rarely)
def _rarely(element, compiler, **kw):
    return compiler.process(element.clause, **kw)


@compiles(Rarely, "sqlite")
def _rarely_sqlite(element, compiler, **kw):
    return f"likelihood({compiler.process(element.clause, **kw)}, 0.01)"


def visible_to(user) -> sa.Select:
    """Tickets this user may see (the policy's rule, as a query)."""
    query = sa.select(Ticket)
    if user.role not in STAFF:
        query = query.where(Ticket.requester_id == user.id)
    return query


def queue(user, filters: dict) -> sa.Select:
    """The desk's queue: open tickets by priority, then the earliest SLA due, then age.

    "P1" < "P2" < … sorts as text, so the (status, priority, due_at) index serves the order.
    """
    status = filters.get("status") or "open"
    if status == "all":  # the whole history: newest first
        query = visible_to(user).order_by(Ticket.id.desc())
    else:
        query = visible_to(user).order_by(
            Ticket.priority, Ticket.due_at.is_(None), Ticket.due_at, Ticket.id
        )
    if status == "open":
        query = query.where(Rarely(Ticket.status.in_(sorted(OPEN_STATUSES))))
    elif status != "all":
        query = query.where(Ticket.status == status)
    if priority := filters.get("priority"):
        query = query.where(Ticket.priority == priority)
    if group := filters.get("group"):
        items = sa.select(CatalogItem.id).where(CatalogItem.group == group)
        query = query.where(Ticket.catalog_item_id.in_(items.scalar_subquery()))
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


def count(query: sa.Select) -> int:
    inner = query.order_by(None).with_only_columns(Ticket.id).subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(inner))


def open_stamp() -> str:
    """A fingerprint of all open tickets (count, latest change): a poll that finds it
    unchanged needs no new rows, whatever the filters (cheap: one covering index)."""
    total, latest = db.session.execute(
        sa.select(sa.func.count(), sa.func.max(Ticket.updated_at)).where(
            Ticket.status.in_(sorted(OPEN_STATUSES))
        )
    ).one()
    return f"{total}-{latest.timestamp() if latest else 0}"


class Page:
    """One page of a list, counted in the same query (a window count) as its ids."""

    def __init__(self, query: sa.Select, page: int, per_page: int, *, windowed: bool = True):
        """`windowed` counts alongside the ids (best for filtered lists); without it, a
        separate count over an index (best for the unfiltered history)."""
        self.page, self.per_page = page, per_page
        columns = (Ticket.id, sa.func.count().over()) if windowed else (Ticket.id,)
        # ids first (the index sorts them), then only those rows with their joins
        found = db.session.execute(
            query.with_only_columns(*columns).limit(per_page).offset((page - 1) * per_page)
        ).all()
        ids = [row[0] for row in found]
        if windowed and found:
            self.total = found[0][1]
        else:
            self.total = count(query) if found or page > 1 else 0
        rows = {t.id: t for t in db.session.scalars(sa.select(Ticket).where(Ticket.id.in_(ids)))}
        self.items = [rows[i] for i in ids]
        self.pages = max((self.total + per_page - 1) // per_page, 1)
        self.has_prev, self.has_next = page > 1, page < self.pages
        self.prev_num, self.next_num = page - 1, page + 1


def history_rows(ticket_ids, *, actions: Iterable[str] | None = None) -> dict[int, list]:
    """The history lines of these tickets (ids, or a scalar subquery of them), per ticket in
    order, in one query: what the SLA replay reads, with the note that may explain a breach."""
    query = (
        sa.select(
            TicketEvent.ticket_id,
            TicketEvent.at,
            TicketEvent.action,
            TicketEvent.from_status,
            TicketEvent.to_status,
            TicketEvent.old_value,
            TicketEvent.new_value,
            TicketEvent.note,
            TicketEvent.public,
        )
        .where(TicketEvent.ticket_id.in_(ticket_ids))
        .order_by(TicketEvent.ticket_id, TicketEvent.id)
    )
    if actions is not None:
        query = query.where(TicketEvent.action.in_(sorted(actions)))
    by_ticket: dict[int, list] = {}
    for row in db.session.execute(query):
        by_ticket.setdefault(row.ticket_id, []).append(row)
    return by_ticket
