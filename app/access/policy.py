"""Who may see and keep the access register (S14) and the departments' security measures."""

from app.accounts.roles import CLIENT, MANAGERS, STAFF, has_role

READERS = STAFF
KEEPERS = MANAGERS
# S14: the client authorises each access
AUTHORISERS = CLIENT


def can_keep(user) -> bool:
    return has_role(user, KEEPERS)


def may_hold_access(user) -> bool:
    """Only the vendor's people are entered in the register."""
    return has_role(user, STAFF)


def may_authorise(user) -> bool:
    return has_role(user, AUTHORISERS)
