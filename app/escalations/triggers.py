"""Escalations that open by themselves (S17), when the matrix names a kind for the trigger:
a P1 opened, a critical problem, a major incident in the complaint log, an SLA breach."""

import sqlalchemy as sa

from app.complaints import signals as complaint_signals
from app.escalations import matrix, services
from app.escalations.models import Escalation
from app.escalations.subjects import Subject, of
from app.extensions import db
from app.problems import signals as problem_signals
from app.sla import signals as sla_signals
from app.tickets import signals as ticket_signals


def already_open(subject: Subject, trigger: str) -> bool:
    return (
        db.session.scalar(
            sa.select(Escalation.id).where(
                Escalation.subject_type == subject.type,
                Escalation.subject_id == subject.id,
                Escalation.trigger == trigger,
                Escalation.status == "open",
            )
        )
        is not None
    )


def fire(trigger: str, record, *, now, actor, contract) -> bool:
    """Open the trigger's escalation once per record while it is open; True if one is open."""
    kind = matrix.triggers().get(trigger)
    if kind is None or matrix.first_level(kind) is None:
        return False
    subject = of(record)
    if not already_open(subject, trigger):
        owner = contract.vendor_project_manager
        services.open_escalation(
            subject, kind, "", owner=owner, actor=actor, now=now, contract=contract, trigger=trigger
        )
    return True


def on_priority(ticket, *, now, actor, contract):
    if ticket.priority == "P1":
        return fire("p1_opened", ticket, now=now, actor=actor, contract=contract)
    return False


def on_problem(problem, *, now, actor, contract):
    if problem.severity == "critical":
        return fire("critical_problem", problem, now=now, actor=actor, contract=contract)
    return False


def on_complaint(complaint, *, now, actor, contract):
    if complaint.kind == "major_incident":
        return fire("major_incident", complaint, now=now, actor=actor, contract=contract)
    return False


def on_breach(ticket, *, metric, now, contract):
    return fire("sla_breach", ticket, now=now, actor=None, contract=contract)


def subscribe() -> None:
    """Connect the receivers (weak=False: they are module functions, kept for the process)."""
    ticket_signals.priority_set.connect(on_priority, weak=False)
    problem_signals.severity_raised.connect(on_problem, weak=False)
    complaint_signals.filed.connect(on_complaint, weak=False)
    sla_signals.breached.connect(on_breach, weak=False)
