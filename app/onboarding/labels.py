"""Words shown about checklists: the default items, statuses, sides, evidence pages, refusals."""

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

KIND_LABELS = {"onboarding": _l("Service start-up"), "exit": _l("Exit and handover")}
ITEM_LABELS = {
    "workflows": _l("Workflow definitions agreed"),
    "manuals": _l("Operating manuals and technical documents of each application collected"),
    "configuration": _l("System configuration and IT assets documented"),
    "tools": _l("Tools installed"),
    "service_models": _l("Service models agreed"),
    "contacts": _l("Named contacts on both sides"),
    "documents_handed_over": _l("Documents handed over"),
    "assets_reconciled": _l("Asset register reconciled"),
    "access_revoked": _l("Vendor access revoked"),
    "training_done": _l("Client support staff trained"),
    "open_tickets_transferred": _l("Open tickets transferred"),
}
STATUS_LABELS = {
    "open": _l("Open"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "not_needed": _l("Not needed"),
}
SIDE_LABELS = {"vendor": _l("Vendor"), "client": _l("Client")}
PAGE_LABELS = {
    "asset_register": _l("Asset register"),
    "asset_export": _l("Device list (Excel)"),
    "report_archive": _l("Report archive"),
    "document_library": _l("Document library"),
    "access_register": _l("Access register"),
    "training_plans": _l("Training plans"),
    "contract": _l("Contract settings"),
}
REFUSALS = {
    "already_signed": _l("This checklist is already signed off."),
    "not_the_named_person": _l("Only the client's project lead named on the contract signs off."),
    "empty": _l("The checklist has no items."),
    "open_items": _l("Items are still open: finish them or mark them not needed first."),
    "required": _l("Please fill in this field."),
    "choice": _l("Please choose one of the options."),
    "nul": _l("The text contains characters that cannot be stored."),
    "signed": _l("A signed-off checklist no longer changes."),
}


def item_title(item) -> str:
    label = ITEM_LABELS.get(item.code)
    return str(label) if label else item.title


def refusal_text(code: str) -> str:
    label = REFUSALS.get(code)
    return str(label) if label else _("This value is not accepted.")


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        checklist_kind_label=lambda code: KIND_LABELS.get(code, code),
        checklist_item_title=item_title,
        checklist_status_label=lambda code: STATUS_LABELS.get(code, code),
        checklist_side_label=lambda code: SIDE_LABELS.get(code, code),
        checklist_page_label=lambda code: PAGE_LABELS.get(code, code),
    )
