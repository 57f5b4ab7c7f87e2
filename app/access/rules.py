"""Pure rules of the access register (S14): when an authorisation is expiring or expired."""

from datetime import date

KINDS = ("physical", "logical")
EXPIRY_WARNING_DAYS = 14
MAX_NOTE = 300


def grant_state(
    until: date, today: date, *, revoked: bool = False, warn_days: int = EXPIRY_WARNING_DAYS
) -> str:
    """revoked, expired (the last valid day has passed), expiring (within `warn_days`), active."""
    if revoked:
        return "revoked"
    if today > until:
        return "expired"
    if (until - today).days <= warn_days:
        return "expiring"
    return "active"


def grant_refusals(until: date | None, today: date) -> dict[str, str]:
    """Field → refusal code for a new grant; an authorisation ends today or later."""
    if until is None:
        return {"until": "required"}
    if until < today:
        return {"until": "past"}
    return {}
