"""Translated display names of the built-in working calendars; URLs and settings keep the code."""

from flask_babel import lazy_gettext as _l

from app.clocks.store import EXTENDED, OFFICE

# S2: the two calendars every deployment has; calendars a manager adds show their own name
CALENDAR_LABELS = {
    OFFICE: _l("Office hours"),
    EXTENDED: _l("Extended hours"),
}


def calendar_label(name: str):
    """The calendar's name as the reader reads it: "office" → "工作时间"."""
    return CALENDAR_LABELS.get(name, name)
