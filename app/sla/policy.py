"""Who may change the SLA's calendars, holiday years and escalation levels."""

from app.accounts.roles import MANAGERS, STAFF


def can_manage(user) -> bool:
    """Who may change calendars, holiday years and escalation levels."""
    return user is not None and user.role in MANAGERS


def can_explain_breach(user) -> bool:
    """The vendor's people record why a service level was missed, and read the reasons."""
    return user is not None and user.role in STAFF
