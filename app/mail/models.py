"""Mail the portal sends (outbox) and has received (inbound log), for exactly-once handling."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import UTCDateTime, db, utcnow


class OutboxMessage(db.Model):
    """A mail written in the same transaction as the change it reports; the worker sends it."""

    __tablename__ = "outbox"
    __table_args__ = (sa.Index("ix_outbox_pending", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    # the mail's kind (its template's name), so a mail that is no longer due can be withdrawn
    template: Mapped[str] = mapped_column(sa.String(40), default="", server_default="")
    subject: Mapped[str] = mapped_column(sa.String(300))
    body_text: Mapped[str] = mapped_column(sa.Text)
    headers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # optional attachments stored under instance/ (e.g. a report PDF), one path per line
    attachment_path: Mapped[str | None] = mapped_column(sa.String(300))
    status: Mapped[str] = mapped_column(sa.String(10), default="pending")  # pending sent failed
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(sa.String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# outcomes of a message whose handling failed: waiting for its next try, or parked after the last
RETRYING = "retrying"
FAILED = "failed"
DISMISSED = "dismissed"  # a parked message the desk has dealt with by hand


class InboundMessage(db.Model):
    """Each received Message-ID once: a second worker or a re-fetch finds it and skips."""

    __tablename__ = "inbound_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(sa.String(300), unique=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    from_address: Mapped[str] = mapped_column(sa.String(254), default="")
    subject: Mapped[str] = mapped_column(sa.String(300), default="")
    # opened replied ignored triage, or retrying failed
    outcome: Mapped[str] = mapped_column(sa.String(20))
    ticket_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tickets.id", ondelete="SET NULL"))
    detail: Mapped[str] = mapped_column(sa.Text, default="")
