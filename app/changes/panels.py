"""Home-page panels: approvals waiting, overdue emergency changes, installations to sign."""

import sqlalchemy as sa

from app.accounts.roles import APPROVERS, CLIENT, MANAGERS
from app.changes import queries
from app.changes.installations_models import Installation
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.web import dashboards


def my_approvals(user) -> dict:
    return {"changes": queries.waiting_for(user)[:10]}


def overdue_emergencies(user) -> dict:
    """S15: emergency changes past the contract's after-the-fact approval limit."""
    hours = get_contract().emergency_approval_hours
    return {"changes": queries.overdue_emergencies(utcnow(), hours), "hours": hours}


def my_signoffs(user) -> dict:
    rows = db.session.scalars(
        sa.select(Installation).where(
            Installation.user_id == user.id, Installation.status == "installed"
        )
    ).all()
    return {"installations": rows}


def register() -> None:
    dashboards.register("changes/panels/approvals.html", APPROVERS, my_approvals, 5)
    dashboards.register("changes/panels/overdue.html", MANAGERS, overdue_emergencies, 20)
    dashboards.register("changes/panels/signoffs.html", CLIENT, my_signoffs, 6)
