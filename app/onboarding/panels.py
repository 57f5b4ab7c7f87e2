"""Dashboard panel: checklists not signed off yet, for staff and the client's named contacts."""

from app.accounts.roles import EVERYONE
from app.contracts.services import get_contract
from app.onboarding import policy, queries, rules
from app.web import dashboards


def waiting(user) -> dict:
    if not policy.can_view(user, get_contract()):
        return {"checklists": []}
    return {
        "checklists": [
            (c, rules.open_items([i.status for i in c.items])) for c in queries.waiting()
        ]
    }


def register() -> None:
    dashboards.register("onboarding/panels/waiting.html", EVERYONE, waiting, 3)
