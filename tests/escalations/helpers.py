"""An escalation matrix for the tests, set through the matrix's own service."""

import sqlalchemy as sa

from app.escalations import matrix
from app.extensions import db
from app.mail.models import OutboxMessage
from tests.factories import person

FOUR_WORKING_HOURS = 240


def set_matrix(kind: str = "service", *, climb: int | None = FOUR_WORKING_HOURS, triggers=None):
    """Level 1 the engineer (escalation engineer), level 2 the manager (vendor manager),
    level 3 the approver (the client's management contact); committed."""
    people = [("engineer", "escalation_engineer"), ("manager", "vendor_manager")]
    people.append(("approver", "client_management_contact"))
    for number, (role, title) in enumerate(people, start=1):
        values = {"kind": kind, "level": number, "title": title, "contact_id": person(role).id}
        values["climb"] = climb if number < 3 else None
        matrix.save_level(values, actor=person("manager"), now=None)
    if triggers:
        matrix.set_triggers(triggers, actor=person("manager"), now=None)
    db.session.commit()


def mails_to(address: str) -> list[OutboxMessage]:
    return db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.recipient == address)
        .order_by(OutboxMessage.id)
    ).all()


def all_mail() -> list[tuple[str, str]]:
    rows = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    return [(row.recipient, row.subject) for row in rows]
