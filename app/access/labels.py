"""Words shown about access grants and security measures."""

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

KIND_LABELS = {"physical": _l("Physical"), "logical": _l("Logical")}
STATE_LABELS = {
    "active": _l("Valid"),
    "expiring": _l("Expiring soon"),
    "expired": _l("Expired"),
    "revoked": _l("Revoked"),
}
REFUSALS = {
    "required": _l("Please fill in this field."),
    "past": _l("The date has passed already."),
    "choice": _l("Please choose one of the options."),
    "not_vendor": _l("Only the vendor's people are entered in the register."),
    "not_client": _l("Access is authorised by a person of the client."),
    "unknown_asset": _l("No such asset."),
    "revoked": _l("This access is revoked already."),
    "nul": _l("The text contains characters that cannot be stored."),
}


def refusal_text(code: str) -> str:
    label = REFUSALS.get(code)
    return str(label) if label else _("This value is not accepted.")


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        access_kind_label=lambda code: KIND_LABELS.get(code, code),
        access_state_label=lambda code: STATE_LABELS.get(code, code),
    )
