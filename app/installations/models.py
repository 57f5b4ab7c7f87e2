"""Device installations (S4, S5): one set of equipment per event, complete after user sign-off."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.extensions import UTCDateTime, db, utcnow
from app.tickets.models import Ticket


class Installation(db.Model):
    __tablename__ = "installations"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tickets.id", ondelete="CASCADE"), unique=True
    )
    kind: Mapped[str] = mapped_column(sa.String(8))  # new, replace
    status: Mapped[str] = mapped_column(sa.String(12), default="requested", index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    engineer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    scheduled_for: Mapped[datetime | None] = mapped_column(UTCDateTime)
    installed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # replacement: the old device and what became of it (retired, or returned to stock)
    replaced_tag: Mapped[str] = mapped_column(sa.String(40), default="")
    replaced_outcome: Mapped[str] = mapped_column(sa.String(12), default="")
    note: Mapped[str] = mapped_column(sa.Text, default="")
    rejection_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ticket: Mapped[Ticket] = relationship(lazy="joined")
    user: Mapped[User | None] = relationship(foreign_keys=[user_id], lazy="joined")
    engineer: Mapped[User | None] = relationship(foreign_keys=[engineer_id], lazy="joined")
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    items: Mapped[list["InstallationItem"]] = relationship(
        back_populates="installation", order_by="InstallationItem.position"
    )
    signoff: Mapped["SignOff | None"] = relationship(back_populates="installation")

    @property
    def number(self) -> str:
        return self.ticket.number

    @property
    def prepared(self) -> bool:
        """False while an older ticket's installation is only shown, its record not yet made."""
        return self.id is not None


class InstallationItem(db.Model):
    """One device of the installed set (the first is the set's main device)."""

    __tablename__ = "installation_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    installation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("installations.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    tag: Mapped[str] = mapped_column(sa.String(40))
    type: Mapped[str] = mapped_column(sa.String(24))
    model: Mapped[str] = mapped_column(sa.String(120), default="")
    serial: Mapped[str] = mapped_column(sa.String(80), default="")

    installation: Mapped[Installation] = relationship(back_populates="items")


class SignOff(db.Model):
    """S5: the user's signature or mail confirmation (or an approver's batch sign-off)."""

    __tablename__ = "installation_signoffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    installation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("installations.id", ondelete="CASCADE"), unique=True
    )
    method: Mapped[str] = mapped_column(sa.String(10))  # signature, email, batch
    signer_name: Mapped[str] = mapped_column(sa.String(100))
    signer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ip: Mapped[str] = mapped_column(sa.String(45), default="")
    signature_file: Mapped[str] = mapped_column(sa.String(80), default="")
    signature_sha256: Mapped[str] = mapped_column(sa.String(64), default="")

    installation: Mapped[Installation] = relationship(back_populates="signoff")
    signer: Mapped[User | None] = relationship(foreign_keys=[signer_id], lazy="joined")
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
