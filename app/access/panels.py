"""Dashboard panel for managers: authorisations that expired or expire within 14 days."""

from app.access import policy, queries
from app.documents.rules import local_day
from app.extensions import utcnow
from app.web import dashboards


def expiring(user) -> dict:
    today = local_day(utcnow())
    return {"grants": queries.flagged(today), "today": today, "state_of": queries.state_of}


def register() -> None:
    dashboards.register("access/panels/expiring.html", policy.KEEPERS, expiring, 7)
