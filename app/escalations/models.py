"""Escalation tables (S17): the contract's matrix of levels, what fires it, and each
escalation's steps — who was told, when, and who confirmed."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.extensions import UTCDateTime, db, utcnow


class MatrixLevel(db.Model):
    """One level of one kind of the matrix: whom it calls, and how long it waits for a
    confirmation (in service minutes on the contract's calendar) before the next level fires."""

    __tablename__ = "escalation_matrix"
    __table_args__ = (sa.UniqueConstraint("kind", "level", name="uq_escalation_matrix_kind_level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    level: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(32))  # the contact's part: escalation_engineer…
    contact_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    climb_after_minutes: Mapped[int | None]  # None: the next level only by hand

    contact: Mapped[User] = relationship(lazy="joined")


class EscalationTrigger(db.Model):
    """An event that opens an escalation of a kind by itself (a P1 opened, an SLA breach…)."""

    __tablename__ = "escalation_triggers"

    trigger: Mapped[str] = mapped_column(sa.String(24), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))


class Escalation(db.Model):
    __tablename__ = "escalations"
    __table_args__ = (
        sa.Index("ix_escalations_subject", "subject_type", "subject_id"),
        sa.Index("ix_escalations_status_opened", "status", "opened_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    subject_type: Mapped[str] = mapped_column(sa.String(16))  # ticket | problem | complaint
    subject_id: Mapped[int]
    subject_number: Mapped[str] = mapped_column(sa.String(20))
    subject_title: Mapped[str] = mapped_column(sa.String(200), default="")
    reason: Mapped[str] = mapped_column(sa.Text)
    trigger: Mapped[str | None] = mapped_column(sa.String(24))  # None: opened by hand
    status: Mapped[str] = mapped_column(sa.String(8), default="open")  # open | closed
    level: Mapped[int] = mapped_column(default=1)
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    opened_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(sa.Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id], lazy="joined")
    opened_by: Mapped[User | None] = relationship(foreign_keys=[opened_by_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
    steps: Mapped[list["EscalationStep"]] = relationship(
        back_populates="escalation", order_by="EscalationStep.level", lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def current_step(self) -> "EscalationStep | None":
        return next((step for step in self.steps if step.level == self.level), None)


class EscalationStep(db.Model):
    """One level fired for one escalation; the unique pair makes each level fire once."""

    __tablename__ = "escalation_steps"
    __table_args__ = (
        sa.UniqueConstraint("escalation_id", "level", name="uq_escalation_steps_level"),
        sa.Index("ix_escalation_steps_climb", "confirmed_at", "climbs_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    escalation_id: Mapped[int] = mapped_column(sa.ForeignKey("escalations.id", ondelete="CASCADE"))
    level: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(32))
    contact_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    fired_by: Mapped[str] = mapped_column(sa.String(8))  # hand | time | trigger
    notified_at: Mapped[datetime] = mapped_column(UTCDateTime)
    climbs_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None: no next level by time
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    confirmed_via: Mapped[str] = mapped_column(sa.String(8), default="")  # mail | portal | api
    note: Mapped[str] = mapped_column(sa.Text, default="")

    escalation: Mapped[Escalation] = relationship(back_populates="steps")
    contact: Mapped[User | None] = relationship(foreign_keys=[contact_id], lazy="joined")
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id], lazy="joined")
