"""Words shown to people about improvements: sources, statuses, refusals."""

from flask import Flask
from flask_babel import lazy_gettext as _l

SOURCE_LABELS = {
    "meeting": _l("Meeting"),
    "complaint": _l("Complaint"),
    "problem": _l("Problem"),
    "survey": _l("Survey"),
    "other": _l("Other"),
}
STATUS_LABELS = {
    "proposed": _l("Proposed"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "dropped": _l("Dropped"),
}
REFUSALS = {
    "required": _l("This field is required."),
    "nul": _l("The text contains a character that cannot be stored."),
    "too_long": _l("The text is too long."),
}


def refusal_text(code: str) -> str:
    return str(REFUSALS.get(code, REFUSALS["required"]))


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        improvement_source_label=lambda source: str(SOURCE_LABELS.get(source, source)),
        improvement_status_label=lambda status: str(STATUS_LABELS.get(status, status)),
    )
