"""Shared set-up for the change tests: a change in any state, approvers, assets."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.accounts.models import User
from app.changes import services
from app.contracts.services import get_contract
from app.extensions import db
from tests.conftest import ROLE_EMAILS

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
WINDOW = (NOW + timedelta(days=3), NOW + timedelta(days=3, hours=2))


def user(role: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == ROLE_EMAILS[role]))


def data(**values) -> services.ChangeData:
    base = {
        "title": "Update the print-server driver",
        "kind": "normal",
        "category": "printer",
        "risk_likelihood": "medium",
        "risk_impact": "high",
        "backout_plan": "Reinstall driver 5.1 from the share.",
        "planned_start": WINDOW[0],
        "planned_end": WINDOW[1],
    }
    base.update(values)
    return services.ChangeData(**base)


def new_change(**values):
    return services.create_change(
        data(**values), actor=user("agent"), now=NOW, contract=get_contract()
    )


def step(change, *actions, at=NOW, note="done"):
    for action in actions:
        if action in ("approve", "reject"):
            services.decide(change, user("approver"), action, now=at, comment=note)
        else:
            services.act(
                change, action, actor=user("agent"), now=at, contract=get_contract(), note=note
            )
    return change


def register(*tags: str, type: str = "network_printer", **values) -> list:
    """Put assets in the register (authorised by nobody: a new CI needs no record)."""
    from app.assets.services import create_asset

    return [
        create_asset({"tag": tag, "type": type, **values}, actor=user("manager"), now=NOW)
        for tag in tags
    ]
