"""Home-page panels (S17): the steps waiting for this person's confirmation, and for the
managers every open escalation with its level."""

from app.escalations import policy, queries
from app.extensions import db
from app.web import dashboards


def waiting_panel(user) -> dict:
    return {"waiting": db.session.scalars(queries.waiting_for(user).limit(20)).all()}


def open_panel(user) -> dict:
    return {"open": db.session.scalars(queries.open_escalations().limit(20)).all()}


def register() -> None:
    dashboards.register("escalations/panels/waiting.html", policy.AUDIENCE, waiting_panel, 3)
    dashboards.register("escalations/panels/open.html", policy.LOG_READERS, open_panel, 8)
