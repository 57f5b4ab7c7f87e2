"""The worker's SLA scan (warnings, breaches, further levels) and auto-close."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.clocks import store, tracking
from app.contracts.services import get_contract
from app.extensions import db
from app.mail.models import OutboxMessage
from app.sla import autoclose, scan
from app.sla.models import EscalationLevel, SlaNotification, SlaWatch
from app.tickets import actions
from app.tickets.models import Ticket
from app.worker import run_once
from tests.factories import open_ticket, perform
from tests.sla.helpers import sh, sla_mail, staff_contract

LEAD = "lead@vendor.test"
AGENT = "agent@vendor.test"
MANAGER = "mgr@vendor.test"
CLIENT_IT = "appr@client.test"


@pytest.fixture
def accepted(req):
    """A P2 ticket (8 h resolution) accepted by the agent on Monday 23 November 2026 at 09:00."""
    staff_contract()
    ticket = open_ticket(now=sh(2026, 11, 23, 8, 59), urgency="high", impact="medium")
    perform(actions.accept, ticket, "agent", sh(2026, 11, 23, 9, 0))
    db.session.commit()
    return ticket


def test_warning_once_to_assignee_and_lead_then_breach_to_vendor_manager(accepted):
    assert scan.scan(sh(2026, 11, 23, 15, 0))["notifications"] == 0  # 75 % used
    counts = scan.scan(sh(2026, 11, 23, 15, 30))  # 81 % used
    assert counts == {"tickets": 1, "notifications": 1, "mails": 2, "due_at_changed": 0}
    mails = sla_mail()
    assert sorted(to for to, _ in mails) == [AGENT, LEAD]
    assert all(subject.startswith(f"[{accepted.number}] SLA warning") for _, subject in mails)
    assert scan.scan(sh(2026, 11, 23, 16, 0))["notifications"] == 0  # not twice
    scan.scan(sh(2026, 11, 23, 17, 0))  # due 09:00 + 8 h
    assert sla_mail()[2:] == [(MANAGER, f"[{accepted.number}] SLA breached: Resolution")]
    scan.scan(sh(2026, 11, 24, 10, 0))
    assert len(sla_mail()) == 3
    levels = sa.select(SlaNotification.level).order_by(SlaNotification.id)
    assert db.session.scalars(levels).all() == ["warning", "breach"]
    body = db.session.scalar(
        sa.select(OutboxMessage.body_text).where(OutboxMessage.recipient == LEAD)
    )
    assert accepted.number in body and "81%" in body and "2026-11-23 17:00" in body


def check_at(ticket):
    return db.session.scalar(sa.select(SlaWatch.check_at).where(SlaWatch.ticket_id == ticket.id))


def test_the_watch_row_says_when_to_look_next(accepted):
    assert check_at(accepted) == sh(2026, 11, 23, 9, 0)  # a new history line: look now
    scan.scan(sh(2026, 11, 23, 9, 1))
    assert check_at(accepted) == sh(2026, 11, 23, 15, 24)  # 80 % of 8 h after 09:00
    scan.scan(sh(2026, 11, 23, 15, 24))
    assert check_at(accepted) == sh(2026, 11, 23, 17, 0)
    perform(actions.resolve, accepted, "agent", sh(2026, 11, 23, 16, 0))
    db.session.commit()
    assert check_at(accepted) == sh(2026, 11, 23, 16, 0)
    scan.scan(sh(2026, 11, 23, 16, 1))
    assert check_at(accepted) is None  # nothing left to chase


def test_nothing_is_sent_outside_service_time(req):
    staff_contract()
    ticket = open_ticket(now=sh(2026, 11, 23, 10, 59), urgency="high", impact="medium")
    perform(
        actions.accept, ticket, "agent", sh(2026, 11, 23, 11, 0)
    )  # warning 17:24, due Tue 10:00
    db.session.commit()
    assert scan.scan(sh(2026, 11, 23, 18, 30))["notifications"] == 0
    assert sla_mail() == []
    assert check_at(ticket) == sh(2026, 11, 24, 9, 0)
    assert scan.scan(sh(2026, 11, 24, 9, 0))["notifications"] == 1
    assert sorted(to for to, _ in sla_mail()) == [AGENT, LEAD]
    assert scan.scan(sh(2026, 11, 24, 10, 0))["notifications"] == 1
    assert sla_mail()[-1][0] == MANAGER


def test_a_further_level_at_150_percent_any_time(accepted):
    db.session.add(
        EscalationLevel(
            metric="resolution", percent=150, recipients=["client_it_contact"], any_time=True
        )
    )
    db.session.add(
        EscalationLevel(metric="onsite_arrival", percent=50, recipients=["client_it_contact"])
    )
    db.session.commit()
    # 12 h of service: Monday's 9 h and 3 h on Tuesday; 150 % is reached at Tue 12:00
    scan.scan(sh(2026, 11, 24, 11, 59))
    assert [to for to, _ in sla_mail()].count(CLIENT_IT) == 0
    scan.scan(sh(2026, 11, 24, 12, 0))
    assert sla_mail()[-1] == (CLIENT_IT, f"[{accepted.number}] SLA escalation: Resolution")


def test_two_workers_send_each_level_once(app, accepted):
    first = run_once(["sla_scan"], holder="worker-a", now=sh(2026, 11, 23, 15, 30))
    assert first["sla_scan"]["notifications"] == 1
    # the second worker finds the watch row reset by a new history line, yet sends nothing new
    db.session.execute(sa.update(SlaWatch).values(check_at=sh(2026, 11, 23, 15, 0)))
    db.session.commit()
    second = run_once(["sla_scan"], holder="worker-b", now=sh(2026, 11, 23, 15, 31))
    assert second["sla_scan"]["notifications"] == 0
    assert len(sla_mail()) == 2


def test_the_unique_row_stops_a_concurrent_second_send(accepted):
    contract = get_contract()
    now = sh(2026, 11, 23, 15, 30)
    rows = scan._load([accepted.id]).rows[accepted.id]
    metrics = tracking.contract_metrics(contract)
    clocks = scan.ticket_clocks(accepted, rows, metrics, store.calendars(), now)
    clock = next(c for c in clocks if c.metric == "resolution")
    warning = scan.levels(contract)[0]
    assert scan.notify(accepted, clock, warning, contract=contract, now=now) == 2
    # a second worker that read the history before the first one committed loses the insert
    assert scan.notify(accepted, clock, warning, contract=contract, now=now) is None
    assert len(sla_mail()) == 2


def test_resolved_tickets_are_not_chased(accepted):
    perform(actions.resolve, accepted, "agent", sh(2026, 11, 23, 10, 0))
    db.session.commit()
    assert scan.scan(sh(2026, 11, 24, 10, 0))["notifications"] == 0


def test_response_warning_goes_to_the_desk_lead_when_nobody_is_assigned(req):
    staff_contract()
    ticket = open_ticket(
        now=sh(2026, 11, 23, 10, 0), urgency="high", impact="medium", channel="email"
    )  # 5 min to respond
    db.session.commit()
    scan.scan(sh(2026, 11, 23, 10, 4))
    assert sla_mail() == [(LEAD, f"[{ticket.number}] SLA warning: Desk response")]


def test_auto_close_after_three_business_days_of_office_time(req):
    staff_contract()
    ticket = open_ticket(now=sh(2026, 11, 27, 9, 0), urgency="high", impact="medium")
    perform(actions.accept, ticket, "agent", sh(2026, 11, 27, 9, 1))
    perform(actions.resolve, ticket, "agent", sh(2026, 11, 27, 17, 0))  # a Friday
    db.session.commit()
    # 27 h of office time: Fri 1 h, Mon 9 h, Tue 9 h, Wed 8 h → Wednesday 17:00
    assert autoclose.close_unconfirmed(sh(2026, 12, 2, 16, 59)) == 0
    assert run_once(["auto_close"], holder="w", now=sh(2026, 12, 2, 17, 0)) == {"auto_close": 1}
    closed = db.session.get(Ticket, ticket.id)
    db.session.refresh(closed)
    assert closed.status == "closed" and closed.closed_at == sh(2026, 12, 2, 17, 0)
    assert autoclose.business_day_minutes(store.calendars()["office"]) == 540
    assert closed.closed_at - closed.resolved_at == timedelta(days=5)
