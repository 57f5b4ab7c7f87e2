"""Start-up (S8) and exit (S20) checklists: items with owner, due date, status and evidence,
the editable default template, and the client's sign-off."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.documents.models import Document
from app.extensions import UTCDateTime, db, utcnow


class Checklist(db.Model):
    __tablename__ = "checklists"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(12), index=True)  # onboarding | exit
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    signed_off_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    signed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    signed_off_by: Mapped[User | None] = relationship(lazy="joined")
    items: Mapped[list["ChecklistItem"]] = relationship(
        order_by="ChecklistItem.position",
        cascade="all, delete-orphan",
        lazy="selectin",
        back_populates="checklist",
    )

    __mapper_args__ = {"version_id_col": version}


class ChecklistItem(db.Model):
    __tablename__ = "checklist_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_id: Mapped[int] = mapped_column(
        sa.ForeignKey("checklists.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(sa.String(40), default="")  # a default item, or ""
    title: Mapped[str] = mapped_column(sa.String(200), default="")  # a manager's own item
    side: Mapped[str] = mapped_column(sa.String(10), default="vendor")  # or client
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    due_on: Mapped[date | None] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(12), default="open")  # rules.STATUSES
    evidence_document_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="SET NULL")
    )
    evidence_page: Mapped[str] = mapped_column(sa.String(40), default="")  # rules.PAGES
    evidence_note: Mapped[str] = mapped_column(sa.Text, default="")

    checklist: Mapped[Checklist] = relationship(back_populates="items")
    owner: Mapped[User | None] = relationship(lazy="joined")
    evidence_document: Mapped[Document | None] = relationship(lazy="joined")


class TemplateItem(db.Model):
    """One line of the default template a new checklist of that kind starts from."""

    __tablename__ = "checklist_template_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(12), index=True)
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(sa.String(40), default="")
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    side: Mapped[str] = mapped_column(sa.String(10), default="vendor")
