"""What SLA pages show in the reader's language: calendar names, day kinds, holiday names,
service durations and the colour of a clock."""

from chinese_calendar.constants import Holiday
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.clocks.replay import Clock
from app.clocks.store import EXTENDED, OFFICE
from app.sla.forms import KIND_LABELS
from app.web.i18n import current_lang

# S2: the two calendars every deployment has; calendars a manager adds show their own name
CALENDAR_LABELS = {
    OFFICE: _l("Office hours"),
    EXTENDED: _l("Extended hours"),
}


def calendar_label(name: str):
    """The calendar's name as the reader reads it: "office" → "工作时间"."""
    return CALENDAR_LABELS.get(name, name)


_CHINESE_NAMES = {holiday.value: holiday.chinese for holiday in Holiday}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def holiday_name(name: str | None) -> str:
    """A statutory holiday's name in the reader's language; a manager's names as written."""
    if not name:
        return ""
    return _CHINESE_NAMES.get(name, name) if current_lang() == "zh" else name


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
    seconds = round(minutes * 60)
    if seconds < 60:
        return _("%(s)d s", s=seconds)
    hours, rest = divmod(round(seconds / 60), 60)
    if not hours:
        return _("%(m)d min", m=rest)
    if not rest:
        return _("%(h)d h", h=hours)
    return _("%(h)d h %(m)d min", h=hours, m=rest)
