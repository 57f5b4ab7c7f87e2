"""Home-page panels of the service desk, per role."""

import sqlalchemy as sa

from app.accounts.roles import CLIENT, ONSITE, SERVICE_DESK
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.tickets import queries
from app.tickets.models import Ticket
from app.tickets.rules import OPEN_STATUSES
from app.web import dashboards


def my_requests(user) -> dict:
    tickets = db.session.scalars(queries.my_requests(user).limit(5)).all()
    return {"tickets": tickets, "support_phone": get_contract().support_phone}


def desk(user) -> dict:
    open_ = Ticket.status.in_(sorted(OPEN_STATUSES))
    by_priority = dict(
        db.session.execute(
            sa.select(Ticket.priority, sa.func.count()).where(open_).group_by(Ticket.priority)
        ).all()
    )
    count = lambda *where: db.session.scalar(sa.select(sa.func.count(Ticket.id)).where(*where))  # noqa: E731
    return {
        "by_priority": by_priority,
        "unassigned": count(Ticket.status == "new"),
        "triage": count(open_, Ticket.needs_triage),
        "overdue": count(open_, Ticket.due_at < utcnow()),
    }


def dispatches(user) -> dict:
    return {"tickets": db.session.scalars(queries.my_dispatches(user).limit(10)).all()}


def register() -> None:
    dashboards.register("tickets/panels/my_requests.html", CLIENT, my_requests, 10)
    dashboards.register("tickets/panels/desk.html", SERVICE_DESK, desk, 10)
    dashboards.register("tickets/panels/dispatches.html", ONSITE, dispatches, 10)
