"""The manager's dashboard panel: open critical problems and waiting recurrence candidates."""

from app.problems import policy, queries
from app.web import dashboards


def critical(user) -> dict:
    return {"problems": queries.open_critical(), "candidates": queries.candidate_count()}


def register() -> None:
    dashboards.register("problems/panels/critical.html", policy.MANAGE, critical, 4)
