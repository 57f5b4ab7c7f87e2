"""Worker job: closing resolved tickets the requester never confirmed (auto-close)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.clocks import store
from app.clocks.calendar import WorkCalendar, time_minutes
from app.clocks.clock import elapsed
from app.contracts.models import Contract
from app.contracts.services import get_contract
from app.extensions import db
from app.tickets.models import Ticket
from app.worker import job


def close_unconfirmed(now: datetime, *, contract: Contract | None = None) -> int:
    """Resolved tickets close after `auto_close_business_days` of office time without a reply."""
    from app.tickets import actions

    contract = contract or get_contract()
    calendars = store.calendars()
    office = calendars.get(contract.office_calendar) or calendars[store.OFFICE]
    limit = contract.auto_close_business_days * business_day_minutes(office)
    resolved = db.session.execute(
        sa.select(Ticket.resolved_at).where(
            Ticket.status == "resolved", Ticket.resolved_at.is_not(None)
        )
    ).scalars()
    # elapsed service time only shrinks as resolved_at grows: the latest stale one is the cutoff
    stale = [at for at in resolved if elapsed(office, at, now) >= limit]
    if not stale:
        return 0
    return len(actions.auto_close_due(now, max(stale), contract))


def business_day_minutes(calendar: WorkCalendar) -> int:
    """Service minutes of the calendar's usual working day (9 h for 09:00–18:00)."""
    totals = [
        sum(time_minutes(end) - time_minutes(start) for start, end in hours)
        for hours in calendar.weekly_hours
        if hours
    ]
    return max(set(totals), key=totals.count) if totals else 540


@job("auto_close", every_seconds=300)
def auto_close_job(now: datetime) -> int:
    """Every five minutes: close resolved tickets the requester never confirmed."""
    store.invalidate()
    return close_unconfirmed(now)
