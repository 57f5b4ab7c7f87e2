"""Pure rules of the start-up and exit checklists (S8, S20): the default items, statuses and
when the client may sign off."""

KINDS = ("onboarding", "exit")
STATUSES = ("open", "in_progress", "done", "not_needed")
CLOSED = frozenset({"done", "not_needed"})
SIDES = ("vendor", "client")
# pages an item's evidence may point to: code → endpoint
PAGES = {
    "asset_register": "assets.index",
    "asset_export": "assets.export",
    "report_archive": "reports.index",
    "document_library": "documents.index",
    "access_register": "access.index",
    "training_plans": "training.index",
    "contract": "contracts.edit",
}
# S8: what both sides agree before the service starts; S20: what is handed over at the end
DEFAULT_ITEMS = {
    "onboarding": (
        ("workflows", "vendor"),
        ("manuals", "client"),
        ("configuration", "vendor"),
        ("tools", "vendor"),
        ("service_models", "vendor"),
        ("contacts", "client"),
    ),
    "exit": (
        ("documents_handed_over", "vendor"),
        ("assets_reconciled", "vendor"),
        ("access_revoked", "client"),
        ("training_done", "vendor"),
        ("open_tickets_transferred", "vendor"),
        ("contacts", "client"),
    ),
}


def open_items(statuses: list[str]) -> int:
    return sum(1 for status in statuses if status not in CLOSED)


def sign_off_refusal(statuses: list[str], *, signed: bool, signer_named: bool) -> str | None:
    """Why the checklist cannot be signed off now (a code), or None."""
    if signed:
        return "already_signed"
    if not signer_named:
        return "not_the_named_person"
    if not statuses:
        return "empty"
    if open_items(statuses):
        return "open_items"
    return None
