"""Who is copied on a ticket: the accounts typed in for it, and taking someone off."""

from datetime import datetime

from app.accounts.models import User
from app.accounts.services import user_by_email
from app.audit.services import record
from app.extensions import db
from app.tickets import notify, policy, rules
from app.tickets.errors import TicketError
from app.tickets.models import Ticket, TicketWatcher


class WatcherError(TicketError):
    """Someone who may not be copied on the ticket; `fields` names the refused addresses."""


def people_to_copy(addresses) -> tuple[list[User], list[str]]:
    """The accounts for typed-in addresses (form, ticket page), and the addresses refused:
    unknown, switched off, or not allowed to be copied."""
    found, refused = [], []
    with db.session.no_autoflush:
        for address in rules.watcher_addresses(addresses):
            user = user_by_email(address)
            if policy.can_be_copied(user):
                found.append(user)
            else:
                refused.append(address)
    return found, refused


def remove_watcher(ticket: Ticket, watcher_id: int, *, actor, now: datetime) -> None:
    watcher = next((w for w in ticket.watchers if w.id == watcher_id), None)
    if watcher is None:
        raise WatcherError("Not copied on this ticket.", {"watcher": "Unknown."})
    ticket.watchers.remove(watcher)
    db.session.delete(watcher)
    record(actor, "ticket.watchers", ticket, {"removed": [watcher.address]}, now=now)


def add_watchers(
    ticket: Ticket, people, *, source: str, actor, now: datetime
) -> list[TicketWatcher]:
    """Copy people (accounts) or outside addresses on a ticket, each once, audited; each new
    watcher hears they are copied, with the ticket's number."""
    known = {w.address for w in ticket.watchers}
    requester = (getattr(ticket.requester, "email", "") or ticket.requester_contact).lower()
    added = []
    for who in people:
        account = who if isinstance(who, User) else None
        address = (account.email if account else who).strip().lower()
        if address in known or address == requester:
            continue
        if account is None:
            with db.session.no_autoflush:
                found = user_by_email(address)
            account = found if policy.can_be_copied(found) else None
        watcher = TicketWatcher(
            ticket=ticket,
            user=account,
            address=address,
            source=source,
            added_by_id=getattr(actor, "id", None),
            added_at=now,
        )
        db.session.add(watcher)
        known.add(address)
        added.append(watcher)
    if added:
        db.session.flush()
        record(actor, "ticket.watchers", ticket, {"added": [w.address for w in added]}, now=now)
        notify.copied(ticket, added)
    return added
