"""S7 onsite arrival: a resolution without an "arrived" mark stops the clock with a verdict."""

import re
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from app.clocks import tracking
from app.clocks.defaults import default_metrics
from app.clocks.replay import Event, replay
from app.contracts.services import get_contract
from app.extensions import db
from app.sla import routes, scan
from app.sla.models import SlaNotification
from app.tickets import actions, services
from tests.factories import open_ticket, perform
from tests.sla.helpers import sh, sla_mail, staff_contract, user
from tests.unit.test_replay import CALENDARS, check_clock, created, histories, story

METRICS = default_metrics()
DONE = ("resolved", "closed", "cancelled")
LEVELS = [
    scan.Level("warning", 80, ("assignee",)),
    scan.Level("breach", 100, ("vendor_project_manager",)),
]


def onsite(events, now):
    found = [c for c in replay(events, METRICS, CALENDARS, now) if c.metric == "onsite_arrival"]
    return found[0] if found else None


def dispatched_at(at: datetime, *steps: tuple) -> list[Event]:
    """A web hardware ticket accepted at 09:00 on Tuesday 3 March 2026, dispatched at `at`."""
    return story(
        created(sh(2026, 3, 3, 8, 55)),
        (sh(2026, 3, 3, 9, 0), "accept"),
        (at, "dispatch"),
        *steps,
    )


@pytest.mark.parametrize(
    ("resolved_after", "state"),
    [(5, "met"), (10, "met"), (11, "breached"), (40, "breached")],
)
def test_a_resolution_without_arrival_stops_the_clock_within_or_past_the_limit(
    resolved_after, state
):
    start = sh(2026, 3, 3, 9, 5)
    resolved = start + timedelta(minutes=resolved_after)
    clock = onsite(dispatched_at(start, (resolved, "resolve")), sh(2026, 3, 4, 12, 0))
    assert (clock.state, clock.stopped_at) == (state, resolved)
    assert clock.used_minutes == resolved_after
    assert clock.due_at == sh(2026, 3, 3, 9, 15)


def test_the_limit_counts_service_time_across_the_night():
    # 5 minutes before Friday 18:00 and 4 after Monday 09:00: within 10 minutes
    events = dispatched_at(sh(2026, 3, 6, 17, 55), (sh(2026, 3, 9, 9, 4), "resolve"))
    clock = onsite(events, sh(2026, 3, 9, 12, 0))
    assert (clock.state, clock.used_minutes) == ("met", 9)


def test_an_arrival_before_the_resolution_keeps_its_verdict():
    events = dispatched_at(
        sh(2026, 3, 3, 9, 5), (sh(2026, 3, 3, 9, 17), "arrive"), (sh(2026, 3, 3, 9, 20), "resolve")
    )
    clock = onsite(events, sh(2026, 3, 3, 12, 0))
    assert (clock.state, clock.stopped_at) == ("breached", sh(2026, 3, 3, 9, 17))


def test_waiting_for_the_customer_pauses_it_and_a_cancel_gives_no_verdict():
    start = sh(2026, 3, 3, 9, 5)
    pended = (sh(2026, 3, 3, 9, 8), "pend", "pending_customer")
    later = sh(2026, 3, 3, 12, 0)
    resolved = onsite(dispatched_at(start, pended, (sh(2026, 3, 3, 9, 35), "resolve")), later)
    assert (resolved.state, resolved.used_minutes, resolved.paused_minutes) == ("met", 3, 27)
    cancelled = onsite(dispatched_at(start, pended, (sh(2026, 3, 3, 9, 35), "cancel")), later)
    assert cancelled.state == "cancelled"


def test_a_reopen_leaves_the_stopped_clock_alone():
    events = dispatched_at(
        sh(2026, 3, 3, 9, 5),
        (sh(2026, 3, 3, 9, 10), "resolve"),
        (sh(2026, 3, 4, 9, 0), "reopen"),
    )
    result = {c.metric: c for c in replay(events, METRICS, CALENDARS, sh(2026, 3, 4, 10, 0))}
    assert (result["onsite_arrival"].state, result["resolution"].state) == ("met", "running")
    assert tracking.earliest_due(list(result.values())) == result["resolution"].due_at


# Random histories that follow the ticket status machine (app.tickets.rules), as the services
# record them: resolve straight from dispatched or from a pause after the dispatch included.


def final_status(events: list[Event]) -> str:
    return [event.to_status for event in events if event.to_status][-1]


