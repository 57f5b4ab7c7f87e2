"""The complaint and major-incident log (S10): owner, severity, agreed steps, acknowledgement."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.extensions import UTCDateTime, db, utcnow
from app.tickets.models import Ticket


class Complaint(db.Model):
    __tablename__ = "complaints"
    __table_args__ = (sa.Index("ix_complaints_status_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(16))  # complaint | major_incident
    # employee (their own form) | desk (an agent for a caller) | survey (a low rating) | manager
    source: Mapped[str] = mapped_column(sa.String(16))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # a complaint the portal opened itself: its title and text as a code with parameters,
    # worded for each reader (labels.title_of); title and description keep one wording
    words_code: Mapped[str | None] = mapped_column(sa.String(40))
    words_params: Mapped[dict | None] = mapped_column(sa.JSON)
    severity: Mapped[str] = mapped_column(sa.String(8))  # high | medium | low
    status: Mapped[str] = mapped_column(sa.String(24), default="open")
    # who complained (None: an anonymous survey answer, or a major incident)
    complainant_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    filed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tickets.id", ondelete="SET NULL"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(sa.Text, default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the client's acknowledgement of the outcome (S10: handled until both sides agree)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    acknowledgement_note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    complainant: Mapped[User | None] = relationship(foreign_keys=[complainant_id], lazy="joined")
    filed_by: Mapped[User | None] = relationship(foreign_keys=[filed_by_id])
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id], lazy="joined")
    acknowledged_by: Mapped[User | None] = relationship(foreign_keys=[acknowledged_by_id])
    ticket: Mapped[Ticket | None] = relationship()
    steps: Mapped[list["ComplaintStep"]] = relationship(
        back_populates="complaint", order_by="ComplaintStep.position", lazy="selectin"
    )
    events: Mapped[list["ComplaintEvent"]] = relationship(
        back_populates="complaint", order_by="ComplaintEvent.id"
    )

    __mapper_args__ = {"version_id_col": version}


class ComplaintStep(db.Model):
    """One agreed handling step, ticked off when done."""

    __tablename__ = "complaint_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column()
    text: Mapped[str] = mapped_column(sa.String(500))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    complaint: Mapped[Complaint] = relationship(back_populates="steps")
    done_by: Mapped[User | None] = relationship(lazy="joined")


class ComplaintEvent(db.Model):
    """Append-only history of a complaint."""

    __tablename__ = "complaint_events"
    __table_args__ = (sa.Index("ix_complaint_events_complaint", "complaint_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(sa.ForeignKey("complaints.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(sa.String(24))
    from_status: Mapped[str | None] = mapped_column(sa.String(24))
    to_status: Mapped[str | None] = mapped_column(sa.String(24))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    # an edit: {field: [old, new]} as stored, worded when read (labels.changes_text)
    changes: Mapped[dict | None] = mapped_column(sa.JSON)

    complaint: Mapped[Complaint] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship(lazy="joined")
