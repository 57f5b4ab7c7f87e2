"""Writing mail into the test Dovecot and running the mail_in job on it."""

from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.utils import formatdate

import sqlalchemy as sa

from app.extensions import db
from app.mail.models import InboundMessage
from app.tickets.models import Ticket, TicketEvent
from app.worker import run_once

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 in Beijing
DESK = "servicedesk@deskpact.test"


def mail(
    sender: str,
    subject: str,
    body: str = "",
    *,
    message_id: str,
    headers: dict[str, str] | None = None,
    files: tuple[tuple[str, str, bytes], ...] = (),
) -> bytes:
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = sender
    msg["To"] = DESK
    msg["Subject"] = subject
    msg["Date"] = formatdate(usegmt=True)
    msg["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body or "\n")
    for filename, content_type, data in files:
        maintype, subtype = content_type.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def run_mail_in(now: datetime = NOW) -> object:
    """One run of the worker's mail_in job; returns how many messages it marked processed."""
    result = run_once(["mail_in"], holder="test", now=now)["mail_in"]
    db.session.expire_all()
    return result


def tickets() -> list[Ticket]:
    return db.session.scalars(sa.select(Ticket).order_by(Ticket.id)).all()


def outcomes() -> dict[str, str]:
    rows = db.session.scalars(sa.select(InboundMessage)).all()
    return {row.message_id: row.outcome for row in rows}


def events(ticket: Ticket) -> list[TicketEvent]:
    return db.session.scalars(
        sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id)
    ).all()
