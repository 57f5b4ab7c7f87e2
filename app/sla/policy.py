"""Who may change the SLA's calendars, holiday years and escalation levels."""

from app.accounts.roles import MANAGERS


def can_manage(user) -> bool:
    """Who may change calendars, holiday years and escalation levels."""
    return user is not None and user.role in MANAGERS
