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
}
METHOD_LABELS = {
    "signature": _l("Signature on screen"),
    "email": _l("Confirmed by mail"),
    "batch": _l("Department sign-off by an approver"),
}


def device_type_names() -> dict[str, str]:
    """Installed devices' type codes → the asset type names in the reader's language."""
    return dict(cmdb.device_types())


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        install_status_label=lambda key: STATUS_LABELS.get(key, key),
        signoff_method_label=lambda key: METHOD_LABELS.get(key, key),
        device_type_names=device_type_names,
    )
