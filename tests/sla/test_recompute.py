"""A contract or calendar change recomputes the open tickets' due times in the worker, once."""

from datetime import datetime

import pytest
import sqlalchemy as sa

from app.clocks import tracking
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.sla import scan
from app.sla.models import SlaWatch
from app.tickets import actions, services
from app.tickets.models import Ticket
from app.worker import engine, run_once
from tests.factories import open_ticket, perform
from tests.sla.helpers import service_levels_form, sh, staff_contract
from tests.web.test_foundation import contract_form

NOTE = "Due times of open tickets are being recomputed in the background"


@pytest.fixture
def tickets(app, users) -> dict[str, int]:
    """P2 tickets (8 h): one accepted Monday 23 November 2026 at 15:00, one resolved."""
    with app.test_request_context():
        staff_contract()
        accepted = open_ticket(now=sh(2026, 11, 23, 14, 59), urgency="high", impact="medium")
        perform(actions.accept, accepted, "agent", sh(2026, 11, 23, 15, 0))
        resolved = open_ticket(now=sh(2026, 11, 23, 14, 59), urgency="high", impact="medium")
        perform(actions.accept, resolved, "agent", sh(2026, 11, 23, 15, 0))
        perform(actions.resolve, resolved, "agent", sh(2026, 11, 23, 16, 0))
        db.session.commit()
        scan.scan(utcnow())  # the worker has caught up: no watch row is due
        db.session.commit()
        return {"accepted": accepted.id, "resolved": resolved.id}


def due_at(app, ticket_id: int) -> datetime | None:
    with app.app_context():
        return db.session.get(Ticket, ticket_id).due_at


def run_worker_once(app) -> str:
    """`flask worker --once`, limited to the SLA scan (the mail jobs would try to send)."""
    result = app.test_cli_runner().invoke(args=["worker", "--once", "--only", "sla_scan"])
    assert result.exit_code == 0, result.output
    return result.output


def watched_now(app) -> int:
    with app.app_context():
        rows = sa.select(sa.func.count()).where(SlaWatch.check_at <= utcnow())
        return db.session.scalar(rows)


def test_a_contract_edit_moves_open_due_times_in_the_worker(app, login_as, tickets):
    # 8 h: Monday 15:00–18:00 and Tuesday 09:00–14:00
    assert due_at(app, tickets["accepted"]) == sh(2026, 11, 24, 14, 0)
    manager = login_as("manager")
    page = manager.form(
        "/contract/service-levels",
        service_levels_form(resolution_p2=(4, "hours")),
        follow_redirects=True,
    )
    assert page.status_code == 200 and NOTE in page.get_data(as_text=True)
    # the request only asked for it: the due time is still the old one
    assert due_at(app, tickets["accepted"]) == sh(2026, 11, 24, 14, 0)
    assert watched_now(app) == 1  # the open ticket, not the resolved one
    output = run_worker_once(app)
    assert "'due_at_changed': 1" in output
    assert due_at(app, tickets["accepted"]) == sh(2026, 11, 24, 10, 0)  # 4 h
    assert due_at(app, tickets["resolved"]) is None
    with app.app_context():
        ticket = db.session.get(Ticket, tickets["accepted"])
        clocks = services.sla_clocks(ticket, now=utcnow(), contract=get_contract())
        assert ticket.due_at == tracking.earliest_due(clocks)  # what `sla rebuild` would write
    assert watched_now(app) == 0
    assert "sla_scan:" not in run_worker_once(app)  # a second round has nothing to report


def test_two_workers_recompute_once(app, login_as, tickets):
    login_as("manager").form(
        "/contract/service-levels", service_levels_form(resolution_p2=(4, "hours"))
    )
    with app.app_context():
        with engine().lock_task("sla_scan", ttl=240):  # worker a is scanning
            assert run_once(["sla_scan"], holder="worker-b") == {"sla_scan": "busy"}
        first = run_once(["sla_scan"], holder="worker-a")
        second = run_once(["sla_scan"], holder="worker-b")
    assert first["sla_scan"]["due_at_changed"] == 1
    assert second == {"sla_scan": 0}  # nothing left to look at
    assert due_at(app, tickets["accepted"]) == sh(2026, 11, 24, 10, 0)


def test_settings_the_clocks_do_not_use_change_nothing(app, login_as, tickets):
    page = login_as("manager").form(
        "/contract/", contract_form(support_phone="021-2"), follow_redirects=True
    )
    assert page.status_code == 200 and NOTE not in page.get_data(as_text=True)
    assert watched_now(app) == 0
    assert "A change to the targets also changes the due times" in page.get_data(as_text=True)


def test_a_calendar_override_moves_open_due_times_in_the_worker(app, login_as, tickets):
    page = login_as("manager").form(
        "/sla/calendars/office/overrides",
        {"day": "2026-11-24", "kind": "holiday", "name": "Company day"},
        follow_redirects=True,
    )
    assert page.status_code == 200 and NOTE in page.get_data(as_text=True)
    assert due_at(app, tickets["accepted"]) == sh(2026, 11, 24, 14, 0)
    run_worker_once(app)
    assert due_at(app, tickets["accepted"]) == sh(2026, 11, 25, 14, 0)  # Tuesday is off now


def test_a_due_time_set_by_a_newer_change_is_kept(req, tickets):
    ticket = db.session.get(Ticket, tickets["accepted"])
    seen = ticket.version
    perform(actions.pend, ticket, "agent", sh(2026, 11, 23, 16, 0), waiting_for="customer")
    db.session.commit()
    assert ticket.due_at is None  # paused: no running deadline
    # a scan that read the ticket before the pause writes nothing over it
    scan._write_due([{"key": ticket.id, "seen_version": seen, "due": sh(2026, 11, 24, 10, 0)}])
    db.session.commit()
    assert db.session.get(Ticket, ticket.id).due_at is None
