"""Translated names of installation statuses and sign-off methods, and device types, for pages."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.installations import cmdb

STATUS_LABELS = {
    "requested": _l("Requested"),
    "approved": _l("Approved"),
    "scheduled": _l("Scheduled"),
    "installed": _l("Installed, waiting for sign-off"),
    "signed_off": _l("Signed off"),
    "rejected": _l("Not approved"),
}
# the steps of an installation request (rules.TRANSITIONS)
STEP_LABELS = {
    "approve": _l("Installation approved"),
    "reject": _l("Installation not approved"),
    "schedule": _l("Installation scheduled"),
    "install": _l("Devices installed"),
    "sign_off": _l("Installation signed off"),
}
METHOD_LABELS = {
    "signature": _l("Signature on screen"),
    "email": _l("Confirmed by mail"),
    "batch": _l("Department sign-off by an approver"),
}


def register_history_words() -> None:
    """A ticket's history names an installation's steps and statuses in the reader's words."""
    from app.tickets import labels as ticket_labels

    ticket_labels.ACTION_LABELS.update(
        {f"installation_{action}": label for action, label in STEP_LABELS.items()}
    )
    ticket_labels.FIELD_LABELS["installation"] = _l("Installation request")
    ticket_labels.VALUE_WORDS["installation"] = lambda key: str(STATUS_LABELS.get(key, key))


def device_type_names() -> dict[str, str]:
    """Installed devices' type codes → the asset type names in the reader's language."""
    return dict(cmdb.device_types())


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        install_status_label=lambda key: STATUS_LABELS.get(key, key),
        signoff_method_label=lambda key: METHOD_LABELS.get(key, key),
        device_type_names=device_type_names,
    )
