"""Escalations through the real services and database: timing on the contract's calendar,
each level once, confirmation, closing, triggers and who is told."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from app.contracts.services import get_contract
from app.escalations import services, subjects
from app.escalations.models import Escalation, EscalationStep
from app.escalations.rules import EscalationError
from app.extensions import db
from app.mail.models import OutboxMessage
from app.tickets.models import TicketEvent
from app.worker import run_once
from tests.concurrency import at_once
from tests.conftest import ROLE_EMAILS
from tests.escalations.helpers import all_mail, mails_to, set_matrix
from tests.factories import MONDAY_0912, open_ticket, person

# Wednesday 30 September 2026, 16:00 in Shanghai: two office hours before National Day
BEFORE_NATIONAL_DAY = datetime(2026, 9, 30, 8, 0, tzinfo=UTC)
# four office hours later: 16:00–18:00, the holiday 1–7 October, then 09:00–11:00 on the 8th
AFTER_NATIONAL_DAY = datetime(2026, 10, 8, 3, 0, tzinfo=UTC)


def escalate(ticket, *, now, kind="service", reason="Mainboard out of scope"):
    escalation = services.open_escalation(
        subjects.of(ticket), kind, reason, actor=person("agent"), now=now, contract=get_contract()
    )
    db.session.commit()
    return escalation


def test_the_next_level_waits_four_working_hours_across_the_holiday(ctx, users):
    set_matrix()
    ticket = open_ticket(now=BEFORE_NATIONAL_DAY - timedelta(hours=1))
    escalation = escalate(ticket, now=BEFORE_NATIONAL_DAY)
    (step,) = escalation.steps
    assert step.level == 1 and step.contact.email == ROLE_EMAILS["engineer"]
    assert step.climbs_at == AFTER_NATIONAL_DAY
    assert services.climb_due(AFTER_NATIONAL_DAY - timedelta(seconds=1), get_contract()) == 0
    assert services.climb_due(AFTER_NATIONAL_DAY, get_contract()) == 1
    db.session.commit()
    assert [s.level for s in escalation.steps] == [1, 2] and escalation.level == 2
    assert escalation.steps[1].fired_by == "time"
    # the top level has no next level, so it never climbs by time
    top = escalation.steps[1].climbs_at
    services.climb_due(top, get_contract())
    db.session.commit()
    assert escalation.level == 3 and escalation.steps[2].climbs_at is None


def test_a_confirmed_step_stops_the_climb(ctx, users):
    set_matrix()
    escalation = escalate(open_ticket(), now=MONDAY_0912)
    services.confirm(escalation, person("engineer"), via="portal", now=MONDAY_0912)
    db.session.commit()
    later = MONDAY_0912 + timedelta(days=30)
    assert services.climb_due(later, get_contract()) == 0
    assert (
        escalation.level == 1 and escalation.steps[0].confirmed_by.email == ROLE_EMAILS["engineer"]
    )
    with pytest.raises(EscalationError):
        services.confirm(escalation, person("manager"), via="portal", now=later)


def test_each_level_fires_once_with_two_workers_at_the_same_moment(app, users):
    with app.app_context():
        set_matrix()
        escalation = escalate(open_ticket(), now=MONDAY_0912)
        number = escalation.number
        due = escalation.steps[0].climbs_at
        db.session.remove()
    fired: list[int] = []

    def worker(ready):
        with app.app_context():
            ready()
            try:
                fired.append(services.climb_due(due, get_contract()))
                db.session.commit()
            except sa.exc.OperationalError:
                db.session.rollback()  # SQLite: the loser waits out the writer's lock
                fired.append(0)
            except sa.exc.IntegrityError:
                db.session.rollback()
                fired.append(0)
            finally:
                db.session.remove()

    at_once(worker, worker)
    with app.app_context():
        # and the worker's own job, run twice more, finds nothing left to fire
        run_once(["escalation_climb"], now=due)
        run_once(["escalation_climb"], now=due + timedelta(minutes=1))
        escalation = db.session.scalar(sa.select(Escalation).where(Escalation.number == number))
        assert sorted(fired) == [0, 1]
        assert [step.level for step in escalation.steps] == [1, 2]
        assert len(mails_to(ROLE_EMAILS["manager"])) == 1


def test_opening_needs_a_reason_and_a_level_and_writes_nothing_otherwise(ctx, users):
    ticket = open_ticket()
    with pytest.raises(EscalationError) as no_level:
        escalate(ticket, now=MONDAY_0912)
    assert no_level.value.fields == {"kind": "no_level"}
    db.session.rollback()
    set_matrix()
    for reason in ("", "   ", "\x00"):
        with pytest.raises(EscalationError) as refused:
            escalate(ticket, now=MONDAY_0912, reason=reason)
        assert refused.value.fields == {"reason": "reason"}
        db.session.rollback()
    with pytest.raises(EscalationError):
        escalate(ticket, now=MONDAY_0912, kind="weather")
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Escalation.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(EscalationStep.id))) == 0


def test_who_is_told_from_opening_to_closing(ctx, users):
    """Level 1 is told; the owner hears of the confirmation; closing tells every contact and
    the owner but not the person closing; the ticket's history keeps the reason."""
    set_matrix()
    ticket = open_ticket()
    before = len(all_mail())
    escalation = escalate(ticket, now=MONDAY_0912)
    told = all_mail()[before:]
    assert [to for to, _ in told] == [ROLE_EMAILS["engineer"]]
    assert escalation.number in told[0][1]
    body = mails_to(ROLE_EMAILS["engineer"])[-1].body_text
    assert "/e/confirm/" in body and "Mainboard out of scope" in body
    services.raise_level(escalation, person("agent"), now=MONDAY_0912, contract=get_contract())
    services.confirm(escalation, person("manager"), via="portal", now=MONDAY_0912)
    services.close(
        escalation, person("manager"), outcome="Replaced under warranty", now=MONDAY_0912
    )
    db.session.commit()
    told = all_mail()[before:]
    assert [to for to, _ in told] == [
        ROLE_EMAILS["engineer"],  # level 1
        ROLE_EMAILS["manager"],  # level 2, raised by hand
        ROLE_EMAILS["agent"],  # the owner: level 2 confirmed
        ROLE_EMAILS["engineer"],  # closed: the contacts and the owner, not the manager closing
        ROLE_EMAILS["agent"],
    ]
    assert ticket.escalated
    event = db.session.scalar(sa.select(TicketEvent).where(TicketEvent.action == "escalate"))
    assert event.note == "Mainboard out of scope" and not event.public
    with pytest.raises(EscalationError):
        services.close(escalation, person("manager"), outcome="again", now=MONDAY_0912)


