"""Words shown to people about problems: statuses, severities, steps, history lines, refusals."""

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.problems.errors import Refusal
from app.web.i18n import current_lang

STATUS_LABELS = {
    "open": _l("New"),
    "under_investigation": _l("Under investigation"),
    "root_cause_known": _l("Root cause known"),
    "fix_planned": _l("Fix planned"),
    "resolved": _l("Resolved"),
    "closed": _l("Closed"),
}
SEVERITY_LABELS = {"critical": _l("Critical"), "major": _l("Major"), "minor": _l("Minor")}
ACTION_LABELS = {
    "investigate": _l("Start the investigation"),
    "root_cause_known": _l("Root cause found"),
    "plan_fix": _l("Solution plan agreed"),
    "resolve": _l("Fix carried out"),
    "close": _l("Close the problem"),
}
KIND_LABELS = {
    "asset": _l("Same asset"),
    "model": _l("Same model"),
    "catalog_item": _l("Same catalog item"),
}
SIDE_LABELS = {"vendor": _l("Vendor"), "client": _l("Client"), "third_party": _l("Third party")}
FIELD_LABELS = {
    "title": _l("Title"),
    "description": _l("Description"),
    "severity": _l("Severity"),
    "owner_id": _l("Owner"),
    "cause_id": _l("Underlying problem"),
    "catalog_items": _l("Catalog items"),
    "what_happened": _l("What happened"),
    "whys": _l("Five whys"),
    "fix": _l("The fix"),
    "workaround": _l("Known workaround"),
    "prevention": _l("How recurrence is prevented"),
}


def joined(values) -> str:
    return ", ".join(str(v) for v in values)


def event_text(event) -> str:
    """One history line in the reader's language, from the stored code and its values."""
    p = event.params or {}
    numbers = joined(p.get("numbers", []))
    texts = {
        "created": lambda: _("Opened (%(severity)s)", severity=severity_label(p.get("severity"))),
        "escalated": lambda: _(
            "Escalated as %(severity)s to %(names)s",
            severity=severity_label(p.get("severity")),
            names=joined(p.get("names", [])),
        ),
        "edited": lambda: _("Changed: %(fields)s", fields=field_names(p.get("fields", []))),
        "analysis": lambda: _(
            "Root-cause analysis written: %(fields)s", fields=field_names(p.get("fields", []))
        ),
        "party_agreed": lambda: _(
            "%(name)s (%(side)s) agreed the solution plan",
            name=p.get("name", ""),
            side=SIDE_LABELS.get(p.get("side"), p.get("side", "")),
        ),
        "party_removed": lambda: _("Agreement of %(name)s taken back", name=p.get("name", "")),
        "incident_linked": lambda: _("Incidents linked: %(numbers)s", numbers=numbers),
        "incident_unlinked": lambda: _("Incident unlinked: %(numbers)s", numbers=numbers),
        "change_linked": lambda: _("Change carrying the fix: %(numbers)s", numbers=numbers),
        "change_unlinked": lambda: _("Change unlinked: %(numbers)s", numbers=numbers),
        "asset_linked": lambda: _("Assets linked: %(numbers)s", numbers=numbers),
        "asset_unlinked": lambda: _("Asset unlinked: %(numbers)s", numbers=numbers),
    }
    if event.action in texts:
        return texts[event.action]()
    return str(ACTION_LABELS.get(event.action, event.action))


def field_names(names) -> str:
    separator = "、" if current_lang() == "zh" else ", "
    return separator.join(str(FIELD_LABELS.get(name, name)) for name in names)


def refusal_text(refusal) -> str:
    """Why a field was refused, in the reader's language."""
    values = joined(refusal.values)
    first = refusal.values[0] if refusal.values else ""
    texts = {
        "required": lambda: _("Please fill this in."),
        "too_long": lambda: _("At most %(n)s characters.", n=first),
        "unknown_severity": lambda: _("Choose critical, major or minor."),
        "unknown_owner": lambda: _("Choose an active member of the vendor's staff."),
        "unknown_tickets": lambda: _("No such ticket: %(numbers)s.", numbers=values),
        "not_incidents": lambda: _(
            "Only incidents belong to a problem, not service requests: %(numbers)s.",
            numbers=values,
        ),
        "taken": lambda: _("Already linked to another problem: %(numbers)s.", numbers=values),
        "unknown_assets": lambda: _("Not in the asset register: %(tags)s.", tags=values),
        "unknown_changes": lambda: _("No such change: %(numbers)s.", numbers=values),
        "unknown_items": lambda: _("No such catalog item: %(codes)s.", codes=values),
        "unknown_problems": lambda: _("No such problem: %(numbers)s.", numbers=values),
        "self": lambda: _("A problem cannot be its own underlying problem."),
        "loop": lambda: _(
            "%(number)s already comes from this problem: linking it would make a circle.",
            number=first,
        ),
        "unknown_side": lambda: _("Choose vendor, client or third party."),
        "unknown_kind": lambda: _("Choose incidents, changes or assets."),
        "too_many_whys": lambda: _(
            "At most %(n)s whys of %(length)s characters each.",
            n=first,
            length=refusal.values[1] if len(refusal.values) > 1 else "",
        ),
        "needs_what_happened": lambda: _("Write what happened first."),
        "needs_whys": lambda: _("Write at least one why first."),
        "needs_fix": lambda: _("Describe the fix first."),
        "needs_parties": lambda: _("Record who agreed the solution plan first."),
        "needs_prevention": lambda: _("Say how recurrence is prevented first."),
        "closed": lambda: _("A closed problem is a finished record and is not changed."),
    }
    return texts[refusal.code]() if refusal.code in texts else refusal.code


def lacking_text(name: str) -> str:
    """What the analysis still lacks for a step, e.g. 'Describe the fix first.'"""
    return refusal_text(Refusal(f"needs_{name}"))


def status_label(status) -> str:
    return str(STATUS_LABELS.get(status, status))


def severity_label(severity) -> str:
    return str(SEVERITY_LABELS.get(severity, severity or ""))


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        problem_status_label=status_label,
        problem_severity_label=severity_label,
        problem_action_label=lambda action: ACTION_LABELS.get(action, action),
        problem_event_text=event_text,
        problem_refusal_text=refusal_text,
        problem_lacking_text=lacking_text,
        problem_kind_label=lambda kind: KIND_LABELS.get(kind, kind),
        problem_side_label=lambda side: SIDE_LABELS.get(side, side),
    )
