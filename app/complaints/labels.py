"""Translated names of complaint statuses, kinds, sources and actions."""

from flask import Flask
from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "open": _l("Open"),
    "in_progress": _l("Being handled"),
    "awaiting_acknowledgement": _l("Waiting for the client's acknowledgement"),
    "closed": _l("Closed"),
}
KIND_LABELS = {"complaint": _l("Complaint"), "major_incident": _l("Major incident")}
SOURCE_LABELS = {
    "employee": _l("Filed by the employee"),
    "desk": _l("Filed by the desk for a caller"),
    "survey": _l("Opened by a low survey rating"),
    "manager": _l("Logged by the vendor"),
}
ACTION_LABELS = {
    "created": _l("Filed"),
    "start": _l("Start handling"),
    "add_step": _l("Agree a handling step"),
    "complete_step": _l("Step done"),
    "comment": _l("Comment"),
    "resolve": _l("State the outcome"),
    "acknowledge": _l("Accept the outcome"),
    "dispute": _l("Dispute the outcome"),
    "reopen": _l("Reopen"),
    "edited": _l("Changed"),
}


def register_template_helpers(app: Flask) -> None:
    from app.complaints.rules import is_overdue
    from app.extensions import utcnow

    app.jinja_env.globals.update(
        is_overdue=lambda complaint: is_overdue(complaint.status, complaint.due_at, utcnow()),
        complaint_status_label=lambda status: STATUS_LABELS.get(status, status),
        complaint_kind_label=lambda kind: KIND_LABELS.get(kind, kind),
        complaint_source_label=lambda source: SOURCE_LABELS.get(source, source),
        complaint_action_label=lambda action: ACTION_LABELS.get(action, action),
    )
