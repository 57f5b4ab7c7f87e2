"""Home-page panels: approvals waiting, overdue emergency changes."""

from app.accounts.roles import APPROVERS, MANAGERS
from app.changes import queries
from app.contracts.services import get_contract
from app.extensions import utcnow
from app.web import dashboards


def my_approvals(user) -> dict:
    return {"changes": queries.waiting_for(user)[:10]}


def overdue_emergencies(user) -> dict:
    """S15: emergency changes past the contract's after-the-fact approval limit."""
    hours = get_contract().emergency_approval_hours
    return {"changes": queries.overdue_emergencies(utcnow(), hours), "hours": hours}


def register() -> None:
    dashboards.register("changes/panels/approvals.html", APPROVERS, my_approvals, 5)
    dashboards.register("changes/panels/overdue.html", MANAGERS, overdue_emergencies, 20)
