"""The roles of the contract's people and the groups the contract speaks of, named once.

Only this module and the `policy.py` modules name roles; routes declare who may call them with
these groups, and templates ask policy functions.
"""

EMPLOYEE = "employee"  # a client employee who files requests
APPROVER = "approver"  # a client approver: signs off changes and installations
AGENT = "agent"  # the vendor's service desk: the single point of contact (S3)
ENGINEER = "engineer"  # the vendor's onsite engineer (S6)
MANAGER = "manager"  # the vendor's project manager: settings, reports, escalations
ADMIN = "admin"  # the portal's administrator: everything a manager does, and users

ROLES = (EMPLOYEE, APPROVER, AGENT, ENGINEER, MANAGER, ADMIN)
EVERYONE = frozenset(ROLES)
# the client's people
CLIENT = frozenset({EMPLOYEE, APPROVER})
APPROVERS = frozenset({APPROVER})
# the vendor's people: they see every ticket and every CI
STAFF = frozenset({AGENT, ENGINEER, MANAGER, ADMIN})
# who works the queue: takes calls and mail, dispatches, keeps the complaint log
SERVICE_DESK = frozenset({AGENT, MANAGER, ADMIN})
# who answers the service desk's phone (S3)
CALL_TAKERS = frozenset({AGENT, MANAGER})
# who works on a ticket in hand: the desk, the onsite engineer, their manager
TICKET_HANDLERS = frozenset({AGENT, ENGINEER, MANAGER})
# who goes to the user's desk
ONSITE = frozenset({ENGINEER})
# who runs the contract: settings, reports, calendars, the audit trail
MANAGERS = frozenset({MANAGER, ADMIN})
ADMINS = frozenset({ADMIN})


def has_role(user, group: frozenset[str]) -> bool:
    """The user (or None) holds one of the group's roles."""
    return getattr(user, "role", None) in group
