"""Listeners on the domains' signals and hooks that queue group-chat announcements, in the
transaction of the change they report; the chat worker delivers them."""

from flask_babel import lazy_gettext as _l

from app.audit import services as audit
from app.chat import labels
from app.chat.services import announce
from app.escalations import signals as escalation_signals
from app.escalations.labels import KIND_LABELS as ESCALATION_KINDS
from app.mail.outbox import external_url
from app.sla import signals as sla_signals
from app.tickets import signals as ticket_signals
from app.tickets.labels import METRIC_LABELS
from app.web import hooks

OPEN = _l("Open in the portal")


def ticket_lines(ticket) -> list:
    requester = getattr(ticket, "requester", None)
    lines = [_l("Title: %(title)s", title=ticket.title)]
    lines.append(_l("Priority: %(priority)s", priority=ticket.priority))
    if requester is not None:
        lines.append(_l("Requester: %(name)s", name=requester.name))
    return lines


def ticket_link(ticket) -> str:
    return external_url("tickets.detail", number=ticket.number)


def on_ticket_action(ticket, action: str, event, now) -> None:
    """S6: the engineers' group hears whom a ticket is dispatched to."""
    if action != "dispatch" or ticket.assignee is None:
        return
    announce(
        labels.DISPATCH,
        f"dispatch:{ticket.number}:{event.id}",
        title=_l(
            "%(number)s dispatched to %(name)s", number=ticket.number, name=ticket.assignee.name
        ),
        lines=ticket_lines(ticket),
        link=ticket_link(ticket),
        link_label=OPEN,
        now=now,
    )


def on_priority(ticket, *, now, actor=None, contract=None):
    if ticket.priority != "P1":
        return False
    announce(
        labels.P1_OPENED,
        f"p1:{ticket.number}",
        title=_l("P1 ticket %(number)s", number=ticket.number),
        lines=ticket_lines(ticket),
        link=ticket_link(ticket),
        link_label=OPEN,
        now=now,
    )
    return False


def _sla(event: str, title):
    def listener(ticket, *, metric, now, contract=None):
        metric_label = METRIC_LABELS.get(metric, metric)
        announce(
            event,
            f"{event}:{ticket.number}:{metric}",
            title=title(ticket.number, metric_label),
            lines=ticket_lines(ticket),
            link=ticket_link(ticket),
            link_label=OPEN,
            now=now,
        )

    return listener


on_warning = _sla(
    labels.SLA_WARNING,
    lambda number, metric: _l(
        "%(number)s: %(metric)s is about to be missed", number=number, metric=metric
    ),
)
on_breach = _sla(
    labels.SLA_BREACH,
    lambda number, metric: _l("%(number)s: %(metric)s is missed", number=number, metric=metric),
)


def on_escalation_step(escalation, *, step, contract=None):
    if step is None:
        return
    announce(
        labels.ESCALATION,
        f"escalation:{escalation.number}:{step.level}",
        title=_l(
            "%(number)s escalated to level %(level)d", number=escalation.number, level=step.level
        ),
        lines=[
            ESCALATION_KINDS.get(escalation.kind, ""),
            escalation.subject_title,
            _l("Called: %(name)s", name=step.contact.name) if step.contact else "",
        ],
        link=external_url("escalations.detail", number=escalation.number),
        link_label=OPEN,
        now=step.notified_at,
    )


def on_audit(actor, action: str, obj, details: dict, now) -> None:
    """Changes and settlements say what happened through the audit trail."""
    if action == "change.approve" and getattr(obj, "approval", "") == "approved":
        announce(
            labels.CHANGE_APPROVED,
            f"change:{obj.number}:approved",
            title=_l("Change %(number)s approved", number=obj.number),
            lines=[obj.title, _l("Approved by %(name)s", name=getattr(actor, "name", ""))],
            link=external_url("changes.detail", number=obj.number),
            link_label=OPEN,
            now=now,
        )
    elif action == "settlement.dispute":
        announce(
            labels.SETTLEMENT_DISPUTED,
            f"settlement:{obj.month}:{obj.sent_count}:disputed",
            title=_l("The client disputes the settlement sheet of %(month)s", month=obj.month),
            lines=[details.get("note", "")],
            link=external_url("settlements.detail", month=obj.month),
            link_label=OPEN,
            now=now,
        )


def subscribe() -> None:
    """Connect once (weak=False: module functions, kept for the process)."""
    hooks.on_ticket_action(on_ticket_action)
    ticket_signals.priority_set.connect(on_priority, weak=False)
    sla_signals.warned.connect(on_warning, weak=False)
    sla_signals.breached.connect(on_breach, weak=False)
    escalation_signals.step_fired.connect(on_escalation_step, weak=False)
    audit.on_record(on_audit)
