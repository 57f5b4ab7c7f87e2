"""Who may publish, read and acknowledge notices — used by pages and templates alike."""

from app.accounts.roles import APPROVERS, EVERYONE, MANAGERS, SERVICE_DESK, STAFF, has_role

# the service desk and its managers tell users of maintenance, outages and new services
PUBLISH = SERVICE_DESK
LIST = STAFF
# everyone signed in sees the banners meant for them and may close them
BANNER = EVERYONE
# the client's named contacts (the project lead first) tell the vendor of business and
# organisation changes (S18); the vendor's managers may record one told by phone
CLIENT_REPORTERS = APPROVERS | MANAGERS
NAMED_CONTACTS = ("client_project_lead_id", "client_management_contact_id", "client_it_contact_id")
CLIENT_READERS = APPROVERS | STAFF
ACKNOWLEDGE = MANAGERS


def can_publish(user) -> bool:
    return has_role(user, PUBLISH)


def can_report(user, contract) -> bool:
    """The managers, and the client people the contract names (not every approver)."""
    if has_role(user, MANAGERS):
        return True
    uid = getattr(user, "id", None)
    named = uid is not None and any(getattr(contract, f) == uid for f in NAMED_CONTACTS)
    return has_role(user, CLIENT_REPORTERS) and named


def can_acknowledge(user) -> bool:
    return has_role(user, ACKNOWLEDGE)
