"""Reads for ticket lists: the agent queue, my requests, my dispatches."""

from collections.abc import Iterable
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.sql.expression import ColumnElement

from app.accounts.models import User
from app.accounts.roles import STAFF
from app.extensions import db, utcnow
from app.tickets.models import CatalogItem, Ticket, TicketEvent, TicketLink
from app.tickets.rules import CLOCK_STATUSES, OPEN_STATUSES, WAITING_FOR_ASSIGNEE

# P1 < P2 < P3 < P4 as text: the priority column sorts itself
PRIORITY_ORDER = Ticket.priority


def is_open() -> ColumnElement[bool]:
    """The open tickets, with the statuses written into the SQL: only then can SQLite (and a
    generic PostgreSQL plan) see that the open-ticket indexes' condition holds."""
    statuses = sa.bindparam(
        "open_statuses", sorted(OPEN_STATUSES), expanding=True, literal_execute=True
    )
    return Ticket.status.in_(statuses)


def visible_to(user) -> sa.Select:
    """Tickets this user may see (the policy's rule, as a query)."""
    query = sa.select(Ticket)
    if user.role not in STAFF:
        query = query.where(Ticket.requester_id == user.id)
    return query


def queue_order(sort: str = "priority", descending: bool = False) -> list:
    """The queue's order: by default priority, then the earliest SLA due (none last), then age.

    "P1" < "P2" < … sorts as text. A new ticket with no clock yet (a phone call) leads its
    priority band: nobody has it yet.
    """
    keys = {
        "priority": [
            Ticket.priority,
            untaken_first(),
            Ticket.due_at.is_(None),
            Ticket.due_at,
            Ticket.id,
        ],
        "due": [Ticket.due_at.is_(None), Ticket.due_at, Ticket.id],
        "number": [Ticket.id],
        "updated": [Ticket.updated_at, Ticket.id],
    }.get(sort) or []
    if not keys:
        return queue_order()
    if not descending:
        return keys
    # "none last" stays last whichever way the column sorts
    return [key if key is keys[0] and sort == "due" else key.desc() for key in keys]


def queue(user, filters: dict, now: datetime | None = None) -> sa.Select:
    """The desk's queue: open tickets in the chosen order, narrowed by the view's filters."""
    status = filters.get("status") or "open"
    sort = filters.get("sort") or ("number" if status == "all" else "priority")
    descending = filters.get("dir") == "desc" or (status == "all" and not filters.get("sort"))
    query = visible_to(user).order_by(*queue_order(sort, descending))
    if status == "open":
        query = query.where(is_open())
    elif status != "all":
        query = query.where(Ticket.status == status)
    if priority := filters.get("priority"):
        query = query.where(Ticket.priority == priority)
    if group := filters.get("group"):
        items = sa.select(CatalogItem.id).where(CatalogItem.group == group)
        query = query.where(Ticket.catalog_item_id.in_(items.scalar_subquery()))
    if channel := filters.get("channel"):
        query = query.where(Ticket.channel == channel)
    if location := (filters.get("location") or "").strip():
        query = query.where(Ticket.location == location)
    if clock := CLOCK_STATUSES.get(filters.get("clock") or ""):
        query = query.where(Ticket.status.in_(clock))
    now = now or utcnow()
    due = filters.get("due")
    if due == "breached":  # a running clock past its due time
        query = query.where(Ticket.due_at < now)
    elif due == "hour":
        query = query.where(Ticket.due_at >= now, Ticket.due_at < now + timedelta(hours=1))
    assignee = filters.get("assignee")
    if assignee == "me":
        query = query.where(Ticket.assignee_id == user.id)
    elif assignee == "waiting":  # mine, and the next step is mine (not the user's or a vendor's)
        query = query.where(Ticket.assignee_id == user.id, Ticket.status.in_(WAITING_FOR_ASSIGNEE))
    elif assignee == "none":
        query = query.where(Ticket.assignee_id.is_(None))
    elif assignee and assignee.isdigit():
        query = query.where(Ticket.assignee_id == int(assignee))
    if filters.get("triage"):
        query = query.where(Ticket.needs_triage)
    if text := (filters.get("q") or "").strip():
        query = query.where(search_clause(text))
    return query


