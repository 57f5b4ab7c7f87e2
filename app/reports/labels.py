"""Translated names of report statuses, schedule states and measures, for pages and mail."""

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.tickets.catalog import GROUPS
from app.tickets.labels import CHANNEL_LABELS, METRIC_LABELS
from app.web.i18n import current_lang

STATUS_LABELS = {
    "draft": _l("Draft"),
    "reviewed": _l("Reviewed"),
    "sent": _l("Sent to the client"),
    "acknowledged": _l("Acknowledged by the client"),
    "live": _l("Live (not stored)"),
}
ACTION_LABELS = {
    "review": _l("Mark reviewed"),
    "send": _l("Send to the client"),
    "acknowledge": _l("Record acknowledgement"),
}
KIND_LABELS = {"monthly": _l("Monthly report"), "quarterly": _l("Quarterly report")}
SCHEDULE_LABELS = {
    "done": _l("Sent"),
    "overdue": _l("Overdue"),
    "due": _l("Due"),
    "upcoming": _l("Not yet due"),
}
MEASURE_LABELS = {**METRIC_LABELS, "phone": _l("Phone answered")}
SLA_STATE_LABELS = {"met": _l("met"), "breached": _l("breached"), "open": _l("open")}


def scope_label(key: str) -> str:
    """A row's scope as the pages name it: a channel, a catalog group, a priority or all."""
    if key in CHANNEL_LABELS:
        return str(CHANNEL_LABELS[key])
    if key in GROUPS:
        return GROUPS[key][1] if current_lang() == "zh" else GROUPS[key][2]
    return str(_l("all")) if key == "all" else key


def target_label(metric: str, target: float) -> str:
    """A target as people read it: rings, minutes, or hours past two hours."""
    if metric == "phone":
        return _("≤ %(n)d rings", n=target)
    if target >= 120:
        return _("≤ %(n)s h", n=f"{target / 60:.1f}".rstrip("0").rstrip("."))
    return _("≤ %(n)s min", n=f"{target:g}")


CRITERIA_LABELS = {
    "channel": _l("Channel"),
    "priority": _l("Priority"),
    "type": _l("Type"),
    "code": _l("Catalog item"),
    "day": _l("Day"),
    "metric": _l("Measure"),
    "key": _l("Scope"),
    "state": _l("SLA"),
    "open": _l("Not resolved yet"),
    "resolved": _l("Resolved"),
}


def describe(criteria: dict) -> list[tuple[str, str]]:
    """The list's criteria as (name, value) in the page's words."""
    values = {
        "channel": lambda v: str(CHANNEL_LABELS.get(v, v)),
        "metric": lambda v: str(MEASURE_LABELS.get(v, v)),
        "key": scope_label,
        "state": lambda v: str(SLA_STATE_LABELS.get(v, v)),
        "open": lambda v: "✓",
        "resolved": lambda v: "✓",
    }
    return [
        (str(CRITERIA_LABELS.get(name, name)), values.get(name, str)(value))
        for name, value in criteria.items()
    ]


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        report_status_label=lambda status: STATUS_LABELS.get(status, status),
        report_action_label=lambda action: ACTION_LABELS.get(action, action),
        report_kind_label=lambda kind: KIND_LABELS.get(kind, kind),
        schedule_label=lambda state: SCHEDULE_LABELS.get(state, state),
        measure_label=lambda metric: MEASURE_LABELS.get(metric, metric),
        sla_state_word=lambda state: SLA_STATE_LABELS.get(state, state),
        scope_label=scope_label,
        target_label=target_label,
        describe_criteria=describe,
    )