def test_closing_without_an_outcome_is_refused(ctx, users):
    set_matrix()
    escalation = escalate(open_ticket(), now=MONDAY_0912)
    with pytest.raises(EscalationError) as refused:
        services.close(escalation, person("manager"), outcome="  ", now=MONDAY_0912)
    assert refused.value.fields == {"note": "outcome"}
    db.session.rollback()
    assert escalation.status == "open"


@time_machine.travel(MONDAY_0912, tick=False)
def test_a_p1_opened_escalates_by_itself_once(ctx, users):
    set_matrix("technical", triggers={"p1_opened": "technical"})
    ticket = open_ticket(urgency="high", impact="high")
    assert ticket.priority == "P1"
    (escalation,) = db.session.scalars(sa.select(Escalation)).all()
    assert escalation.trigger == "p1_opened" and escalation.kind == "technical"
    assert escalation.subject_number == ticket.number
    # a second priority change while it is open opens no second escalation
    from app.escalations import triggers

    triggers.on_priority(ticket, now=MONDAY_0912, actor=None, contract=get_contract())
    assert db.session.scalar(sa.select(sa.func.count(Escalation.id))) == 1


@time_machine.travel(MONDAY_0912, tick=False)
def test_without_a_trigger_a_p1_opens_no_escalation(ctx, users):
    set_matrix("technical")
    open_ticket(urgency="high", impact="high")
    assert db.session.scalar(sa.select(sa.func.count(Escalation.id))) == 0


def test_a_critical_problem_is_escalated_by_the_matrix_and_not_mailed_twice(ctx, users):
    from app.problems import services as problems

    set_matrix("technical", triggers={"critical_problem": "technical"})
    contract = get_contract()
    contract.client_management_contact_id = person("approver").id
    data = problems.NewProblem(title="Core switch reboots", severity="critical")
    problem = problems.open_problem(
        data, actor=person("manager"), now=MONDAY_0912, contract=contract
    )
    db.session.commit()
    (escalation,) = db.session.scalars(sa.select(Escalation)).all()
    assert escalation.subject_type == "problem" and escalation.subject_number == problem.number
    subjects_sent = db.session.scalars(sa.select(OutboxMessage.subject)).all()
    assert not any("Critical problem" in subject for subject in subjects_sent)


def test_an_sla_breach_escalates_once_and_a_major_incident_too(ctx, users):
    from app.complaints import services as complaints
    from app.sla.scan import scan

    set_matrix("service", triggers={"sla_breach": "service", "major_incident": "service"})
    ticket = open_ticket(now=MONDAY_0912)
    for days in (3, 4):
        scan(MONDAY_0912 + timedelta(days=days), contract=get_contract())
        db.session.commit()
    (breach,) = db.session.scalars(sa.select(Escalation)).all()
    assert breach.trigger == "sla_breach" and breach.subject_number == ticket.number
    assert breach.opened_by_id is None and breach.owner_id is None  # no project manager named
    data = complaints.NewComplaint(
        title="Whole floor offline",
        description="Switch down",
        kind="major_incident",
        severity="high",
        source="manager",
    )
    complaints.file_complaint(
        data, actor=person("manager"), now=MONDAY_0912, contract=get_contract()
    )
    db.session.commit()
    triggered = db.session.scalars(sa.select(Escalation.trigger).order_by(Escalation.id)).all()
    assert triggered == ["sla_breach", "major_incident"]
