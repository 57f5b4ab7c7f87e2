"""Translated names of change kinds, categories, statuses and actions, for pages and mail."""

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.changes import rules
from app.tickets.labels import LEVEL_LABELS

KIND_LABELS = {
    "standard": _l("Standard (routine, pre-approved)"),
    "normal": _l("Normal (special)"),
    "emergency": _l("Emergency"),
}
CATEGORY_LABELS = {
    "user_settings": _l("User settings"),
    "backup": _l("Special backup"),
    "printer": _l("Printer settings"),
    "maintenance": _l("Maintenance"),
    "security": _l("Security"),
    "other": _l("Other"),
}
INITIATOR_LABELS = {
    "vendor": _l("Vendor"),
    "client": _l("Client"),
    "third_party": _l("Third party"),
}
STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Waiting for approval"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "scheduled": _l("Scheduled"),
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
    "failed": _l("Failed"),
    "backed_out": _l("Backed out"),
    "closed": _l("Closed"),
}
APPROVAL_LABELS = {
    "pending": _l("Approval pending"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "not_required": _l("No approval needed"),
}
ACTION_LABELS = {
    # an action, not the "Created" time column
    "created": _l("Change created"),
    "edited": _l("Edited"),
    "submit": _l("Submit"),
    "approve": _l("Approve"),
    "reject": _l("Reject"),
    "schedule": _l("Schedule and announce"),
    "start": _l("Start"),
    "complete": _l("Complete"),
    "fail": _l("Failed"),
    "back_out": _l("Backed out"),
    "close": _l("Close"),
    # problem numbers that named no problem record when they became links (kept in the note)
    "problems_unmatched": _l("Problem numbers without a record"),
}
VIA_LABELS = {"portal": _l("portal"), "mail": _l("mail link"), "api": _l("API")}


def risk_reason(change) -> str:
    """S15 risk in the reader's language, worked out from the stored likelihood and impact:
    "可能性 低 × 影响 中 = 2 → 低". A row whose parts cannot be read keeps its stored text."""
    try:
        risk = rules.assess_risk(change.risk_likelihood, change.risk_impact)
    except ValueError:
        return change.risk_reason or ""
    return _(
        "likelihood %(likelihood)s × impact %(impact)s = %(score)d → %(level)s",
        likelihood=LEVEL_LABELS[risk.likelihood],
        impact=LEVEL_LABELS[risk.impact],
        score=risk.score,
        level=LEVEL_LABELS[risk.level],
    )


def event_params_text(event) -> str:
    """What the portal said on a change's history line, in the reader's words ('' if none)."""
    params = event.params or {}
    if fields := params.get("fields"):
        names = ", ".join(str(field_label(name)) for name in fields)
        return _("Changed: %(fields)s", fields=names)
    if assets := params.get("assets"):
        return _("Asset register updated: %(tags)s", tags=", ".join(assets))
    return ""


# a change's fields as its form names them (filled by forms.py, which knows the labels)
FIELD_LABELS: dict = {}


def field_label(name: str):
    return FIELD_LABELS.get(name, _l("Other details"))


def register_template_helpers(app: Flask) -> None:
    def lookup(table):
        return lambda key: table.get(key, key)

    app.jinja_env.globals.update(
        change_event_params=event_params_text,
        change_kind_label=lookup(KIND_LABELS),
        change_category_label=lookup(CATEGORY_LABELS),
        change_initiator_label=lookup(INITIATOR_LABELS),
        change_status_label=lookup(STATUS_LABELS),
        change_approval_label=lookup(APPROVAL_LABELS),
        change_action_label=lookup(ACTION_LABELS),
        change_via_label=lookup(VIA_LABELS),
        change_risk_reason=risk_reason,
    )
