"""Who may see and do what with changes — for pages, API and templates."""

from app.accounts.roles import ADMIN, APPROVER, MANAGER, STAFF
from app.changes import approvers
from app.changes.models import Change

# status actions are the vendor's (S15: requests, carries out, tracks); decisions the client's
STAFF_ACTIONS = frozenset(("submit", "schedule", "start", "complete", "fail", "back_out", "close"))


def is_staff(user) -> bool:
    return user is not None and user.role in STAFF


def can_view(user, change: Change) -> bool:
    """Vendor staff and the client's approvers see changes; employees do not."""
    return user is not None and (is_staff(user) or user.role == APPROVER)


def can_create(user) -> bool:
    return is_staff(user)


def can_edit(user, change: Change) -> bool:
    return is_staff(user) and change.status == "draft"


def can_act(user, change: Change, action: str) -> bool:
    if action in ("approve", "reject"):
        return can_decide(user, change)
    return is_staff(user) and action in STAFF_ACTIONS


def can_decide(user, change: Change) -> bool:
    """Only approvers the contract names for the change's department (or for all)."""
    return approvers.is_approver(user, change)


def can_manage(user) -> bool:
    return user is not None and user.role in (MANAGER, ADMIN)
