"""The manager's dashboard panel: requests the knowledge base answered, articles to review."""

from datetime import timedelta

from app.extensions import utcnow
from app.knowledge import policy, queries
from app.web import dashboards

PANEL_DAYS = 30


def answered(user) -> dict:
    now = utcnow()
    start = now - timedelta(days=PANEL_DAYS)
    return {
        "deflected": queries.deflections_between(start, now),
        "top": queries.top_deflecting(start, now, 3),
        "review": len(queries.review_due(now)),
        "days": PANEL_DAYS,
    }


def register() -> None:
    dashboards.register("knowledge/panels/answered.html", policy.WORKAROUND_PUBLISHERS, answered, 5)
