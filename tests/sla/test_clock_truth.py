"""Every figure a person reads is the SLA clock's: the same countdown in the pages, the
dispatch mail and the API; an arrival clock per dispatch; pauses per waiting reason as the
contract says; a new call without a clock leads its priority band."""

import re
from html import unescape

import pytest
import sqlalchemy as sa
import time_machine

from app.clocks import tracking
from app.clocks.replay import replay
from app.contracts.services import get_contract
from app.extensions import db
from app.mail.models import OutboxMessage
from app.sla import scan
from app.sla.models import SlaNotification
from app.tickets import actions, services
from app.tickets.models import Ticket
from tests.conftest import make_user
from tests.factories import open_ticket, perform
from tests.sla.helpers import sh, staff_contract, user
from tests.unit.test_replay import CALENDARS, created, story

FRIDAY_1810 = sh(2026, 11, 27, 18, 10)  # after office hours: nothing counts until Monday 09:00


def plain(html: str) -> str:
    """The words of an HTML fragment, spaces squeezed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()


def sentence(html: str, testid: str) -> str:
    """The countdown sentence marked with data-testid in a page."""
    found = re.search(rf'<span class="countdown[^"]*" data-testid="{testid}".*?</span>', html, re.S)
    assert found, f"no {testid} countdown"
    return plain(found.group(0))


def test_the_same_countdown_in_the_mail_the_pages_and_the_api(app, users, login_as, api):
    with time_machine.travel(FRIDAY_1810, tick=False) as traveller:
        with app.test_request_context():
            staff_contract()
            ticket = open_ticket(now=sh(2026, 11, 27, 17, 40), urgency="high", impact="medium")
            perform(actions.accept, ticket, "agent", sh(2026, 11, 27, 17, 45))
            perform(actions.dispatch, ticket, "agent", FRIDAY_1810, engineer=user("engineer"))
            number = ticket.number
            mail = db.session.scalar(
                sa.select(OutboxMessage.body_text).where(OutboxMessage.subject.contains("Dispatch"))
            )
        expected = (
            "10 min of service time left · paused outside service hours, "
            "resumes 11-30 09:00 (due 11-30 09:10)"
        )
        assert f"Arrival clock: {expected}" in mail
        traveller.move_to(sh(2026, 11, 27, 18, 20))
        engineer = login_as("engineer")
        assert sentence(engineer.get("/dispatches").get_data(as_text=True), "countdown") == expected
        timeline = engineer.get(f"/tickets/{number}/sla").get_data(as_text=True)
        onsite = timeline[timeline.index('data-metric="onsite_arrival"') :]
        assert sentence(onsite, "sla-countdown") == expected
        body = api("agent").get(f"/api/v1/tickets/{number}").get_json()
        arrival = next(c for c in body["sla"] if c["metric"] == "onsite_arrival")
        assert arrival["countdown"] == {
            "left_minutes": 10.0,
            "running": False,
            "paused_for": "off_hours",
            "resumes_at": "2026-11-30T09:00:00+08:00",
            "due_at": "2026-11-30T09:10:00+08:00",
            "text": expected,
        }
        assert arrival["state"] == "running"  # the clock has not stopped; it is not counting
        # the queue's due column reads the ticket's most urgent clock the same way
        queue = login_as("agent").get("/desk").get_data(as_text=True)
        row = queue[queue.index(f'id="row-{number}"') :]
        assert "Onsite arrival" in plain(row[: row.index("</tr>")])
        assert sentence(row, "countdown") == expected
        # Monday 09:04: counting, 6 minutes left, counted down in the page until 18:00
        traveller.move_to(sh(2026, 11, 30, 9, 4))
        page = login_as("engineer").get("/dispatches").get_data(as_text=True)
        assert sentence(page, "countdown") == "6 min of service time left · running (due 09:10)"
        assert 'data-left="360" data-counts-for="32160"' in page


def test_in_chinese_the_mail_says_it_with_full_width_punctuation(app, users):
    with app.test_request_context():
        staff_contract()
        engineer = make_user("engineer", "gong@vendor.test", name="龚工", language="zh")
        ticket = open_ticket(now=sh(2026, 11, 27, 17, 40))
        perform(actions.accept, ticket, "agent", sh(2026, 11, 27, 17, 45))
        perform(actions.dispatch, ticket, "agent", FRIDAY_1810, engineer=engineer)
        mail = db.session.scalar(
            sa.select(OutboxMessage.body_text).where(OutboxMessage.recipient == "gong@vendor.test")
        )
    assert "剩余服务时间 10 分钟 · 非服务时间暂停，11-30 09:00 恢复计时（11-30 09:10 到期）" in mail


def arrival_clocks(ticket, now):
    clocks = services.sla_clocks(ticket, now=now, contract=get_contract())
    return [clock for clock in clocks if clock.metric == "onsite_arrival"]


def test_a_reopen_and_a_second_dispatch_start_a_new_arrival_clock(req, login_as):
    staff_contract()
    ticket = open_ticket(now=sh(2026, 11, 30, 9, 0), urgency="high", impact="medium")
    perform(actions.accept, ticket, "agent", sh(2026, 11, 30, 9, 1))
    perform(actions.dispatch, ticket, "agent", sh(2026, 11, 30, 9, 2), engineer=user("engineer"))
    perform(actions.arrive, ticket, "engineer", sh(2026, 11, 30, 9, 9))
    perform(actions.resolve, ticket, "engineer", sh(2026, 11, 30, 9, 30))
    perform(actions.reopen, ticket, "employee", sh(2026, 11, 30, 14, 0), "broken again")
    perform(actions.dispatch, ticket, "agent", sh(2026, 11, 30, 14, 5), engineer=user("engineer"))
    first, second = arrival_clocks(ticket, sh(2026, 11, 30, 14, 13))
    # the first visit keeps its result; the second has its own 10 minutes
    assert (first.state, first.sequence, first.used_minutes) == ("met", 1, 7)
    assert (second.state, second.sequence, second.started_at) == (
        "running",
        2,
        sh(2026, 11, 30, 14, 5),
    )
    assert second.due_at == sh(2026, 11, 30, 14, 15) == ticket.due_at
    # the scan warns of the second visit although the first one's levels are on record
    db.session.add(
        SlaNotification(
            ticket_id=ticket.id,
            metric="onsite_arrival",
            level="warning",
            sent_at=sh(2026, 11, 30, 9, 10),
            recipients=[],
        )
    )
    db.session.commit()
    scan.scan(sh(2026, 11, 30, 14, 13))
    db.session.commit()
    levels = db.session.scalars(
        sa.select(SlaNotification.metric).where(SlaNotification.level == "warning")
    ).all()
    assert sorted(levels) == ["onsite_arrival", "onsite_arrival#2"]


@pytest.mark.parametrize(("changed_after", "first_state"), [(4, "cancelled"), (12, "breached")])
def test_another_engineer_gets_a_clock_of_their_own(req, changed_after, first_state):
    staff_contract()
    other = make_user("engineer", "eng2@vendor.test")
    ticket = open_ticket(now=sh(2026, 11, 30, 9, 0))
    perform(actions.accept, ticket, "agent", sh(2026, 11, 30, 9, 1))
    perform(actions.dispatch, ticket, "agent", sh(2026, 11, 30, 9, 2), engineer=user("engineer"))
    changed = sh(2026, 11, 30, 9, 2 + changed_after)
    perform(actions.dispatch, ticket, "agent", changed, engineer=other)
    first, second = arrival_clocks(ticket, changed)
    # without an arrival the replaced visit has no verdict, unless its time was already up
    assert (first.state, first.stopped_at) == (first_state, changed)
    assert (second.state, second.used_minutes) == ("running", 0)


# Each clock that measures the vendor × each waiting reason, under the contract's settings.

STARTS = {
    "remote_limit": [("start_remote",)],
    "onsite_arrival": [("accept",), ("dispatch",)],
    "resolution": [("accept",)],
}
WAITS = {"customer": "pending_customer", "vendor": "pending_vendor"}


@pytest.mark.parametrize("metric", sorted(STARTS))
@pytest.mark.parametrize("waiting_for", sorted(WAITS))
@pytest.mark.parametrize(
    "vendor_pauses", [["resolution"], [], ["remote_limit", "onsite_arrival", "resolution"]]
)
def test_each_clock_pauses_per_waiting_reason_as_the_contract_says(
    ctx, metric, waiting_for, vendor_pauses
):
    contract = get_contract()
    contract.vendor_wait_pauses = vendor_pauses
    steps = [created(sh(2026, 11, 30, 9, 0))]
    at = sh(2026, 11, 30, 9, 1)
    for (action,) in STARTS[metric]:
        steps.append((at, action))
    steps.append((sh(2026, 11, 30, 9, 3), "pend", WAITS[waiting_for]))
    now = sh(2026, 11, 30, 11, 0)
    found = replay(story(*steps), tracking.contract_metrics(contract), CALENDARS, now)
    clock = next(c for c in found if c.metric == metric)
    pauses = waiting_for == "customer" or metric in vendor_pauses
    assert clock.state == (
        "paused" if pauses else "breached" if metric != "resolution" else "running"
    )
    assert clock.used_minutes == (2 if pauses else 119)


def test_the_desk_response_is_never_paused_by_a_wait(ctx):
    assert tracking.pause_statuses(get_contract(), "response") == ()


def test_a_manager_sets_the_third_party_pauses_on_the_contract_page(app, login_as):
    from tests.web.test_foundation import contract_form

    manager = login_as("manager")
    page = manager.get("/contract/").get_data(as_text=True)
    assert 'checked id="vendor_wait_pauses-2" name="vendor_wait_pauses" type="checkbox"' in page
    assert 'id="vendor_wait_pauses-1" name="vendor_wait_pauses" type="checkbox"' in page
    assert "Waiting for the user pauses every clock that measures the vendor" in page
    chosen = ["onsite_arrival", "resolution"]
    saved = manager.form("/contract/", contract_form(vendor_wait_pauses=chosen))
    assert saved.status_code == 302
    with app.app_context():
        assert get_contract().vendor_wait_pauses == chosen
    refused = manager.form("/contract/", contract_form(vendor_wait_pauses=["response"]))
    assert refused.status_code == 422


# The queue and the cached due times.


def test_a_phone_ticket_without_a_clock_sorts_first_in_its_band(app, users, login_as, api):
    with time_machine.travel(sh(2026, 11, 30, 10, 0), tick=False):
        with app.test_request_context():
            accepted = open_ticket(now=sh(2026, 11, 30, 9, 0), urgency="high", impact="medium")
            perform(actions.accept, accepted, "agent", sh(2026, 11, 30, 9, 1))
            urgent = open_ticket(now=sh(2026, 11, 30, 9, 58), urgency="high", impact="high")
            numbers = accepted.number, urgent.number
        call = api("agent").post(
            "/api/v1/tickets",
            {
                "title": "Cannot print the board pack",
                "catalog_item": "sw.client",
                "channel": "phone",
                "urgency": "high",
                "impact": "medium",
            },
        )
        assert call.status_code == 201 and call.get_json()["status"] == "new"
        with app.app_context():
            assert (
                db.session.scalar(
                    sa.select(Ticket.due_at).filter_by(number=call.get_json()["number"])
                )
                is None
            )
        page = login_as("agent").get("/desk").get_data(as_text=True)
    order = re.findall(r'<tr id="row-([\w-]+)"', page)
    # P1 first; then the P2 band led by the call nobody has taken, before the accepted ticket
    assert order == [numbers[1], call.get_json()["number"], numbers[0]]


def test_finished_tickets_carry_no_due_time(req):
    ticket = open_ticket(now=sh(2026, 11, 30, 9, 0))
    perform(actions.accept, ticket, "agent", sh(2026, 11, 30, 9, 1))
    perform(actions.resolve, ticket, "agent", sh(2026, 11, 30, 9, 30))
    assert ticket.due_at is None
    perform(actions.reopen, ticket, "employee", sh(2026, 11, 30, 10, 0), "no")
    assert ticket.due_at is not None
    perform(actions.resolve, ticket, "agent", sh(2026, 11, 30, 10, 30))
    perform(actions.confirm, ticket, "employee", sh(2026, 11, 30, 10, 40))
    assert ticket.due_at is None
