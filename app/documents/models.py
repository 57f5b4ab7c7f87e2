"""The handover document library (S20): documents, every version kept, links to CIs, catalog
items and problems."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.extensions import UTCDateTime, db, utcnow
from app.knowledge import tokens


class Document(db.Model):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)  # rules.KINDS
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    visibility: Mapped[str] = mapped_column(sa.String(10), default="staff")  # or client
    review_months: Mapped[int] = mapped_column(default=12)
    next_review_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
    # the review date the owner was last reminded of (once per due date)
    review_reminded_on: Mapped[date | None] = mapped_column(sa.Date)
    # the current version's Markdown as plain text, for search
    body_text: Mapped[str] = mapped_column(sa.Text, default="")
    # title and text cut into the knowledge base's search tokens, space-padded for LIKE
    search_tokens: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # two new versions saved at once: the later request is told (409), never a duplicate number
    version: Mapped[int] = mapped_column(default=1)

    owner: Mapped[User | None] = relationship(lazy="joined")
    versions: Mapped[list["DocumentVersion"]] = relationship(
        order_by="DocumentVersion.number.desc()",
        cascade="all, delete-orphan",
        lazy="selectin",
        back_populates="document",
    )
    links: Mapped[list["DocumentLink"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", back_populates="document"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def current(self) -> "DocumentVersion | None":
        return self.versions[0] if self.versions else None


class DocumentVersion(db.Model):
    """One saved version: written Markdown or an uploaded file, with who, when and why."""

    __tablename__ = "document_versions"
    __table_args__ = (sa.UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    body_markdown: Mapped[str] = mapped_column(sa.Text, default="")
    body_html: Mapped[str] = mapped_column(sa.Text, default="")  # sanitised
    filename: Mapped[str] = mapped_column(sa.String(200), default="")
    stored_name: Mapped[str] = mapped_column(sa.String(64), default="")
    content_type: Mapped[str] = mapped_column(sa.String(120), default="")
    size: Mapped[int] = mapped_column(default=0)

    author: Mapped[User | None] = relationship(lazy="joined")
    document: Mapped[Document] = relationship(back_populates="versions")


class DocumentLink(db.Model):
    """A document describes a CI, a catalog item or a problem (exactly one of them)."""

    __tablename__ = "document_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    asset_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("assets.id", ondelete="CASCADE"), index=True
    )
    catalog_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("catalog_items.id", ondelete="CASCADE")
    )
    problem_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("problems.id", ondelete="CASCADE"), index=True
    )

    document: Mapped[Document] = relationship(back_populates="links")
    asset = relationship("Asset")
    catalog_item = relationship("CatalogItem")
    problem = relationship("Problem")


@sa.event.listens_for(Document, "before_insert")
@sa.event.listens_for(Document, "before_update")
def cut_search_tokens(_mapper, _connection, document: Document) -> None:
    """Search reads the same tokens as the knowledge base: 打印机 finds 网络打印机, printers
    finds printer, wifi finds Wi-Fi."""
    text = f"{document.title or ''}\n{document.body_text or ''}"
    document.search_tokens = f" {tokens.index_tokens(text)} "
