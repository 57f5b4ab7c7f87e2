"""Home-page panels (S21): the manager sees late settlement steps; the client's project lead
the sheets waiting for their answer."""

from app.accounts.roles import APPROVERS, MANAGERS
from app.contracts.services import get_contract
from app.extensions import utcnow
from app.settlements import policy, queries, services
from app.web import dashboards


def manager_panel(user) -> dict:
    today = services.local_today(utcnow())
    return {"late": queries.overdue(today, get_contract())}


def lead_panel(user) -> dict:
    if not policy.can_answer(user, get_contract()):
        return {"waiting": []}
    return {"waiting": queries.waiting_for_client()}


def register() -> None:
    dashboards.register("settlements/panels/late.html", MANAGERS, manager_panel, 5)
    dashboards.register("settlements/panels/waiting.html", APPROVERS, lead_panel, 5)
