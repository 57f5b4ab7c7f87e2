"""Home-page panels of the service desk, per role."""

import sqlalchemy as sa

from app.accounts.roles import CLIENT, ONSITE, SERVICE_DESK
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.tickets import queries
from app.tickets.models import Ticket
from app.web import dashboards


def my_requests(user) -> dict:
    tickets = db.session.scalars(queries.my_requests(user).limit(5)).all()
    return {"tickets": tickets, "support_phone": get_contract().support_phone}


def desk(user) -> dict:
    open_ = queries.is_open()
    by_priority = dict(
        db.session.execute(
            sa.select(Ticket.priority, sa.func.count()).where(open_).group_by(Ticket.priority)
        ).all()
    )
    count = lambda *where: db.session.scalar(sa.select(sa.func.count(Ticket.id)).where(*where))  # noqa: E731
    now = utcnow()
    # the same conditions as the views the tiles open, so that a tile's figure is its list's
    breached, due_soon, waiting = (
        queries.queue(user, {"due": "breached"}, now),
        queries.queue(user, {"due": "hour"}, now),
        queries.queue(user, {"assignee": "waiting"}, now),
    )
    return {
        "overdue": queries.Page.count_up_to(breached, 10_000),
        "due_soon": queries.Page.count_up_to(due_soon, 10_000),
        "waiting_for_me": queries.Page.count_up_to(waiting, 10_000),
        "by_priority": by_priority,
        "unassigned": count(Ticket.status == "new"),
        "triage": count(open_, Ticket.needs_triage),
    }


def dispatches(user) -> dict:
    return {"tickets": db.session.scalars(queries.my_dispatches(user).limit(10)).all()}


def register() -> None:
    dashboards.register("tickets/panels/my_requests.html", CLIENT, my_requests, 10)
    dashboards.register("tickets/panels/desk.html", SERVICE_DESK, desk, 10)
    dashboards.register("tickets/panels/dispatches.html", ONSITE, dispatches, 10)
