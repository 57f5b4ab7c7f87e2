"""What escalation templates ask: a record's escalations, the escalate form, names."""

from flask import Flask
from flask_babel import gettext as _

from app.accounts.models import User
from app.escalations import labels, policy, queries, subjects
from app.escalations.routes import escalate_form
from app.extensions import db


def record_escalations(record) -> list:
    subject = subjects.of(record)
    return db.session.scalars(queries.for_subject(subject.type, subject.id)).all()


def escalate_form_for(record):
    return escalate_form(record.number)


def escalation_reason(escalation) -> str:
    """A trigger's own words (in the reader's language) for escalations that opened by
    themselves, else the reason as written."""
    if escalation.trigger and not escalation.reason:
        return str(labels.TRIGGER_LABELS.get(escalation.trigger, ""))
    return escalation.reason


def person_name(user_id) -> str:
    person = db.session.get(User, user_id) if user_id else None
    return person.name if person else "—"


def service_hours(minutes: int) -> str:
    hours = minutes / 60
    text = f"{hours:g}" if hours != int(hours) else str(int(hours))
    return _("%(hours)s service hours", hours=text)


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        record_escalations=record_escalations,
        escalate_form_for=escalate_form_for,
        escalation_reason=escalation_reason,
        person_name=person_name,
        service_hours=service_hours,
        subject_endpoint=lambda escalation: subjects.ENDPOINTS[escalation.subject_type],
        subject_endpoint_of=lambda subject_type: subjects.ENDPOINTS[subject_type],
        can_see_escalations=lambda user: policy.can_escalate(user) or policy.can_read_log(user),
        can_escalate_record=policy.can_escalate,
    )
