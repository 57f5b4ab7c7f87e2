"""Escalation mail for problems (S16, S17), queued in the outbox inside the same transaction."""

from datetime import datetime

from flask_babel import gettext as _

from app.contracts.models import Contract
from app.mail.outbox import external_url, queue
from app.problems import rules
from app.problems.history import add_event

THREAD_HEADER = "X-Deskpact-Problem"


def headline(problem):
    if problem.severity == "critical":
        return _("Critical problem: %(title)s", title=problem.title)
    return _("Major problem: %(title)s", title=problem.title)


def contacts(problem, contract: Contract, actor) -> list:
    """The contract's named contacts for the problem's severity, each once, active, and not
    the person who raised it."""
    found = []
    for role in rules.escalation_contacts(problem.severity):
        user = getattr(contract, role)
        if user is None or not user.active or user in found:
            continue
        if actor is not None and user.id == getattr(actor, "id", None):
            continue
        found.append(user)
    return found


def escalate(problem, contract: Contract, *, actor, now: datetime) -> list[str]:
    """Tell the severity's contacts; the history keeps whom (S17: each step confirmed)."""
    recipients = contacts(problem, contract, actor)
    for recipient in recipients:
        queue(
            recipient,
            "problem_escalation",
            subject=lambda ctx: f"[{problem.number}] {headline(problem)}",
            headers={THREAD_HEADER: problem.number},
            problem=problem,
            headline=lambda: headline(problem),
            url=external_url("problems.detail", number=problem.number),
        )
    if recipients:
        add_event(
            problem,
            actor,
            now,
            "escalated",
            params={"severity": problem.severity, "names": [u.name for u in recipients]},
        )
    return [u.email for u in recipients]
