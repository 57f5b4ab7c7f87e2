"""Who may do what with escalations (S17) — for pages, API and templates.

The desk and the engineers escalate what they work on; the managers keep the matrix and the
log and close escalations; each step is confirmed by the person it called, or by a manager.
A client contact called by a step sees that escalation, nothing else."""

from app.accounts.roles import APPROVERS, EVERYONE, MANAGERS, STAFF, TICKET_HANDLERS, has_role

# who reaches the escalation pages at all (client contacts only through their own steps)
AUDIENCE = EVERYONE
ESCALATORS = TICKET_HANDLERS
MATRIX_EDITORS = MANAGERS
LOG_READERS = MANAGERS


def can_escalate(user) -> bool:
    return has_role(user, ESCALATORS)


def can_edit_matrix(user) -> bool:
    return has_role(user, MATRIX_EDITORS)


def can_read_log(user) -> bool:
    return has_role(user, LOG_READERS)


def is_called(user, escalation) -> bool:
    return user is not None and any(step.contact_id == user.id for step in escalation.steps)


def can_view(user, escalation) -> bool:
    return has_role(user, STAFF) or is_called(user, escalation)


def can_confirm(user, escalation) -> bool:
    """The current step's contact, or a manager; a confirmed step stays confirmed."""
    step = escalation.current_step
    if escalation.status != "open" or step is None or step.confirmed_at is not None:
        return False
    return has_role(user, MANAGERS) or (user is not None and step.contact_id == user.id)


def can_raise(user, escalation) -> bool:
    return escalation.status == "open" and has_role(user, ESCALATORS)


def can_close(user, escalation) -> bool:
    owner = user is not None and escalation.owner_id == user.id
    return escalation.status == "open" and (has_role(user, MANAGERS) or owner)


def can_act(user, action: str, escalation) -> bool:
    checks = {"confirm": can_confirm, "raise": can_raise, "close": can_close}
    return action in checks and checks[action](user, escalation)


# who may own an escalation's solution, and who a matrix level may call
OWNER_ROLES = STAFF
CONTACT_ROLES = STAFF | APPROVERS
