"""Recurrence detection (S9: analyse the records to find causes and reduce repeats): incidents
repeating on one asset, model or catalog item within the contract's window, kept as candidates
for the manager. The worker job and `flask problems detect` run it; pages only read the rows."""

from datetime import datetime

import sqlalchemy as sa

from app.assets.models import Asset
from app.audit.services import record
from app.contracts.models import Contract
from app.extensions import db
from app.problems import rules
from app.problems.models import (
    ProblemIncident,
    RecurrenceCandidate,
    RecurrenceDismissal,
    recurrence_candidate_tickets,
)
from app.tickets.models import CatalogItem, Ticket

CHUNK = 500


def chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def incidents_between(start: datetime, end: datetime) -> list[rules.Incident]:
    """The incidents opened in [start, end] that count: not cancelled, not merged duplicates."""
    rows = db.session.execute(
        sa.select(Ticket.id, Ticket.number, Ticket.created_at, CatalogItem.code, Ticket.asset_tags)
        .join(CatalogItem, CatalogItem.id == Ticket.catalog_item_id)
        .where(
            Ticket.type == "incident",
            Ticket.status != "cancelled",
            Ticket.merged_into_id.is_(None),
            Ticket.created_at >= start,
            Ticket.created_at <= end,
        )
    ).all()
    tags = sorted({tag for row in rows for tag in (row.asset_tags or [])})
    models: dict[str, str] = {}
    for chunk in chunks(tags):
        models.update(
            db.session.execute(
                sa.select(Asset.tag, Asset.model).where(Asset.tag.in_(chunk), Asset.model != "")
            ).all()
        )
    return [
        rules.Incident(
            id=row.id,
            number=row.number,
            opened_at=row.created_at,
            item=row.code,
            assets=frozenset(row.asset_tags or []),
            models=frozenset(models[t] for t in (row.asset_tags or []) if t in models),
        )
        for row in rows
    ]


def minimum(contract: Contract) -> dict[str, int]:
    return {
        "asset": contract.recurrence_asset_incidents,
        "model": contract.recurrence_model_incidents,
        "catalog_item": contract.recurrence_item_incidents,
    }


def linked_ids(ids: list[int]) -> frozenset[int]:
    found: set[int] = set()
    for chunk in chunks(ids):
        found.update(
            db.session.scalars(
                sa.select(ProblemIncident.ticket_id).where(ProblemIncident.ticket_id.in_(chunk))
            )
        )
    return frozenset(found)


def dismissed_groups() -> dict[tuple[str, str], frozenset[int]]:
    groups: dict[tuple[str, str], set[int]] = {}
    for kind, value, ticket_id in db.session.execute(
        sa.select(
            RecurrenceDismissal.kind, RecurrenceDismissal.value, RecurrenceDismissal.ticket_id
        )
    ):
        groups.setdefault((kind, value), set()).add(ticket_id)
    return {key: frozenset(ids) for key, ids in groups.items()}


def find(now: datetime, contract: Contract) -> tuple[list[rules.Candidate], dict]:
    """The candidates as of `now`, and the incidents they are made of by id."""
    start, end = rules.window(now, contract.recurrence_window_days)
    incidents = incidents_between(start, end)
    found = rules.detect(
        incidents,
        start=start,
        end=end,
        minimum=minimum(contract),
        linked=linked_ids([i.id for i in incidents]),
        dismissed=dismissed_groups(),
    )
    return found, {i.id: i for i in incidents}


def refresh(now: datetime, contract: Contract) -> dict[str, int]:
    """Bring the stored candidates up to date; several runs at once meet at the unique
    (kind, value) key, and the loser's transaction is rolled back and tried again later."""
    found, incidents = find(now, contract)
    existing = {(c.kind, c.value): c for c in db.session.scalars(sa.select(RecurrenceCandidate))}
    wanted = {(c.kind, c.value): c for c in found}
    for key, row in existing.items():
        if key not in wanted:
            db.session.delete(row)
    ids = sorted({i for c in found for i in c.ids})
    tickets = {}
    for chunk in chunks(ids):
        tickets.update(
            {t.id: t for t in db.session.scalars(sa.select(Ticket).where(Ticket.id.in_(chunk)))}
        )
    added = 0
    for key, candidate in wanted.items():
        row = existing.get(key)
        if row is None:
            row = RecurrenceCandidate(kind=candidate.kind, value=candidate.value, detected_at=now)
            db.session.add(row)
            added += 1
        row.first_at = incidents[candidate.ids[0]].opened_at
        row.last_at = incidents[candidate.ids[-1]].opened_at
        row.tickets = [tickets[i] for i in candidate.ids]
    db.session.flush()
    return {"candidates": len(found), "new": added, "gone": len(set(existing) - set(wanted))}


def dismiss(candidate: RecurrenceCandidate, *, actor, now: datetime, note: str = "") -> int:
    """'Not a problem': these incidents stop counting for this group, for good."""
    have = set(
        db.session.scalars(
            sa.select(RecurrenceDismissal.ticket_id).where(
                RecurrenceDismissal.kind == candidate.kind,
                RecurrenceDismissal.value == candidate.value,
            )
        )
    )
    tickets = [t for t in candidate.tickets if t.id not in have]
    for ticket in tickets:
        db.session.add(
            RecurrenceDismissal(
                kind=candidate.kind,
                value=candidate.value,
                ticket_id=ticket.id,
                dismissed_at=now,
                dismissed_by_id=getattr(actor, "id", None),
                note=note.strip()[:500],
            )
        )
    details = {"kind": candidate.kind, "value": candidate.value, "tickets": len(tickets)}
    record(actor, "problem.dismiss_candidate", candidate, details, now=now)
    db.session.delete(candidate)
    db.session.flush()
    return len(tickets)


def listing() -> sa.Select:
    return sa.select(RecurrenceCandidate).order_by(
        RecurrenceCandidate.last_at.desc(), RecurrenceCandidate.id
    )


def of_ticket(ticket: Ticket) -> list[RecurrenceCandidate]:
    return list(
        db.session.scalars(
            sa.select(RecurrenceCandidate)
            .join(
                recurrence_candidate_tickets,
                recurrence_candidate_tickets.c.candidate_id == RecurrenceCandidate.id,
            )
            .where(recurrence_candidate_tickets.c.ticket_id == ticket.id)
            .order_by(RecurrenceCandidate.id)
        )
    )


def display_name(candidate, lang: str) -> str:
    """What a candidate is about: an asset tag, a model, or a catalog item's name."""
    if candidate.kind != "catalog_item":
        return candidate.value
    item = db.session.scalar(sa.select(CatalogItem).where(CatalogItem.code == candidate.value))
    return item.name(lang) if item else candidate.value
