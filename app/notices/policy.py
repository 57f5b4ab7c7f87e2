"""Who may publish, read and acknowledge notices — used by pages and templates alike."""

from app.accounts.roles import APPROVERS, EVERYONE, MANAGERS, SERVICE_DESK, STAFF, has_role

# the service desk and its managers tell users of maintenance, outages and new services
PUBLISH = SERVICE_DESK
LIST = STAFF
# everyone signed in sees the banners meant for them and may close them
BANNER = EVERYONE
# the client's approvers (the project lead among them) tell the vendor of business and
# organisation changes (S18); the vendor's managers may record one told by phone
CLIENT_REPORTERS = APPROVERS | MANAGERS
CLIENT_READERS = APPROVERS | STAFF
ACKNOWLEDGE = MANAGERS


def can_publish(user) -> bool:
    return has_role(user, PUBLISH)


def can_report(user) -> bool:
    return has_role(user, CLIENT_REPORTERS)


def can_acknowledge(user) -> bool:
    return has_role(user, ACKNOWLEDGE)
