"""Who may read and keep the handover documents — for pages, API and templates alike."""

from app.accounts.roles import EVERYONE, MANAGERS, STAFF, has_role
from app.documents import rules

READERS = EVERYONE
# the vendor's people write documents and their new versions
EDITORS = STAFF
# who creates documents, changes their audience, owner and review interval
KEEPERS = MANAGERS


def is_staff(user) -> bool:
    return has_role(user, STAFF)


def can_read(user, document) -> bool:
    return document is not None and rules.readable(document.visibility, staff=is_staff(user))


def can_write(user) -> bool:
    return has_role(user, EDITORS)


def can_keep(user) -> bool:
    return has_role(user, KEEPERS)


def can_review(user, document) -> bool:
    """The owner confirms a review; a manager may do it for them."""
    return can_keep(user) or (can_write(user) and document.owner_id == getattr(user, "id", None))
