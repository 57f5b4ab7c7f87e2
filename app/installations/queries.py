"""Reads for the installation list: install.* tickets with their record, in the viewer's scope."""

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.accounts.models import User
from app.installations import rules
from app.installations.models import Installation
from app.tickets.models import CatalogItem, Ticket
from app.tickets.rules import OPEN_STATUSES

LIMIT = 200


def listing(status: str, departments: set[int] | None, viewer_id: int) -> sa.Select:
    """(ticket, installation or None) rows, newest first: open requests and every installation
    under way or signed off; `departments` (None: all) besides the viewer's own."""
    query = (
        sa.select(Ticket, Installation)
        .join(Ticket.catalog_item)
        .outerjoin(Installation, Installation.ticket_id == Ticket.id)
        .where(CatalogItem.code.in_(sorted(rules.KIND_BY_CATALOG)))
        .where(sa.or_(Ticket.status.in_(sorted(OPEN_STATUSES)), Installation.status != "requested"))
        .order_by(Ticket.id.desc())
        .limit(LIMIT)
    )
    if status == "requested":  # a ticket without its record yet waits for approval too
        query = query.where(sa.or_(Installation.status == status, Installation.id.is_(None)))
    elif status in rules.STATUSES:
        query = query.where(Installation.status == status)
    if departments is not None:
        # the installation's user gives the department (the requester until it is prepared)
        owner = aliased(User)
        owner_id = sa.case(
            (Installation.id.is_(None), Ticket.requester_id), else_=Installation.user_id
        )
        query = query.outerjoin(owner, owner.id == owner_id).where(
            sa.or_(
                owner.department_id.in_(sorted(departments)),
                owner.id == viewer_id,
                Ticket.requester_id == viewer_id,
            )
        )
    return query
