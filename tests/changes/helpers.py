"""Shared set-up for the change tests: a change in any state, approvers, installations."""

import base64
import io
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from PIL import Image, ImageDraw

from app.accounts.models import User
from app.changes import services
from app.changes.installations_models import Installation
from app.contracts.services import get_contract
from app.extensions import db
from app.tickets.models import Ticket
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


SET = {
    "items-0-tag": "lt-0101",
    "items-0-type": "laptop",
    "items-0-model": "ThinkPad T14",
    "items-0-serial": "PF3ABC01",
    "items-1-tag": "MON-0101",
    "items-1-type": "monitor",
    "items-1-model": "Dell P2422H",
    "items-1-serial": "CN0ABC",
}  # as the page sends it for a new installation: no replaced-device fields


def signature(blank: bool = False) -> str:
    image = Image.new("RGBA", (400, 150), (0, 0, 0, 0))
    if not blank:
        ImageDraw.Draw(image).line(
            [(20, 100), (120, 30), (220, 110), (380, 40)], fill="black", width=4
        )
    out = io.BytesIO()
    image.save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def request_installation(login_as, code="install.new") -> str:
    response = login_as("employee").form(
        "/tickets/new",
        {
            "group": "install",
            "catalog_code": code,
            "title": "New hire laptop set",
            "urgency": "low",
            "impact": "low",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    return response.headers["Location"].rsplit("/", 1)[-1]


def installed(app, login_as, code="install.new", extra=None) -> str:
    number = request_installation(login_as, code)
    assert login_as("approver").form(f"/installations/{number}/approve").status_code == 302
    response = login_as("engineer").form(
        f"/installations/{number}/install", {**SET, **(extra or {})}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    return number


def installation(app, number):
    return db.session.scalar(
        sa.select(Installation).join(Installation.ticket).where(Ticket.number == number)
    )
