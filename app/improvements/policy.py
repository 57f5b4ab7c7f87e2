"""Who may read and keep the improvement log."""

from app.accounts.roles import MANAGERS, STAFF, has_role

READERS = STAFF
MANAGE = MANAGERS


def can_manage(user) -> bool:
    return has_role(user, MANAGE)
