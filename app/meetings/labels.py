"""Words shown to people about meetings: kinds, cadences, statuses, refusals."""

from flask import Flask
from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "service_review": _l("Monthly service review"),
    "business_review": _l("Quarterly business review"),
}
CADENCE_LABELS = {"monthly": _l("Monthly"), "quarterly": _l("Quarterly")}
STATUS_LABELS = {"open": _l("To do"), "done": _l("Done"), "dropped": _l("Dropped")}
WEEKDAY_LABELS = [
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
]
WEEK_LABELS = {
    1: _l("First"),
    2: _l("Second"),
    3: _l("Third"),
    4: _l("Fourth"),
    -1: _l("Last"),
}
REFUSALS = {
    "required": _l("This field is required."),
    "end_before_start": _l("The meeting must end after it starts."),
    "nul": _l("The text contains a character that cannot be stored."),
    "too_long": _l("The text is too long."),
    "owner": _l("Choose who owns this action item."),
    "owner_role": _l("This person cannot own action items."),
    "title": _l("Say what is to be done."),
    "status": _l("Choose open, done or dropped."),
    "report": _l("Choose a stored monthly report."),
    "time": _l("Give the time as hours and minutes, e.g. 10:00."),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def refusal_text(code: str) -> str:
    return str(REFUSALS.get(code, REFUSALS["required"]))


def schedule_text(schedule) -> str:
    """'Second Tuesday, 10:00' in the reader's language."""
    week, weekday = WEEK_LABELS.get(schedule.week, ""), WEEKDAY_LABELS[schedule.weekday]
    return f"{week} {weekday} {schedule.start_time}"


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        meeting_kind_label=kind_label,
        meeting_item_status_label=status_label,
        meeting_cadence_label=lambda cadence: str(CADENCE_LABELS.get(cadence, cadence)),
        meeting_schedule_text=schedule_text,
    )
