"""Who may see and do what with problem records — used by pages, API and templates alike."""

from app.accounts.roles import MANAGERS, SERVICE_DESK, STAFF

# the vendor's people read problems (the desk needs the known workarounds); the managers run
# problem management (S16), and the desk may tie a new incident to a known problem
READERS = STAFF
MANAGE = MANAGERS
LINK_INCIDENTS = SERVICE_DESK


def can_view(user) -> bool:
    return user is not None and getattr(user, "role", None) in READERS


def can_manage(user) -> bool:
    """Open problems, move them on, write the analysis, link changes and assets, dismiss
    recurrence candidates."""
    return user is not None and getattr(user, "role", None) in MANAGE


def can_link(user, kind: str) -> bool:
    if kind == "incident":
        return user is not None and getattr(user, "role", None) in LINK_INCIDENTS
    return can_manage(user)
