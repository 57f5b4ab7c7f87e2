"""Pure rules of notices: kinds, validity, who is in a notice's audience. No Flask, no
database: plain values in, values out."""

from datetime import datetime

from app import checks

KINDS = ("maintenance", "outage", "new_service", "other")
CLIENT_KINDS = ("move", "new_department", "headcount", "new_system", "other")
# an audience up to this size is mailed while the manager waits; a larger one by the worker
MAIL_IN_REQUEST = 50
MAX_TITLE = 200
MAX_TEXT = 10000


def is_valid_at(starts_at: datetime, ends_at: datetime, now: datetime) -> bool:
    """A notice is shown from its start until (not including) its end."""
    return starts_at <= now < ends_at


def period_refusal(starts_at: datetime | None, ends_at: datetime | None) -> str | None:
    if starts_at is None or ends_at is None:
        return "required"
    if ends_at <= starts_at:
        return "end_before_start"
    return None


def text_refusal(value: str, limit: int = MAX_TEXT) -> str | None:
    return checks.text_refusal(value, limit)


def location_matches(user_location: str, wanted: str) -> bool:
    """A location names a building or floor: '3F' takes in '3F 12号工位' (case ignored)."""
    wanted = wanted.strip().casefold()
    return bool(wanted) and (user_location or "").strip().casefold().startswith(wanted)


def in_audience(
    department_id: int | None,
    location: str,
    department_ids: list[int],
    locations: list[str],
) -> bool:
    """Everyone when the notice names no department and no location; otherwise the people
    of a named department, or at a named location."""
    if not department_ids and not locations:
        return True
    if department_id is not None and department_id in department_ids:
        return True
    return any(location_matches(location, wanted) for wanted in locations)


def banners(notices, *, department_id, location, dismissed: set[int], now: datetime) -> list:
    """The notices (with starts_at, ends_at, department_ids, locations, id) one person sees
    now: valid, meant for them, not closed by them; the soonest to end first."""
    shown = [
        notice
        for notice in notices
        if notice.id not in dismissed
        and is_valid_at(notice.starts_at, notice.ends_at, now)
        and in_audience(
            department_id, location, notice.department_ids or [], notice.locations or []
        )
    ]
    return sorted(shown, key=lambda notice: (notice.ends_at, notice.id))


def parse_locations(text: str) -> list[str]:
    """One location per line or separated by commas; blanks and repeats dropped."""
    for separator in (",", "，", ";", "；", "、"):
        text = text.replace(separator, "\n")
    found: list[str] = []
    for line in text.splitlines():
        name = line.strip()[:100]
        if name and name not in found:
            found.append(name)
    return found
