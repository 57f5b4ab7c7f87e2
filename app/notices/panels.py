"""The manager's dashboard panel: client notices waiting for acknowledgement."""

from app.notices import policy, queries
from app.web import dashboards


def waiting(user) -> dict:
    return {"client_notices": queries.unacknowledged()}


def register() -> None:
    dashboards.register("notices/panels/waiting.html", policy.ACKNOWLEDGE, waiting, 10)
