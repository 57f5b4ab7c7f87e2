"""Home-page panels: surveys waiting for a client user; the month's score for managers."""

from datetime import timedelta

from app.accounts.roles import CLIENT, MANAGERS
from app.complaints.queries import open_counts
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.surveys import queries, rules
from app.web import dashboards


def waiting(user) -> dict:
    now = utcnow()
    return {"invitations": db.session.scalars(queries.waiting_for(user, now).limit(5)).all()}


def month(user) -> dict:
    """This month so far: satisfaction against target (red below it), response rate."""
    now = utcnow()
    today = rules.local_date(now)
    first = today.replace(day=1)
    contract = get_contract()
    return {
        "month": first,
        "scores": queries.scores(first, today, contract=contract),
        "previous": queries.scores(
            (first - timedelta(days=1)).replace(day=1),
            first - timedelta(days=1),
            contract=contract,
        ),
        "complaints": open_counts(now),
    }


def register() -> None:
    dashboards.register("surveys/panels/waiting.html", CLIENT, waiting, 5)
    dashboards.register("surveys/panels/month.html", MANAGERS, month, 20)
