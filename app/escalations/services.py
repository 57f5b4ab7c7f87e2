"""Escalations (S17): open one on a ticket, problem or complaint, fire each level of the
matrix once, confirm, raise by hand, climb when time runs out, close with an outcome.
Flush, never commit: the request's unit of work or the worker commits."""

from datetime import datetime

import sqlalchemy as sa

from app.audit.services import record
from app.clocks import store
from app.clocks.clock import due
from app.contracts.models import Contract
from app.escalations import matrix, notify, rules, signals
from app.escalations.models import Escalation, EscalationStep
from app.escalations.rules import EscalationError
from app.escalations.subjects import Subject
from app.extensions import db, insert_unless_present
from app.sequences import next_value
from app.tickets.services import add_event as add_ticket_event


def clean(text: str | None) -> str:
    return (text or "").replace("\x00", "").strip()


def climbs_at(level: rules.Level, kind: str, now: datetime, contract: Contract):
    """When an unconfirmed step fires the next level: its waiting time on the contract's
    calendar, and only if the matrix has a next level."""
    if level.climb_after_minutes is None or matrix.next_level(kind, level.level) is None:
        return None
    calendar = store.calendars()[contract.office_calendar]
    return due(calendar, now, level.climb_after_minutes)


def open_escalation(
    subject: Subject,
    kind: str,
    reason: str,
    *,
    owner=None,
    actor,
    now: datetime,
    contract: Contract,
    trigger: str | None = None,
) -> Escalation:
    """Open the escalation and fire its first level; refused without a reason or a level."""
    reason = clean(reason)
    errors = {}
    if kind not in rules.KINDS:
        errors["kind"] = "kind"
    if (not reason and trigger is None) or len(reason) > rules.MAX_REASON:
        errors["reason"] = "reason"
    first = matrix.first_level(kind) if kind in rules.KINDS else None
    if kind in rules.KINDS and first is None:
        errors["kind"] = "no_level"
    if not errors and trigger is None and open_of_kind(subject, kind) is not None:
        errors["kind"] = "already_open"
    if errors:
        raise EscalationError("invalid", errors)
    escalation = Escalation(
        number=rules.escalation_number(now.year, next_value(f"{rules.PREFIX}-{now.year}")),
        kind=kind,
        subject_type=subject.type,
        subject_id=subject.id,
        subject_number=subject.number,
        subject_title=subject.title[:200],
        reason=reason,
        trigger=trigger,
        level=first.level,
        owner_id=getattr(owner, "id", None) or getattr(actor, "id", None),
        opened_by_id=getattr(actor, "id", None),
        opened_at=now,
    )
    db.session.add(escalation)
    db.session.flush()
    fire(escalation, first, "trigger" if trigger else "hand", now=now, contract=contract)
    if subject.type == "ticket":
        subject.record.escalated = True
        add_ticket_event(subject.record, actor, now, "escalate", note=reason, public=False)
    record(actor, "escalation_open", escalation, {"kind": kind, "subject": subject.number}, now=now)
    return escalation


def open_of_kind(subject: Subject, kind: str) -> Escalation | None:
    """The record's open escalation of this kind: raise it rather than open a second."""
    return db.session.scalar(
        sa.select(Escalation).where(
            Escalation.subject_type == subject.type,
            Escalation.subject_id == subject.id,
            Escalation.kind == kind,
            Escalation.status == "open",
        )
    )


def fire(escalation: Escalation, level: rules.Level, fired_by: str, *, now, contract) -> bool:
    """Notify the level's contact, once: a second worker's insert of the same level loses."""
    connection = db.session.connection()
    step_id = db.session.execute(
        insert_unless_present(connection, EscalationStep)
        .values(
            escalation_id=escalation.id,
            level=level.level,
            title=level.title,
            contact_id=level.contact_id,
            fired_by=fired_by,
            notified_at=now,
            climbs_at=climbs_at(level, escalation.kind, now, contract),
            confirmed_via="",
            note="",
        )
        .on_conflict_do_nothing(index_elements=["escalation_id", "level"])
        .returning(EscalationStep.id)
    ).scalar()
    if step_id is None:
        return False
    escalation.level = max(escalation.level, level.level)
    db.session.flush()
    db.session.refresh(escalation, ["steps"])
    notify.step_fired(escalation, escalation.current_step, contract=contract)
    signals.step_fired.send(escalation, step=escalation.current_step, contract=contract)
    return True


def confirm(escalation: Escalation, user, *, via: str, now: datetime, note: str = "") -> None:
    """The current step is confirmed: its level stops climbing."""
    step = escalation.current_step
    if escalation.status != "open" or step is None or step.confirmed_at is not None:
        raise EscalationError("confirmed")
    # only one of two confirmations racing each other finds the step still open
    confirmed = db.session.execute(
        sa.update(EscalationStep)
        .where(EscalationStep.id == step.id, EscalationStep.confirmed_at.is_(None))
        .values(
            confirmed_at=now, confirmed_by_id=user.id, confirmed_via=via, note=clean(note)[:2000]
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if not confirmed:
        raise EscalationError("confirmed")
    db.session.refresh(step)
    notify.confirmed(escalation, step)
    record(user, "escalation_confirm", escalation, {"level": step.level, "via": via}, now=now)


def raise_level(escalation: Escalation, actor, *, now: datetime, contract, note: str = ""):
    """Fire the next level by hand (the current one was not enough)."""
    if escalation.status != "open":
        raise EscalationError("closed")
    level = matrix.next_level(escalation.kind, escalation.level)
    if level is None:
        raise EscalationError("top")
    if not fire(escalation, level, "hand", now=now, contract=contract):
        raise EscalationError("raced")
    record(actor, "escalation_raise", escalation, {"level": level.level, "note": note}, now=now)


def close(escalation: Escalation, actor, *, outcome: str, now: datetime) -> None:
    outcome = clean(outcome)
    if escalation.status != "open":
        raise EscalationError("closed")
    if not rules.can_close(outcome) or len(outcome) > rules.MAX_REASON:
        raise EscalationError("invalid", {"note": "outcome"})
    escalation.status = "closed"
    escalation.outcome = outcome
    escalation.closed_at = now
    escalation.closed_by_id = actor.id
    db.session.flush()
    record(actor, "escalation_close", escalation, {"outcome": outcome}, now=now)
    notify.closed(escalation, actor)


def act(escalation, action: str, actor, *, now, contract, note: str = "", via: str = "portal"):
    """confirm | raise | close, as the page and the API ask for them."""
    if action == "confirm":
        return confirm(escalation, actor, via=via, now=now, note=note)
    if action == "raise":
        return raise_level(escalation, actor, now=now, contract=contract, note=clean(note))
    if action == "close":
        return close(escalation, actor, outcome=note, now=now)
    raise EscalationError("action")


def climb_due(now: datetime, contract: Contract) -> int:
    """Every unconfirmed step whose time has run out fires the next level (worker job)."""
    due_steps = db.session.scalars(
        sa.select(EscalationStep)
        .join(Escalation)
        .where(
            Escalation.status == "open",
            EscalationStep.level == Escalation.level,
            EscalationStep.confirmed_at.is_(None),
            EscalationStep.climbs_at <= now,
        )
        .order_by(EscalationStep.climbs_at)
        .limit(200)
    ).all()
    fired = 0
    for step in due_steps:
        escalation = step.escalation
        level = matrix.next_level(escalation.kind, step.level)
        if level is None:
            step.climbs_at = None  # the matrix lost its next level: nothing left to climb to
        elif fire(escalation, level, "time", now=now, contract=contract):
            fired += 1
    return fired