@settings(max_examples=300, deadline=None, database=None)
@given(histories(resolve_weight=2), st.integers(0, 10 * 86400))
def test_random_histories_leave_no_clock_running_on_finished_work(events, after):
    last = events[-1].at
    now = last + timedelta(seconds=after)
    result = replay(events, METRICS, CALENDARS, now)
    for clock in result:
        check_clock(clock, now)
    # Ticket.due_at, written at the last history line, stays the replay's answer later on
    assert tracking.earliest_due(replay(events, METRICS, CALENDARS, last)) == (
        tracking.earliest_due(result)
    )
    if final_status(events) in DONE:
        assert all(clock.stopped_at is not None for clock in result)
    clock = next((c for c in result if c.metric == "onsite_arrival"), None)
    dispatches = [e.at for e in events if e.action == "dispatch"]
    resolves = [
        e.at for e in events if e.action == "resolve" and dispatches and e.at > dispatches[0]
    ]
    if resolves:
        assert clock.stopped_at is not None and clock.stopped_at <= resolves[0]
    if clock is not None and clock.stopped_at in resolves:
        # no arrival before the resolution: met only if it came within the arrival limit
        assert clock.state == ("met" if clock.used_minutes <= clock.target_minutes else "breached")
    # the scan chases running clocks only: nothing about a stopped one is ever sent
    decided = scan.plan(result, set(), LEVELS, CALENDARS, now)
    assert all(clock.stopped_at is None for clock, _ in decided.send)


# Through the ticket services and the worker's scan, on the database.


def onsite_notices() -> list[str]:
    rows = sa.select(SlaNotification.level).where(SlaNotification.metric == "onsite_arrival")
    return list(db.session.scalars(rows))


def dispatched_ticket(at: datetime):
    """A system ticket accepted at 09:00 on Monday 23 November 2026, dispatched at `at`."""
    staff_contract()
    ticket = open_ticket(now=sh(2026, 11, 23, 8, 58), urgency="high", impact="medium")
    perform(actions.accept, ticket, "agent", sh(2026, 11, 23, 9, 0))
    perform(actions.dispatch, ticket, "agent", at, engineer=user("engineer"))
    return ticket


def onsite_clock(ticket, now):
    clocks = services.sla_clocks(ticket, now=now, contract=get_contract())
    return next(clock for clock in clocks if clock.metric == "onsite_arrival")


def test_resolved_without_a_visit_then_reopened_brings_no_arrival_notice(req):
    ticket = dispatched_ticket(sh(2026, 11, 23, 9, 1))
    perform(actions.resolve, ticket, "agent", sh(2026, 11, 23, 9, 6), note="fixed over the phone")
    db.session.commit()
    clock = onsite_clock(ticket, sh(2026, 11, 23, 12, 0))
    assert (clock.state, clock.stopped_at) == ("met", sh(2026, 11, 23, 9, 6))
    assert ticket.due_at is None  # nothing left to run
    perform(actions.reopen, ticket, "employee", sh(2026, 11, 23, 9, 30), "broken again")
    db.session.commit()
    assert ticket.due_at == sh(2026, 11, 23, 17, 24)  # P2: 8 h, 6 min used before the resolve
    for at in (sh(2026, 11, 23, 9, 30), sh(2026, 11, 23, 15, 30), sh(2026, 11, 23, 17, 30)):
        scan.scan(at)
        db.session.commit()
    assert onsite_notices() == []
    assert [subject for _, subject in sla_mail() if "Onsite" in subject] == []
    assert len(sla_mail()) == 3  # resolution: warning to two people, breach to one


def test_late_without_a_visit_is_breached_and_chased_only_until_resolved(
    req, login_as, monkeypatch
):
    ticket = dispatched_ticket(sh(2026, 11, 23, 9, 1))
    db.session.commit()
    scan.scan(sh(2026, 11, 23, 9, 12))  # while the engineer is on the way: warning and breach
    db.session.commit()
    assert sorted(onsite_notices()) == ["breach", "warning"]
    mails = len(sla_mail())
    perform(actions.resolve, ticket, "agent", sh(2026, 11, 23, 9, 41), note="the user fixed it")
    perform(actions.reopen, ticket, "employee", sh(2026, 11, 23, 10, 0), "broken again")
    db.session.execute(sa.delete(SlaNotification))  # even with no record of earlier notices
    db.session.commit()
    scan.scan(sh(2026, 11, 23, 10, 0))
    db.session.commit()
    assert onsite_notices() == [] and len(sla_mail()) == mails
    clock = onsite_clock(ticket, sh(2026, 11, 23, 12, 0))
    assert (clock.state, clock.used_minutes) == ("breached", 40)
    monkeypatch.setattr(routes, "utcnow", lambda: sh(2026, 11, 23, 12, 0))
    text = login_as("agent").get(f"/tickets/{ticket.number}/sla").get_data(as_text=True)
    states = dict(re.findall(r'data-metric="(\w+)" data-state="(\w+)"', text))
    assert states["onsite_arrival"] == "breached" and states["resolution"] == "running"
