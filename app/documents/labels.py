"""Words shown to people about documents: kinds, audiences, review states, refusals."""

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "system_config": _l("System configuration"),
    "asset_documents": _l("Asset documents"),
    "device_list": _l("Device list"),
    "process": _l("Process document"),
    "regular_report": _l("Regular reports"),
    "manual": _l("Manual"),
}
VISIBILITY_LABELS = {"staff": _l("Staff only"), "client": _l("Client staff too")}
REVIEW_LABELS = {
    "overdue": _l("Review overdue"),
    "soon": _l("Review due soon"),
    "ok": _l("Reviewed"),
    "none": _l("No review date"),
}
REFUSALS = {
    "required": _l("Please fill in this field."),
    "too_long": _l("This text is too long."),
    "choice": _l("Please choose one of the options."),
    "empty_version": _l("Write the text or choose a file."),
    "both": _l("Either write the text or choose a file, not both."),
    "live": _l("This document is read live; it has no versions of its own."),
    "nul": _l("The text contains characters that cannot be stored."),
    "months": _l("Between 1 and 60 months."),
    "unknown_asset": _l("No such asset."),
    "unknown_catalog_item": _l("No such catalog item."),
    "unknown_problem": _l("No such problem record."),
}


def refusal_text(code: str) -> str:
    label = REFUSALS.get(code)
    return str(label) if label else _("This value is not accepted.")


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        document_kind_label=lambda code: KIND_LABELS.get(code, code),
        document_visibility_label=lambda code: VISIBILITY_LABELS.get(code, code),
        document_review_label=lambda code: REVIEW_LABELS.get(code, code),
    )
