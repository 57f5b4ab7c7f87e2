"""The people an incoming mail copies (its Cc) become the ticket's watchers."""

from datetime import datetime

from app.mail.inbound import InboundMail
from app.tickets import rules, watching
from app.tickets.models import Ticket


def copied(mail: InboundMail, own: frozenset[str], ticket: Ticket | None = None) -> list[str]:
    """The addresses a mail copied, without the desk's own, the sender and the requester."""
    requester = ""
    if ticket is not None:
        requester = getattr(ticket.requester, "email", "") or ticket.requester_contact
    exclude = {*own, mail.from_address, requester}
    return rules.watcher_addresses(mail.cc_addresses, exclude=exclude)


def from_reply(ticket: Ticket, mail: InboundMail, sender, own: frozenset[str], *, now: datetime):
    """A reply's Cc on a ticket that exists copies only people with an account: a From header
    is easy to forge, and an outside address would then hear of the ticket's updates. Mail
    from a staff address (an internal note only) copies nobody."""
    if sender is not None and sender.is_vendor:
        return
    people, _refused = watching.people_to_copy(copied(mail, own, ticket))
    watching.add_watchers(ticket, people, source="mail", actor=sender, now=now)
