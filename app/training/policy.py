"""Who may see and keep the training plans (S20) and whose training record one may read."""

from app.accounts.roles import MANAGERS, STAFF, has_role

READERS = STAFF
KEEPERS = MANAGERS
# the vendor's trainers record sessions and attendance
RECORDERS = STAFF


def can_keep(user) -> bool:
    return has_role(user, KEEPERS)
