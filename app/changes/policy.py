"""Who may see and do what with changes and installations — for pages, API and templates."""

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


def department_of(installation) -> int | None:
    """An installation belongs to its user's department."""
    return installation.user.department_id if installation.user else None


def can_approve_installation(user, installation) -> bool:
    """S4: the approvers named for the user's department (or for all), as for changes."""
    return approvers.may_approve(user, department_of(installation))


def can_view_installation(user, installation) -> bool:
    """Staff see installations; approvers those they may approve; a user the ones for them."""
    if user is None:
        return False
    if is_staff(user) or user.id in (installation.user_id, installation.ticket.requester_id):
        return True
    return can_approve_installation(user, installation)


def installation_departments(user) -> set[int] | None:
    """The departments whose installations `user` lists (None: all), besides their own."""
    return None if is_staff(user) else approvers.approval_departments(user)


def can_sign(user, installation) -> bool:
    """The user signs on their own screen, or on the engineer's tablet (staff signed in)."""
    return installation.status == "installed" and (
        is_staff(user) or (user is not None and user.id == installation.user_id)
    )


def can_run_installation(user) -> bool:
    return is_staff(user)