def locations() -> list[str]:
    """The places people work at, for the queue's location filter (from the people, not the
    tickets: a few hundred rows rather than every ticket)."""
    return list(
        db.session.scalars(
            sa.select(User.location).where(User.location != "").distinct().order_by(User.location)
        )
    )


def untaken_first():
    """Sort key: 0 for a new ticket with no running clock (story 2: a logged call sorts at the
    top of its band), 1 for the rest."""
    return sa.case((sa.and_(Ticket.status == "new", Ticket.due_at.is_(None)), 0), else_=1)


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


def linked(ticket: Ticket) -> list[tuple[str, Ticket]]:
    """The tickets linked with this one, from either side, as (how, other ticket): a link
    reads "duplicate of" on the duplicate and "duplicate" on the ticket it was merged into."""
    outgoing = sa.select(TicketLink.kind, TicketLink.other_id).where(
        TicketLink.ticket_id == ticket.id
    )
    incoming = sa.select(TicketLink.kind, TicketLink.ticket_id).where(
        TicketLink.other_id == ticket.id
    )
    pairs = [(f"{kind}:out", other) for kind, other in db.session.execute(outgoing)]
    pairs += [(f"{kind}:in", other) for kind, other in db.session.execute(incoming)]
    others = {
        t.id: t
        for t in db.session.scalars(
            sa.select(Ticket).where(Ticket.id.in_({other for _, other in pairs}))
        )
    }
    seen, found = set(), []
    for how, other in pairs:
        if (how, other) not in seen and other in others:
            seen.add((how, other))
            found.append((how, others[other]))
    return sorted(found, key=lambda pair: (pair[0], pair[1].id))


def get_by_number(number: str) -> sa.Select:
    return sa.select(Ticket).where(Ticket.number == number.upper())


def count(query: sa.Select) -> int:
    inner = query.order_by(None).with_only_columns(Ticket.id).subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(inner))


def open_stamp() -> str:
    """A fingerprint of the tickets (newest ticket, latest change): a poll that finds it
    unchanged needs no new rows, whatever the filters. Two statements, as a database reads
    one max() from an index's end but scans the table for two in one statement."""
    newest = db.session.scalar(sa.select(sa.func.max(Ticket.id)))
    latest = db.session.scalar(sa.select(sa.func.max(Ticket.updated_at)))
    return f"{newest or 0}-{latest.timestamp() if latest else 0}"


class Page:
    """One page of a list: its ids through the index that orders them, then only those rows;
    the count stops at `COUNT_CAP` so that a long list is never read whole to be counted."""

    COUNT_CAP = 500

    def __init__(self, query: sa.Select, page: int, per_page: int):
        self.page, self.per_page = page, per_page
        ids = list(
            db.session.scalars(
                query.with_only_columns(Ticket.id).limit(per_page).offset((page - 1) * per_page)
            )
        )
        # counted up to a cap beyond this page, so that the pager can always go on
        cap = (page - 1) * per_page + self.COUNT_CAP
        self.total = self.count_up_to(query, cap + 1) if ids or page > 1 else 0
        self.capped = self.total > cap
        self.total = min(self.total, cap)
        rows = {t.id: t for t in db.session.scalars(sa.select(Ticket).where(Ticket.id.in_(ids)))}
        self.items = [rows[i] for i in ids]
        self.pages = max((self.total + per_page - 1) // per_page, 1)
        self.has_prev, self.has_next = page > 1, page < self.pages
        self.prev_num, self.next_num = page - 1, page + 1

    @staticmethod
    def count_up_to(query: sa.Select, limit: int) -> int:
        inner = query.order_by(None).with_only_columns(Ticket.id).limit(limit).subquery()
        return db.session.scalar(sa.select(sa.func.count()).select_from(inner))


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
