"""Who may see and do what on which complaint — used by pages, API and templates alike."""

from app.accounts.roles import APPROVER, CLIENT, MANAGERS, SERVICE_DESK
from app.complaints.models import Complaint

# the desk and managers keep the log; engineers are not part of complaint handling
STAFF = SERVICE_DESK
AUDIENCE = CLIENT | STAFF
MANAGE = frozenset({"start", "add_step", "complete_step", "resolve", "reopen"})
CLIENT_ANSWER = frozenset({"acknowledge", "dispute"})


def is_staff(user) -> bool:
    return user is not None and user.role in STAFF


def is_own(user, complaint: Complaint) -> bool:
    return complaint.complainant_id == user.id or complaint.filed_by_id == user.id


def can_view(user, complaint: Complaint) -> bool:
    """Staff see the whole log; a client user their own complaints, and an approver also
    the ones nobody in particular filed (anonymous survey answers, major incidents)."""
    if user is None:
        return False
    if is_staff(user) or is_own(user, complaint):
        return True
    return user.role == APPROVER and complaint.complainant_id is None


def can_act(user, complaint: Complaint, action: str) -> bool:
    if not can_view(user, complaint):
        return False
    if action in MANAGE:
        return user.role in MANAGERS
    if action in CLIENT_ANSWER:
        # the complainant answers, or (no complainant) a client approver; a manager may
        # record the client's answer given by phone or mail, with a note saying so
        if user.role in MANAGERS:
            return True
        if complaint.complainant_id is not None:
            return complaint.complainant_id == user.id
        return user.role == APPROVER
    return action == "comment"


def can_edit(user) -> bool:
    return user is not None and user.role in MANAGERS


def can_file_for_others(user) -> bool:
    """The desk logs complaints for callers and major incidents; employees only their own."""
    return is_staff(user)
