"""The service-improvement log (S18: continuous improvement of the service model)."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.extensions import UTCDateTime, db, utcnow


class Improvement(db.Model):
    __tablename__ = "improvements"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    source: Mapped[str] = mapped_column(sa.String(12))  # meeting complaint problem survey other
    source_reference: Mapped[str] = mapped_column(sa.String(40), default="")
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(sa.String(12), default="proposed", index=True)
    target_on: Mapped[date | None] = mapped_column(sa.Date)
    effect: Mapped[str] = mapped_column(sa.Text, default="")
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    owner: Mapped[User | None] = relationship(lazy="joined")
