"""The ticket's SLA timeline fragment, polled by the ticket page."""

import re

import pytest

from app.contracts.services import get_contract
from app.extensions import db
from app.sla import routes
from app.tickets import actions
from tests.conftest import make_user
from tests.factories import open_ticket, perform
from tests.sla.helpers import sh, staff_contract


@pytest.fixture
def number(app, users):
    """A ticket accepted, paused for the customer, resumed and (still) running."""
    with app.test_request_context():
        staff_contract()
        ticket = open_ticket(
            now=sh(2026, 9, 30, 17, 0), urgency="high", impact="medium", channel="email"
        )
        perform(actions.accept, ticket, "agent", sh(2026, 9, 30, 17, 2))
        perform(actions.pend, ticket, "agent", sh(2026, 9, 30, 17, 30), waiting_for="customer")
        perform(actions.resume, ticket, "agent", sh(2026, 10, 8, 9, 0))
        db.session.commit()
        return ticket.number


@pytest.fixture(autouse=True)
def _now(monkeypatch):
    """The timeline replays up to the request's now: fix it at Thursday 8 October, 16:40."""
    monkeypatch.setattr(routes, "utcnow", lambda: sh(2026, 10, 8, 16, 40))


def test_timeline_fragment_shows_each_clock(login_as, number):
    response = login_as("agent").get(f"/tickets/{number}/sla", headers={"HX-Request": "true"})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "<html" not in text and "<h2>Service levels</h2>" in text
    clocks = dict(re.findall(r'data-metric="(\w+)" data-state="(\w+)"', text))
    # P2: 8 h; 28 min on 30 September, then 7 h 40 min since 09:00 on 8 October
    assert clocks == {"response": "met", "resolution": "breached"}
    assert "Desk response" in text and "Resolution" in text
    assert 'data-tone="breached"' in text and 'data-tone="ok"' in text
    # times in Shanghai, the pause and why, the countdown to the due instant
    assert "2026-09-30 17:02" in text and "2026-10-08 09:00" in text
    assert "Paused: " in text and "Running: Accept" in text and "paused 30 min" in text
    # the nights and the National Day holiday between count nothing: they read as paused
    assert "2026-09-30 17:30 – 2026-10-08 09:00 · Paused: Waiting for the user" in text
    assert "2026-10-08 09:00 – now · Running: Resume" in text
    # running past due: the service time over, counted on in the page until 18:00
    assert (
        'data-left="-480" data-counts-for="4800">8 min</strong> of service time past due'
        " · running (due 16:32)" in text
    )
    assert "Target" in text and "8 h" in text and "office" in text


@pytest.mark.parametrize(("minutes", "share", "tone"), [(600, 80, "warning"), (6000, 80, "ok")])
def test_the_tone_follows_the_contract_share(app, login_as, number, minutes, share, tone):
    with app.app_context():
        contract = get_contract()
        contract.resolution_p2_minutes = minutes  # used: 488 min
        contract.sla_warning_percent = share
        db.session.commit()
    text = login_as("agent").get(f"/tickets/{number}/sla").get_data(as_text=True)
    assert f'data-metric="resolution" data-state="running" data-tone="{tone}"' in text


def test_the_requester_sees_it_and_others_get_404(app, login_as, number):
    assert login_as("employee").get(f"/tickets/{number}/sla").status_code == 200
    with app.app_context():
        make_user("employee", "other@client.test")
        db.session.commit()
    other = app.test_client()
    other.login("other@client.test")
    assert other.get(f"/tickets/{number}/sla").status_code == 404
    assert login_as("agent").get("/tickets/INC-2026-999999/sla").status_code == 404


def test_an_untouched_ticket_has_one_clock_or_none(app, login_as, users):
    with app.test_request_context():
        ticket = open_ticket(
            now=sh(2026, 11, 23, 10, 0), urgency="high", impact="medium", channel="phone"
        )
        db.session.commit()
        number = ticket.number
    text = login_as("agent").get(f"/tickets/{number}/sla").get_data(as_text=True)
    assert "No service-level clock runs on this ticket yet." in text


def test_the_partial_included_with_clocks_and_now_only(app, number):
    """As the ticket page includes it: `clocks` and `now`, the warning share from the contract."""
    from flask import render_template_string

    from app.tickets import queries, services

    with app.test_request_context():
        ticket = db.session.scalar(queries.get_by_number(number))
        now = sh(2026, 10, 8, 10, 0)
        clocks = services.sla_clocks(ticket, now=now, contract=get_contract())
        html = render_template_string('{% include "sla/_timeline.html" %}', clocks=clocks, now=now)
    assert 'data-metric="resolution" data-state="running" data-tone="ok"' in html


def test_outside_service_hours_the_clock_says_when_it_counts_again(app, login_as, monkeypatch):
    with app.test_request_context():
        ticket = open_ticket(
            now=sh(2026, 9, 30, 17, 57), urgency="high", impact="medium", channel="email"
        )  # before National Day
        db.session.commit()
        number = ticket.number
    monkeypatch.setattr(routes, "utcnow", lambda: sh(2026, 10, 2, 11, 0))
    text = login_as("agent").get(f"/tickets/{number}/sla").get_data(as_text=True)
    assert 'data-metric="response" data-state="running"' in text
    # 5 min: 3 used until 18:00 on 30 September, 2 wait for the first working day
    assert (
        '<strong class="countdown-left">2 min</strong> of service time left · paused for'
        " National Day, resumes 10-08 09:00 (due 10-08 09:02)" in text
    )
    assert "data-left=" not in text  # nothing counts down through the holiday
    assert "2026-09-30 18:00 – now · Paused: National Day" in text

    monkeypatch.setattr(routes, "utcnow", lambda: sh(2026, 10, 8, 9, 1))
    text = login_as("agent").get(f"/tickets/{number}/sla").get_data(as_text=True)
    assert "paused for" not in text and 'data-left="60"' in text
    assert "2026-09-30 18:00 – 2026-10-08 09:00 · Paused: National Day" in text
    assert "2026-10-08 09:00 – now · Running: service hours" in text
