"""Who may see and do what with installations — for pages, API and templates (S4, S5)."""

from app.changes import approvers
from app.changes.policy import is_staff


def department_of(installation) -> int | None:
    """An installation belongs to its user's department."""
    return installation.user.department_id if installation.user else None


def can_approve(user, installation) -> bool:
    """S4: the approvers named for the user's department (or for all), as for changes."""
    return approvers.may_approve(user, department_of(installation))


def can_view(user, installation) -> bool:
    """Staff see installations; approvers those they may approve; a user the ones for them."""
    if user is None:
        return False
    if is_staff(user) or user.id in (installation.user_id, installation.ticket.requester_id):
        return True
    return can_approve(user, installation)


def listed_departments(user) -> set[int] | None:
    """The departments whose installations `user` lists (None: all), besides their own."""
    return None if is_staff(user) else approvers.approval_departments(user)


def can_sign(user, installation) -> bool:
    """The user signs on their own screen, or on the engineer's tablet (staff signed in)."""
    return installation.status == "installed" and (
        is_staff(user) or (user is not None and user.id == installation.user_id)
    )


def can_run(user) -> bool:
    return is_staff(user)
