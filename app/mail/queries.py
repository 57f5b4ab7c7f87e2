"""Reads about incoming mail for the desk's pages."""

import sqlalchemy as sa

from app.mail.models import FAILED, InboundMessage


def parked() -> sa.Select:
    """Incoming mail that could not be handled after its last try, newest first (triage)."""
    return (
        sa.select(InboundMessage)
        .where(InboundMessage.outcome == FAILED)
        .order_by(InboundMessage.received_at.desc(), InboundMessage.id.desc())
    )
