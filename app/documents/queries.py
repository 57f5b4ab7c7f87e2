"""Reads of the document library: lists by audience and words, reviews due, links."""

from datetime import date

import sqlalchemy as sa

from app.documents import rules
from app.documents.models import Document, DocumentLink, DocumentVersion
from app.extensions import db
from app.knowledge import tokens


def document(document_id: int) -> Document | None:
    return db.session.get(Document, document_id)


def version(document_id: int, number: int) -> DocumentVersion | None:
    return db.session.scalar(
        sa.select(DocumentVersion).where(
            DocumentVersion.document_id == document_id, DocumentVersion.number == number
        )
    )


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matching(q: str = "", *, staff: bool, kind: str = "", owner_id: int | None = None):
    """Documents this reader may read, whose title or current text holds every word of `q`."""
    q = q.replace("\x00", "")  # PostgreSQL takes no NUL; no text holds one
    query = sa.select(Document).order_by(Document.kind, Document.title)
    if not staff:
        query = query.where(Document.visibility == "client")
    if kind in rules.KINDS:
        query = query.where(Document.kind == kind)
    if owner_id:
        query = query.where(Document.owner_id == owner_id)
    terms, prefix = tokens.query_terms(q)
    for term in terms:
        query = query.where(Document.search_tokens.like(f"% {escape_like(term)} %", escape="\\"))
    if prefix:
        query = query.where(Document.search_tokens.like(f"% {escape_like(prefix)}%", escape="\\"))
    return query


def review_overdue(today: date, owner_id: int | None = None) -> list[Document]:
    """Documents whose review date has passed (S20: documents are kept up to date)."""
    query = (
        sa.select(Document)
        .where(Document.next_review_on < today)
        .where(Document.kind.not_in(sorted(rules.LIVE_KINDS)))
        .order_by(Document.next_review_on)
    )
    if owner_id is not None:
        query = query.where(Document.owner_id == owner_id)
    return list(db.session.scalars(query))


def documents_of_asset(asset_id: int) -> list[Document]:
    return list(
        db.session.scalars(
            sa.select(Document)
            .join(DocumentLink)
            .where(DocumentLink.asset_id == asset_id)
            .order_by(Document.title)
        )
    )


def choices(staff: bool = True) -> list[tuple[int, str]]:
    query = matching("", staff=staff)
    return [(d.id, d.title) for d in db.session.scalars(query)]
