"""Who may read and write what in the knowledge base — for pages, API and templates alike."""

from app.accounts.roles import CLIENT, EVERYONE, MANAGERS, STAFF, has_role
from app.knowledge import rules

READERS = EVERYONE
# the vendor's people write articles and keep canned responses
EDITORS = STAFF
# a request answered before it is filed is the client's people's
DEFLECTORS = CLIENT
# problem management (S16) publishes a problem's workaround
WORKAROUND_PUBLISHERS = MANAGERS


def is_staff(user) -> bool:
    return has_role(user, STAFF)


def can_read(user, article) -> bool:
    return article is not None and rules.readable(
        article.status, article.visibility, staff=is_staff(user)
    )


def can_edit(user) -> bool:
    return has_role(user, EDITORS)


def can_deflect(user) -> bool:
    return has_role(user, DEFLECTORS)


def can_change_canned(user, canned) -> bool:
    """Owners change their own; a shared one is also the managers' to tidy."""
    return canned.owner_id == getattr(user, "id", None) or (
        canned.shared and has_role(user, MANAGERS)
    )


def can_use_canned(user, canned) -> bool:
    return has_role(user, EDITORS) and (canned.shared or canned.owner_id == user.id)


def can_publish_workaround(user) -> bool:
    return has_role(user, WORKAROUND_PUBLISHERS)
