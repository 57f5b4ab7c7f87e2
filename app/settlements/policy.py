"""Who may see and do what with the settlement sheets (S21) — for pages, API and templates.

The vendor's managers prepare and send; the client's project lead named on the contract
confirms or disputes; nobody else sees the sheets.
"""

from app.accounts.roles import APPROVERS, MANAGERS, has_role

# who reaches the settlement endpoints at all; each object is checked below
AUDIENCE = MANAGERS | APPROVERS


def is_lead(user, contract) -> bool:
    """The client's project lead named on the contract (an approver)."""
    return (
        user is not None
        and has_role(user, APPROVERS)
        and contract.client_project_lead_id is not None
        and user.id == contract.client_project_lead_id
    )


def can_prepare(user) -> bool:
    """S21: the vendor's project manager computes, adjusts and sends."""
    return has_role(user, MANAGERS)


def can_view(user, contract) -> bool:
    return can_prepare(user) or is_lead(user, contract)


def can_answer(user, contract) -> bool:
    """S21: the client's project lead confirms or disputes the sheet."""
    return is_lead(user, contract)


def can_act(user, action: str, contract) -> bool:
    if action in ("send", "recompute"):
        return can_prepare(user)
    if action in ("confirm", "dispute"):
        return can_answer(user, contract)
    return False
