"""Invitations and answers for survey tests, through the real services (closed tickets come
from tests.factories)."""

import re

import sqlalchemy as sa

from app.contracts.services import get_contract
from app.extensions import db
from app.mail.models import OutboxMessage
from app.surveys import services
from app.surveys.models import Invitation
from tests.factories import MONDAY_0940

NOW = MONDAY_0940  # Monday 09:40 in Shanghai
LINK_RE = re.compile(r"(https?://\S+/s/[\w.\-]+)")


def invitation_of(ticket) -> Invitation | None:
    return db.session.scalar(sa.select(Invitation).where(Invitation.ticket_id == ticket.id))


def survey_mails(address: str) -> list[OutboxMessage]:
    return db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.recipient == address, OutboxMessage.body_text.contains("/s/"))
        .order_by(OutboxMessage.id)
    ).all()


def links_in(text: str) -> list[str]:
    """The survey links of a mail body: five ratings (5 first), then the form link."""
    return LINK_RE.findall(text)


def answer(invitation, raw: dict, *, now=NOW):
    """Submit answers keyed by question code; commits."""
    by_code = {q.code: q.id for q in invitation.questionnaire.questions}
    response = services.submit(
        invitation,
        {by_code[code]: value for code, value in raw.items()},
        now=now,
        contract=get_contract(),
    )
    db.session.commit()
    return response
