"""Training plans for the client's support staff and users (S20, S14): sessions, materials,
attendance per person and feedback."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.documents.models import Document
from app.extensions import UTCDateTime, db, utcnow

plan_materials = sa.Table(
    "training_materials",
    db.metadata,
    sa.Column("plan_id", sa.ForeignKey("training_plans.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("document_id", sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
)


class TrainingPlan(db.Model):
    __tablename__ = "training_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(20))  # rules.KINDS
    audience: Mapped[str] = mapped_column(sa.String(200), default="")
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    trainer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    trainer: Mapped[User | None] = relationship(lazy="joined")
    materials: Mapped[list[Document]] = relationship(secondary=plan_materials, lazy="selectin")
    sessions: Mapped[list["TrainingSession"]] = relationship(
        order_by="TrainingSession.held_on",
        cascade="all, delete-orphan",
        lazy="selectin",
        back_populates="plan",
    )


class TrainingSession(db.Model):
    __tablename__ = "training_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        sa.ForeignKey("training_plans.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date] = mapped_column(sa.Date, index=True)
    topic: Mapped[str] = mapped_column(sa.String(200), default="")

    plan: Mapped[TrainingPlan] = relationship(back_populates="sessions")
    attendance: Mapped[list["Attendance"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", back_populates="session"
    )


class Attendance(db.Model):
    """One person at one session: present or not, and what they thought of it."""

    __tablename__ = "training_attendance"
    __table_args__ = (sa.UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    attended: Mapped[bool] = mapped_column(default=True)
    rating: Mapped[int | None]  # 1..5
    feedback: Mapped[str] = mapped_column(sa.Text, default="")

    session: Mapped[TrainingSession] = relationship(back_populates="attendance")
    user: Mapped[User] = relationship(lazy="joined")
