"""Dashboard panel: documents whose review is overdue — the owner's own, all for managers."""

from app.documents import policy, queries, rules
from app.extensions import utcnow
from app.web import dashboards


def overdue(user) -> dict:
    today = rules.local_day(utcnow())
    owner = None if policy.can_keep(user) else user.id
    return {"documents": queries.review_overdue(today, owner_id=owner)}


def register() -> None:
    dashboards.register("documents/panels/overdue.html", policy.EDITORS, overdue, 6)
