"""Who may see, keep and sign off the start-up and exit checklists (S8, S20)."""

from app.accounts.roles import CLIENT, MANAGERS, STAFF, has_role

# who reaches the checklist pages at all; the client's side is narrowed to named contacts
AUDIENCE = STAFF | CLIENT
KEEPERS = MANAGERS
CONTACT_FIELDS = ("client_project_lead_id", "client_management_contact_id", "client_it_contact_id")


def is_named_client_contact(user, contract) -> bool:
    uid = getattr(user, "id", None)
    return uid is not None and any(getattr(contract, f) == uid for f in CONTACT_FIELDS)


def can_view(user, contract) -> bool:
    return has_role(user, STAFF) or is_named_client_contact(user, contract)


def can_keep(user) -> bool:
    """Managers start checklists, add items and edit the default template."""
    return has_role(user, KEEPERS)


def can_update(user, item) -> bool:
    """The item's owner or a manager records progress and evidence."""
    return can_keep(user) or (item.owner_id is not None and item.owner_id == user.id)


def is_signer(user, contract) -> bool:
    """S8: the client's project lead named on the contract signs the checklist off."""
    lead = contract.client_project_lead_id
    return lead is not None and getattr(user, "id", None) == lead
