"""The access register (S14): who of the vendor may reach which client system or special
machine, physically or logically, authorised by whom and until when; and each department's
agreed security measures."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Department, User
from app.assets.models import Asset
from app.extensions import UTCDateTime, db, utcnow


class AccessGrant(db.Model):
    __tablename__ = "access_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    asset_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assets.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(10))  # physical | logical
    authorised_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    until: Mapped[date] = mapped_column(sa.Date, index=True)
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    person: Mapped[User] = relationship(foreign_keys=[person_id], lazy="joined")
    asset: Mapped[Asset] = relationship(lazy="joined")
    authorised_by: Mapped[User | None] = relationship(
        foreign_keys=[authorised_by_id], lazy="joined"
    )


class SecurityMeasure(db.Model):
    """One agreed security measure of a client department, with its owner and review date."""

    __tablename__ = "security_measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(
        sa.ForeignKey("departments.id", ondelete="CASCADE"), index=True
    )
    measure: Mapped[str] = mapped_column(sa.String(300))
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    review_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    department: Mapped[Department] = relationship(lazy="joined")
    owner: Mapped[User | None] = relationship(lazy="joined")
