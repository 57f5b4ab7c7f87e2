"""Who may see, keep and sign off the start-up and exit checklists (S8, S20)."""

from app.accounts.roles import CLIENT, MANAGERS, STAFF, has_role

# who reaches the checklist pages at all; the client's side is narrowed to named contacts
AUDIENCE = STAFF | CLIENT
KEEPERS = MANAGERS
CONTACT_FIELDS = ("client_project_lead_id", "client_management_contact_id", "client_it_contact_id")


def is_named_client_contact(user, contract) -> bool:
    uid = getattr(user, "id", None)
    return uid is not None and any(getattr(contract, f) == uid for f in CONTACT_FIELDS)


def can_view(user, contract, checklist=None) -> bool:
    """Staff and the client's named contacts see the checklists; a client person who owns an
    item sees that item's checklist."""
    if has_role(user, STAFF) or is_named_client_contact(user, contract):
        return True
    uid = getattr(user, "id", None)
    return checklist is not None and any(i.owner_id == uid for i in checklist.items if uid)


def sees_staff_documents(user) -> bool:
    """Only the vendor's people may see or cite staff-only documents as evidence."""
    return has_role(user, STAFF)


def can_plan(user) -> bool:
    """Owners and due dates are the managers' to set; an owner records progress."""
    return can_keep(user)


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
