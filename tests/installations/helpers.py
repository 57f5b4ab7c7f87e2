"""Shared set-up for the installation tests: a request, an installed set, a drawn signature."""

import base64
import io

import sqlalchemy as sa
from PIL import Image, ImageDraw

from app.extensions import db
from app.installations.models import Installation
from app.tickets.models import Ticket

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
