"""Home-page panel: the installations waiting for the user's own sign-off (S5)."""

import sqlalchemy as sa

from app.accounts.roles import CLIENT
from app.extensions import db
from app.installations.models import Installation
from app.web import dashboards


def my_signoffs(user) -> dict:
    rows = db.session.scalars(
        sa.select(Installation).where(
            Installation.user_id == user.id, Installation.status == "installed"
        )
    ).all()
    return {"installations": rows}


def register() -> None:
    dashboards.register("installations/panels/signoffs.html", CLIENT, my_signoffs, 6)
