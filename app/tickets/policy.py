"""Who may see and do what on which ticket — used by pages, API and templates alike."""

from app.accounts.roles import ENGINEER, STAFF
from app.accounts.roles import SERVICE_DESK as DESK
from app.tickets.models import Ticket

REQUESTER_ACTIONS = frozenset({"comment", "confirm", "reopen", "cancel"})
ENGINEER_ACTIONS = frozenset({"arrive", "pend", "resume", "resolve", "comment", "start_remote"})


def is_staff(user) -> bool:
    return user is not None and user.role in STAFF


def can_view(user, ticket: Ticket) -> bool:
    """Vendor staff see every ticket; client users only the ones they requested."""
    if user is None:
        return False
    return is_staff(user) or ticket.requester_id == user.id


def is_requester(user, address: str, ticket: Ticket) -> bool:
    """The ticket's requester: by account, or by address when they have no account."""
    if user is not None and ticket.requester_id == user.id:
        return True
    contact = (ticket.requester_contact or "").strip().lower()
    return ticket.requester_id is None and bool(contact) and address.strip().lower() == contact


def can_add_by_mail(user, address: str, ticket: Ticket) -> bool:
    """Mail may add to a ticket only from those who may see it, as on the web (S3)."""
    return can_view(user, ticket) or is_requester(user, address, ticket)


def can_act(user, ticket: Ticket, action: str) -> bool:
    """Whether this user may attempt `action` (the status machine decides if it is possible)."""
    if not can_view(user, ticket):
        return False
    if user.role in DESK:
        return True
    if user.role == ENGINEER:
        return action in ENGINEER_ACTIONS
    # the requester: reply, confirm the fix, reopen, or withdraw a request not yet taken
    if action == "cancel":
        return ticket.status == "new"
    return action in REQUESTER_ACTIONS


def can_see_internal(user) -> bool:
    """Internal notes and vendor coordination are for the vendor's staff only."""
    return is_staff(user)


def can_edit_fields(user) -> bool:
    return user is not None and user.role in DESK


def can_file_for_others(user) -> bool:
    return user is not None and user.role in DESK
