"""Words shown to people about escalations: kinds, parts people play, triggers, refusals."""

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "service": _l("Service"),
    "technical": _l("Technical"),
    "contract": _l("Contract"),
    "personnel": _l("Personnel"),
}
TITLE_LABELS = {
    "escalation_engineer": _l("Vendor escalation engineer"),
    "vendor_manager": _l("Vendor project manager"),
    "vendor_account_director": _l("Vendor account director"),
    "client_it_contact": _l("Client IT technical contact"),
    "client_management_contact": _l("Client management contact"),
    "other": _l("Other named person"),
}
TRIGGER_LABELS = {
    "p1_opened": _l("A P1 incident is opened"),
    "critical_problem": _l("A critical problem is recorded"),
    "major_incident": _l("A major incident is filed in the complaint log"),
    "sla_breach": _l("A service level is breached"),
}
STATUS_LABELS = {"open": _l("Open"), "closed": _l("Closed")}
FIRED_BY_LABELS = {
    "hand": _l("by hand"),
    "time": _l("unconfirmed in time"),
    "trigger": _l("automatically"),
}
VIA_LABELS = {
    "mail": _l("from the mail link"),
    "portal": _l("in the portal"),
    "api": _l("through the API"),
}
SUBJECT_LABELS = {"ticket": _l("Ticket"), "problem": _l("Problem"), "complaint": _l("Complaint")}
REFUSALS = {
    "invalid": _l("Please check the marked fields."),
    "confirmed": _l("This step is already confirmed, or the escalation is closed."),
    "closed": _l("This escalation is already closed."),
    "top": _l("This is the highest level of the matrix for this kind."),
    "raced": _l("Someone else raised this escalation at the same moment — reload the page."),
    "action": _l("Unknown action."),
    "forbidden": _l("You may not do this with this escalation."),
    "subject": _l("No ticket, problem or complaint has that number."),
}
DONE = {
    "confirm": _l("Confirmed: this level has taken the escalation on."),
    "raise": _l("Raised: the next level is told."),
    "close": _l("Closed with its outcome."),
}
FIELD_MESSAGES = {
    "kind": _l("Choose the kind of escalation."),
    "already_open": _l(
        "This record already has an open escalation of this kind: raise that one to the next "
        "level instead."
    ),
    "no_level": _l(
        "The escalation matrix has no level for this kind yet: a manager adds one first."
    ),
    "reason": _l("Give the reason for the escalation (at most 2,000 characters)."),
    "outcome": _l("Write the outcome before closing (at most 2,000 characters)."),
    "contact": _l("Choose the person this level calls."),
    "level": _l("A level is a number from 1 to 6."),
    "climb_after": _l("Wait between 0.1 and 720 hours of service time, or leave it empty."),
    "title": _l("Choose the part this person plays."),
    "owner": _l("Choose a person of the vendor to own the solution."),
}


def refusal(code: str) -> str:
    return str(REFUSALS.get(code, REFUSALS["invalid"]))


def field_messages(fields: dict[str, str]) -> dict[str, str]:
    """{form field: message} from the rules' codes."""
    return {
        field: str(FIELD_MESSAGES.get(code, _("Please check this field.")))
        for field, code in fields.items()
    }


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        escalation_kind_label=lambda code: KIND_LABELS.get(code, code),
        escalation_title_label=lambda code: TITLE_LABELS.get(code, code),
        escalation_trigger_label=lambda code: TRIGGER_LABELS.get(code, ""),
        escalation_status_label=lambda code: STATUS_LABELS.get(code, code),
        escalation_fired_by_label=lambda code: FIRED_BY_LABELS.get(code, ""),
        escalation_via_label=lambda code: VIA_LABELS.get(code, ""),
        escalation_subject_label=lambda code: SUBJECT_LABELS.get(code, ""),
    )
