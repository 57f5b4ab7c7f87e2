"""Dashboard panels: each owner's open action items; the manager's overdue ones."""

from app.extensions import utcnow
from app.meetings import policy, queries
from app.web import dashboards


def my_items(user) -> dict:
    return {"action_items": queries.open_items_of(user), "today": queries.local_today(utcnow())}


def overdue(user) -> dict:
    today = queries.local_today(utcnow())
    return {"action_items": queries.overdue_items(today), "today": today}


def register() -> None:
    dashboards.register("meetings/panels/my_items.html", policy.OWNERS, my_items, 8)
    dashboards.register("meetings/panels/overdue.html", policy.MANAGE, overdue, 9)
