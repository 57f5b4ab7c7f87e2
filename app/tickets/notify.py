"""Mail that ticket changes send, queued in the outbox inside the same transaction."""

from flask_babel import gettext as _

from app.mail.outbox import external_url, queue
from app.tickets import links

THREAD_HEADER = "X-Deskpact-Ticket"


def subject(ticket, text: str) -> str:
    """Subjects carry the number in brackets so replies thread back to the ticket."""
    return f"[{ticket.number}] {text}"


def _queue(recipient, template, ticket, title, **context):
    return queue(
        recipient,
        template,
        subject=lambda ctx: subject(ticket, title()),
        headers={THREAD_HEADER: ticket.number},
        ticket=ticket,
        url=external_url("tickets.detail", number=ticket.number),
        **context,
    )


def requester_address(ticket):
    contact = ticket.requester_contact if "@" in (ticket.requester_contact or "") else None
    return ticket.requester or contact


def acknowledge(ticket) -> None:
    """The requester learns the number at once (S5: response = acknowledgement)."""
    recipient = requester_address(ticket)
    if recipient:
        _queue(
            recipient,
            "acknowledge",
            ticket,
            lambda: _("We have your request: %(title)s", title=ticket.title),
        )


def after_action(ticket, action: str, event, engineer=None) -> None:
    """Notices for the requester and the dispatched engineer."""
    recipient = requester_address(ticket)
    if action == "dispatch" and engineer is not None:
        _queue(
            engineer,
            "dispatch",
            ticket,
            lambda: _("Dispatch: %(title)s", title=ticket.title),
            event=event,
        )
    elif action == "resolve" and recipient:
        confirm = external_url("tickets.confirm_by_link", token=links.confirm_token(ticket))
        _queue(
            recipient,
            "resolved",
            ticket,
            lambda: _("Resolved — please confirm"),
            event=event,
            confirm_url=confirm,
        )
    elif action in ("reopen", "close", "confirm", "cancel") and recipient:
        _queue(
            recipient,
            "status",
            ticket,
            lambda: _("Status update: %(title)s", title=ticket.title),
            event=event,
        )
    elif (
        action == "comment"
        and event.public
        and recipient
        and event.actor_id != getattr(ticket.requester, "id", None)
    ):
        _queue(
            recipient,
            "reply",
            ticket,
            lambda: _("New reply: %(title)s", title=ticket.title),
            event=event,
        )
