"""Who may see and do what on which ticket — used by pages, API and templates alike."""

from app.accounts.roles import CALL_TAKERS, ENGINEER, EVERYONE, STAFF
from app.accounts.roles import SERVICE_DESK as DESK
from app.tickets.models import Ticket

REQUESTER_ACTIONS = frozenset({"comment", "confirm", "reopen", "cancel"})
ENGINEER_ACTIONS = frozenset({"arrive", "pend", "resume", "resolve", "comment", "start_remote"})


def is_staff(user) -> bool:
    return user is not None and user.role in STAFF


def can_view(user, ticket: Ticket) -> bool:
    """Vendor staff see every ticket; client users the ones they requested or are copied on
    (the public side only: internal notes stay with the staff)."""
    if user is None:
        return False
    return is_staff(user) or ticket.requester_id == user.id or is_watcher(user, ticket)


def is_watcher(user, ticket: Ticket) -> bool:
    user_id = getattr(user, "id", None)
    return user_id is not None and any(w.user_id == user_id for w in ticket.watchers)


def can_be_copied(person) -> bool:
    """Who may be a ticket's watcher with an account: an active person of the client or the
    vendor (a watcher may then open the ticket's public side)."""
    return person is not None and person.active and person.role in EVERYONE


def can_copy(user, ticket: Ticket) -> bool:
    """The desk copies people on a ticket from its page; the requester does on the form."""
    return user is not None and user.role in DESK and ticket.status not in ("closed", "cancelled")


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
        # an engineer works their own tickets: recording another's arrival or fix would stop
        # the clock of a visit that engineer has not made
        theirs = ticket.assignee_id in (None, user.id)
        return action in ENGINEER_ACTIONS and (action == "comment" or theirs)
    if ticket.requester_id != user.id:  # copied on it: a watcher may only reply
        return action == "comment"
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


# who a ticket may be given to from the queue: the service desk
ASSIGNEE_ROLES = DESK


def takes_assignments(user) -> bool:
    """Who a ticket may be given to from the queue: an active member of the service desk."""
    return user is not None and user.active and user.role in ASSIGNEE_ROLES


def can_work_queue(user) -> bool:
    """The queue's bulk actions, saved views and exports: the service desk."""
    return user is not None and user.role in DESK


def can_log_calls(user) -> bool:
    """Who answers the service desk's phone (phone intake)."""
    return user is not None and user.role in CALL_TAKERS
