"""Translated names of complaint statuses, kinds, sources and actions."""

from datetime import datetime

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.extensions import db
from app.tickets.labels import LEVEL_LABELS
from app.web.i18n import current_lang, local_time

STATUS_LABELS = {
    "open": _l("Not yet handled"),
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


# the fields a manager edits, as the edit form names them
FIELD_LABELS = {
    "owner_id": _l("Owner"),
    "severity": _l("Severity"),
    "kind": _l("Kind"),
    "due_at": _l("Due on"),
}


def changes_text(event) -> str:
    """An edit's history line in the reader's words: "严重程度：中 → 高；负责人：王芳 → 黄建华"."""

    def words(field: str, value: str | None) -> str:
        if value is None:
            return "—"
        if field == "owner_id":
            person = db.session.get(User, int(value)) if value.isdigit() else None
            return person.name if person else "—"
        if field == "severity":
            return str(LEVEL_LABELS.get(value, value))
        if field == "kind":
            return str(KIND_LABELS.get(value, value))
        if field == "due_at":
            return local_time(datetime.fromisoformat(value), "yyyy-MM-dd")
        return value

    parts = [
        _(
            "%(field)s: %(change)s",
            field=FIELD_LABELS.get(name, _l("Changed")),
            change=f"{words(name, old)} → {words(name, new)}",
        )
        for name, (old, new) in (event.changes or {}).items()
    ]
    return _("; ").join(parts)


# the titles of complaints the portal opens itself (Complaint.words_code)
GENERATED_TITLES = {"low_rating": _l("Low survey rating (%(lowest)s/5): %(subject)s")}


def title_of(complaint) -> str:
    """The complaint's title in the reader's language."""
    words = GENERATED_TITLES.get(complaint.words_code or "")
    if words is None:
        return complaint.title
    return str(words) % (complaint.words_params or {})


def description_of(complaint) -> str:
    """The complaint's text in the reader's language: a low rating lists its questions."""
    if complaint.words_code != "low_rating":
        return complaint.description
    zh = current_lang() == "zh"
    params = complaint.words_params or {}
    lines = [f"{q_zh if zh else q_en}: {score}/5" for q_zh, q_en, score in params["ratings"]]
    lines += [f"{q_zh if zh else q_en}: {text}" for q_zh, q_en, text in params["comments"]]
    return "\n".join(lines)


def register_template_helpers(app: Flask) -> None:
    from app.complaints.rules import is_overdue
    from app.extensions import utcnow

    app.jinja_env.globals.update(
        is_overdue=lambda complaint: is_overdue(complaint.status, complaint.due_at, utcnow()),
        complaint_status_label=lambda status: STATUS_LABELS.get(status, status),
        complaint_kind_label=lambda kind: KIND_LABELS.get(kind, kind),
        complaint_source_label=lambda source: SOURCE_LABELS.get(source, source),
        complaint_action_label=lambda action: ACTION_LABELS.get(action, action),
        complaint_title=title_of,
        complaint_changes=changes_text,
        complaint_description=description_of,
    )
