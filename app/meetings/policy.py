"""Who may see and do what with meetings — used by pages, API and templates alike."""

from app.accounts.roles import APPROVERS, MANAGERS, STAFF, has_role

# the vendor's managers run the meetings (S18); the vendor's people read them all; the
# client's approvers (the project lead among them) read the meetings they attended
MANAGE = MANAGERS
STAFF_READERS = STAFF
READERS = STAFF | APPROVERS
# action items are owned by people of either side who sit in these meetings
OWNERS = STAFF | APPROVERS


def can_manage(user) -> bool:
    return has_role(user, MANAGE)


def can_view(user, meeting) -> bool:
    if meeting is None:
        return False
    if has_role(user, STAFF_READERS):
        return True
    return has_role(user, READERS) and any(a.id == user.id for a in meeting.attendees)


def sees_all(user) -> bool:
    return has_role(user, STAFF_READERS)


def can_set_status(user, item) -> bool:
    """The managers, and the item's owner for their own item."""
    return can_manage(user) or (user is not None and item.owner_id == getattr(user, "id", None))


def may_own_items(user) -> bool:
    return has_role(user, OWNERS) and bool(getattr(user, "active", False))
