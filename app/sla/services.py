"""SLA writes: the contract's service-level section and the reasons of missed service levels.

Flush, never commit; every change is audited.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from app.audit.services import record
from app.clocks import store
from app.contracts.models import Contract
from app.contracts.services import ContractUpdate, update_contract
from app.extensions import db
from app.sla.models import BreachReason
from app.sla.rules import BREACH_REASONS, matrix_problems, working_day_minutes


class SettingsError(ValueError):
    """Settings that cannot be stored; the message names the problem."""


def day_minutes(calendar: str) -> int:
    """How many minutes a working day has on the named calendar (office hours: 540)."""
    definition = store.definitions().get(calendar) or store.definitions()[store.OFFICE]
    return working_day_minutes(definition.weekly_hours)


def save_service_levels(
    contract: Contract, values: dict, *, actor, now: datetime
) -> ContractUpdate:
    """Targets, the priority matrix with its VIP raise and the metrics' calendars.

    The matrix decides the priority of tickets opened from now on; a changed calendar choice
    applies to new tickets only (the replaced one is kept for the tickets opened before).
    """
    if matrix_problems(values["priority_matrix"]):
        raise SettingsError(_("Choose a priority for every cell."))
    known = set(store.definitions())
    chosen = values["sla_calendars"]
    names = [v for v in chosen.values() if isinstance(v, str)]
    names += [n for v in chosen.values() if isinstance(v, dict) for n in v.values()]
    if not set(names) <= known:
        raise SettingsError(_("Choose a calendar from the list."))
    if chosen != (contract.sla_calendars or {}):
        contract.sla_calendars_before = [
            *(contract.sla_calendars_before or []),
            {"until": now.isoformat(), "choice": contract.sla_calendars or {}},
        ]
    return update_contract(contract, values, actor=actor, now=now)


def breach_reasons(ticket_ids) -> dict[tuple[int, str], BreachReason]:
    """The recorded reasons of these tickets' missed service levels, by (ticket id, metric)."""
    ids = list(ticket_ids)
    if not ids:
        return {}
    found = {}
    for start in range(0, len(ids), 500):
        rows = db.session.scalars(
            sa.select(BreachReason).where(BreachReason.ticket_id.in_(ids[start : start + 500]))
        )
        found.update({(row.ticket_id, row.metric): row for row in rows})
    return found


def set_breach_reason(
    ticket, metric: str, reason: str, note: str, *, actor, now: datetime
) -> BreachReason:
    """Record (or change) why one service level of a ticket was missed."""
    if reason not in BREACH_REASONS:
        raise SettingsError(_("Choose a reason from the list."))
    note = note.strip()[:500]
    if reason == "other" and not note:
        raise SettingsError(_("Say in a few words what the other reason was."))
    row = db.session.scalar(
        sa.select(BreachReason).where(
            BreachReason.ticket_id == ticket.id, BreachReason.metric == metric
        )
    )
    before = (row.reason, row.note) if row else None
    if row is None:
        row = BreachReason(ticket_id=ticket.id, metric=metric)
        db.session.add(row)
    row.reason, row.note = reason, note
    row.recorded_by_id, row.recorded_at = getattr(actor, "id", None), now
    db.session.flush()
    record(
        actor,
        "sla.breach_reason",
        ticket,
        {
            "metric": metric,
            "reason": reason,
            "note": note,
            **({"before": list(before)} if before else {}),
        },
        now=now,
    )
    return row
