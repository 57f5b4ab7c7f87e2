"""Home-page panel: outcomes a client user is asked to accept."""

from app.accounts.roles import CLIENT
from app.complaints import queries
from app.extensions import db
from app.web import dashboards


def acknowledge(user) -> dict:
    return {
        "complaints": db.session.scalars(queries.waiting_for_acknowledgement(user).limit(5)).all()
    }


def register() -> None:
    dashboards.register("complaints/panels/acknowledge.html", CLIENT, acknowledge, 6)
