"""Escalation mail (S17), queued in the outbox inside the same transaction.

Who is told, per event:
- a level fires (opened, raised by hand, climbed on time): the level's contact, once, with the
  reason, the subject, the owner and a one-click confirm link;
- a step is confirmed: the escalation's owner (unless the owner confirmed it);
- the escalation is closed: the contacts of every step and the owner, with the outcome
  (the person who closed it is not mailed)."""

from flask_babel import gettext as _

from app.escalations import links
from app.escalations.subjects import ENDPOINTS
from app.mail.outbox import external_url, queue

THREAD_HEADER = "X-Deskpact-Escalation"


def subject_url(escalation) -> str:
    return external_url(ENDPOINTS[escalation.subject_type], number=escalation.subject_number)


def step_fired(escalation, step, *, contract) -> None:
    if step is None or step.contact is None or not step.contact.active:
        return
    queue(
        step.contact,
        "escalation_step",
        subject=lambda context: escalation_subject(escalation, step),
        headers={THREAD_HEADER: escalation.number},
        escalation=escalation,
        step=step,
        confirm_url=external_url(
            "escalations.confirm_by_link", token=links.confirm_token(escalation, step)
        ),
        url=external_url("escalations.detail", number=escalation.number),
        subject_url=subject_url(escalation),
    )


def escalation_subject(escalation, step) -> str:
    return _(
        "[%(number)s] Escalation level %(level)d: %(title)s",
        number=escalation.number,
        level=step.level,
        title=escalation.subject_title,
    )


def confirmed(escalation, step) -> None:
    owner = escalation.owner
    if owner is None or owner.id == step.confirmed_by_id or not owner.active:
        return
    queue(
        owner,
        "escalation_confirmed",
        subject=lambda context: escalation_subject(escalation, step),
        headers={THREAD_HEADER: escalation.number},
        escalation=escalation,
        step=step,
        url=external_url("escalations.detail", number=escalation.number),
    )


def closed(escalation, actor) -> None:
    people = [step.contact for step in escalation.steps] + [escalation.owner]
    told = set()
    for person in people:
        if person is None or not person.active or person.id in told or person.id == actor.id:
            continue
        told.add(person.id)
        queue(
            person,
            "escalation_closed",
            subject=lambda context: escalation_subject(escalation, escalation.current_step),
            headers={THREAD_HEADER: escalation.number},
            escalation=escalation,
            url=external_url("escalations.detail", number=escalation.number),
        )
