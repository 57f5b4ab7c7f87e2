"""What SLA pages show in the reader's language: calendar names, day kinds, holiday names,
service durations and the colour of a clock."""

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.clocks.replay import Clock
from app.clocks.store import EXTENDED, OFFICE
from app.sla.forms import KIND_LABELS
from app.sla.rules import split_target
from app.tickets.labels import holiday_name, service_duration

__all__ = ["calendar_label", "colour", "duration", "holiday_name", "kind_label", "target"]

# S2: the two calendars every deployment has; calendars a manager adds show their own name
CALENDAR_LABELS = {
    OFFICE: _l("Office hours"),
    EXTENDED: _l("Extended hours"),
}


def calendar_label(name: str):
    """The calendar's name as the reader reads it: "office" → "工作时间"."""
    return CALENDAR_LABELS.get(name, name)


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def colour(clock: Clock, warning_percent: int) -> str:
    """ok, warning (the contract's share of the target used) or breached."""
    if clock.state == "breached":
        return "breached"
    if clock.state in ("running", "paused") and (
        clock.target_minutes == 0
        or clock.used_minutes * 100 >= warning_percent * clock.target_minutes
    ):
        return "warning"
    return "ok"


def duration(minutes: float) -> str:
    """Service time as "4 h 30 min", "45 min" or "12 s"."""
    return service_duration(minutes)


def target(minutes: int, day_minutes: int) -> str:
    """A target in plain terms with its minutes beside: "3 working days (1,620 min)"."""
    amount, unit = split_target(minutes, day_minutes)
    counted = format_decimal(minutes)
    if unit == "working_days":
        words = ngettext("%(num)d working day", "%(num)d working days", amount)
    elif unit == "hours":
        words = ngettext("%(num)d hour", "%(num)d hours", amount)
    else:
        return _("%(m)s min", m=counted)
    return _("%(target)s (%(m)s min)", target=words, m=counted)


BREACH_REASON_LABELS = {
    "waiting_user": _l("Waiting for the user"),
    "third_party": _l("Waiting for a third party or manufacturer"),
    "spare_parts": _l("Waiting for spare parts"),
    "no_access": _l("No access to the site or device"),
    "workload": _l("Many requests at the same time"),
    "misrouted": _l("Classified or routed wrongly at first"),
    "other": _l("Other reason"),
}


def breach_reason_label(code: str | None) -> str:
    return BREACH_REASON_LABELS.get(code or "", code or "")
