"""Home-page panel for managers: reports due and overdue (S7, S11)."""

from app.accounts.roles import MANAGERS
from app.contracts.services import get_contract
from app.extensions import utcnow
from app.reports import queries, rules
from app.web import dashboards


def due(user) -> dict:
    return {"due": queries.pending(rules.local_date(utcnow()), get_contract())}


def register() -> None:
    dashboards.register("reports/panels/due.html", MANAGERS, due, 15)
