"""Recomputing the SLA caches (Ticket.due_at, the scan's watch list) from every history."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.contracts.models import Contract
from app.extensions import db
from app.sla.models import SlaWatch
from app.sla.scan import BATCH, Plan, _load, _Rules, queue_due
from app.tickets.models import Ticket


def rebuild(now: datetime, *, contract: Contract | None = None) -> dict[str, int]:
    """Recompute every cached value from the replay: Ticket.due_at and the scan's watch list."""
    rules = _Rules.load(contract)
    ids = db.session.scalars(sa.select(Ticket.id).order_by(Ticket.id)).all()
    counts = {"tickets": len(ids), "due_at_changed": 0, "watched": 0}
    db.session.execute(sa.delete(SlaWatch))
    table = Ticket.__table__
    set_due = (
        table.update().where(table.c.id == sa.bindparam("key")).values(due_at=sa.bindparam("due"))
    )
    for start in range(0, len(ids), BATCH):
        batch = _load(ids[start : start + BATCH])
        watch, due_at = [], []
        for ticket in batch.tickets:
            clocks, decided = rules.look(ticket, batch, now)
            earliest = queue_due(ticket, clocks)
            if earliest != ticket.due_at:
                due_at.append({"key": ticket.id, "due": earliest})
            check_at = watch_time(decided, now)
            if check_at is not None:
                watch.append({"ticket_id": ticket.id, "check_at": check_at})
            db.session.expunge(ticket)  # keep memory flat over 100,000 tickets
        if due_at:
            db.session.execute(set_due, due_at)
        if watch:
            db.session.execute(sa.insert(SlaWatch), watch)
        counts["due_at_changed"] += len(due_at)
        counts["watched"] += len(watch)
    return counts


def watch_time(decided: Plan, now: datetime) -> datetime | None:
    """When the scan must look at the ticket: now if something is to be sent, else the plan's."""
    return now if decided.send else decided.check_at
