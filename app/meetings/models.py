"""Management meetings (S18): the contract's meeting schedule, each meeting with its
attendees, minutes and decisions, and the action items that come out of it."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.extensions import UTCDateTime, db, utcnow

meeting_attendees = sa.Table(
    "meeting_attendees",
    db.metadata,
    sa.Column("meeting_id", sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class MeetingSchedule(db.Model):
    """A regular meeting the contract agrees: its kind, cadence and usual day and time."""

    __tablename__ = "meeting_schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20), unique=True)
    cadence: Mapped[str] = mapped_column(sa.String(12))  # monthly | quarterly
    week: Mapped[int] = mapped_column(default=2)  # 1…4, or -1 for the last
    weekday: Mapped[int] = mapped_column(default=1)  # 0 = Monday
    start_time: Mapped[str] = mapped_column(sa.String(5), default="10:00")  # Shanghai time
    duration_minutes: Mapped[int] = mapped_column(default=90)
    location: Mapped[str] = mapped_column(sa.String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)


class Meeting(db.Model):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    location: Mapped[str] = mapped_column(sa.String(200), default="")
    external_attendees: Mapped[list] = mapped_column(sa.JSON, default=list)
    agenda: Mapped[str] = mapped_column(sa.Text, default="")
    minutes_markdown: Mapped[str] = mapped_column(sa.Text, default="")
    decisions: Mapped[str] = mapped_column(sa.Text, default="")
    # the stored monthly service report discussed at the meeting
    report_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("service_reports.id", ondelete="SET NULL")
    )
    minutes_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    attendees: Mapped[list[User]] = relationship(
        secondary=meeting_attendees, order_by=User.name, lazy="selectin"
    )
    action_items: Mapped[list["ActionItem"]] = relationship(
        back_populates="meeting",
        order_by="ActionItem.id",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    __mapper_args__ = {"version_id_col": version}


class ActionItem(db.Model):
    __tablename__ = "meeting_action_items"
    __table_args__ = (sa.Index("ix_meeting_action_items_owner_status", "owner_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    due_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="action_items")
    owner: Mapped[User] = relationship(lazy="joined")
