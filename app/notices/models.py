"""Notices to the client's people (S18 user communication): announcements shown as a banner
while valid, and the client's own notices of business or organisation changes."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.extensions import UTCDateTime, db, utcnow


class Notice(db.Model):
    """An announcement to all employees, or to some departments or locations."""

    __tablename__ = "notices"
    __table_args__ = (sa.Index("ix_notices_validity", "starts_at", "ends_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # the audience: no department and no location means everyone
    department_ids: Mapped[list] = mapped_column(sa.JSON, default=list)
    locations: Mapped[list] = mapped_column(sa.JSON, default=list)
    # the change this notice announces, if any
    change_number: Mapped[str | None] = mapped_column(sa.String(20), unique=True)
    mail_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    created_by: Mapped[User | None] = relationship()


class NoticeDismissal(db.Model):
    """A user closed a notice's banner; it stays closed for them."""

    __tablename__ = "notice_dismissals"

    notice_id: Mapped[int] = mapped_column(
        sa.ForeignKey("notices.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClientNotice(db.Model):
    """The client tells the vendor of a business or organisation change (S18)."""

    __tablename__ = "client_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    effective_on: Mapped[date] = mapped_column(sa.Date)
    description: Mapped[str] = mapped_column(sa.Text)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    acknowledged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # what the vendor does about it: a change number, a note, a link or another record's number
    follow_up: Mapped[str] = mapped_column(sa.Text, default="")

    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    acknowledged_by: Mapped[User | None] = relationship(foreign_keys=[acknowledged_by_id])
