"""Words shown to people about notices: kinds and refusals."""

from flask import Flask
from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "maintenance": _l("Planned maintenance"),
    "outage": _l("Outage"),
    "new_service": _l("New service"),
    "other": _l("Other"),
}
CLIENT_KIND_LABELS = {
    "move": _l("Office move"),
    "new_department": _l("New department"),
    "headcount": _l("Headcount change"),
    "new_system": _l("New system"),
    "other": _l("Other"),
}
REFUSALS = {
    "required": _l("This field is required."),
    "end_before_start": _l("The notice must end after it starts."),
    "nul": _l("The text contains a character that cannot be stored."),
    "too_long": _l("The text is too long."),
    "kind": _l("Choose a kind."),
    "department": _l("Choose departments that exist."),
}


def refusal_text(code: str) -> str:
    return str(REFUSALS.get(code, REFUSALS["required"]))


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        notice_kind_label=lambda kind: str(KIND_LABELS.get(kind, kind)),
        client_notice_kind_label=lambda kind: str(CLIENT_KIND_LABELS.get(kind, kind)),
    )
