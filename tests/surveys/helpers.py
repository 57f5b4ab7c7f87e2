"""Closed tickets, invitations and answers for survey tests, through the real services."""

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.accounts.models import User
from app.contracts.services import get_contract
from app.extensions import db
from app.mail.models import OutboxMessage
from app.surveys import services
from app.surveys.models import Invitation
from tests.tickets.helpers import act, open_ticket

NOW = datetime(2026, 11, 23, 1, 40, tzinfo=UTC)  # Monday 09:40 in Shanghai
LINK_RE = re.compile(r"(https?://\S+/s/[\w.\-]+)")


def closed_ticket(requester_id: int, agent_id: int, *, now=NOW, engineer_id=None, **fields):
    """A ticket opened, handled and confirmed by its requester at `now` (the survey starts)."""
    ticket = open_ticket(requester_id, now=now - timedelta(minutes=30), **fields)
    act(ticket, "accept", agent_id, now - timedelta(minutes=28))
    if engineer_id:
        engineer = db.session.get(User, engineer_id)
        act(ticket, "dispatch", agent_id, now - timedelta(minutes=25), engineer=engineer)
        act(ticket, "arrive", engineer_id, now - timedelta(minutes=20))
    act(ticket, "resolve", engineer_id or agent_id, now - timedelta(minutes=5), note="Fixed")
    act(ticket, "confirm", requester_id, now)
    return ticket


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
