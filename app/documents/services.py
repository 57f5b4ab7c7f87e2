"""Writes of the document library: documents, versions (text or file), links, reviews.
Flush, never commit; a stored file is removed again if the request's writes are dropped."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from app.assets.models import Asset
from app.audit.services import changes, record
from app.documents import rules
from app.documents.models import Document, DocumentLink, DocumentVersion
from app.extensions import db
from app.knowledge.markup import to_html, to_text
from app.problems.models import Problem
from app.tickets import attachments
from app.tickets.models import CatalogItem
from app.web.unit_of_work import on_rollback


class DocumentError(ValueError):
    """Refused input: field → refusal code (labels.refusal_text renders it)."""

    def __init__(self, fields: dict[str, str]):
        super().__init__(", ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = fields


class UploadError(ValueError):
    """A file refused by the attachment checks; the message is already in the reader's words."""


@dataclass(frozen=True)
class DocumentInput:
    title: str
    kind: str
    visibility: str
    owner_id: int | None
    review_months: int
    asset_tags: tuple[str, ...] = ()
    catalog_codes: tuple[str, ...] = ()
    problem_numbers: tuple[str, ...] = ()


def check(data: DocumentInput) -> dict[str, str]:
    refused = {}
    if not data.title.strip():
        refused["title"] = "required"
    elif len(data.title) > rules.MAX_TITLE:
        refused["title"] = "too_long"
    elif "\x00" in data.title:
        refused["title"] = "nul"
    if data.kind not in rules.KINDS:
        refused["kind"] = "choice"
    if data.visibility not in rules.VISIBILITIES:
        refused["visibility"] = "choice"
    if not 1 <= data.review_months <= rules.MAX_REVIEW_MONTHS:
        refused["review_months"] = "months"
    return refused


def by_key(model, column, keys, refusal: str) -> list:
    """Rows whose `column` is one of `keys` (blank ones ignored); any unknown key refuses."""
    wanted = {key.strip() for key in keys if key.strip()}
    if any("\x00" in key for key in wanted):
        raise DocumentError({refusal: f"unknown_{refusal.rstrip('s')}"})
    if not wanted:
        return []
    found = list(db.session.scalars(sa.select(model).where(column.in_(sorted(wanted)))))
    if len(found) != len(wanted):
        raise DocumentError({refusal: f"unknown_{refusal.rstrip('s')}"})
    return found


def set_links(document: Document, data: DocumentInput) -> None:
    """The CIs, catalog items and problems the document describes, as given."""
    links = [DocumentLink(asset=a) for a in by_key(Asset, Asset.tag, data.asset_tags, "assets")]
    items = by_key(CatalogItem, CatalogItem.code, data.catalog_codes, "catalog_items")
    links += [DocumentLink(catalog_item=item) for item in items]
    problems = by_key(Problem, Problem.number, data.problem_numbers, "problems")
    links += [DocumentLink(problem=problem) for problem in problems]
    document.links[:] = links


def create(data: DocumentInput, *, actor, now: datetime, today: date) -> Document:
    """A new document, due for its first review one interval from today."""
    if refused := check(data):
        raise DocumentError(refused)
    document = Document(
        title=data.title.strip(),
        kind=data.kind,
        visibility=data.visibility,
        owner_id=data.owner_id,
        review_months=data.review_months,
        next_review_on=rules.next_review(today, data.review_months),
        created_at=now,
        updated_at=now,
    )
    db.session.add(document)
    set_links(document, data)
    db.session.flush()
    record(actor, "document.created", document, {"kind": data.kind}, now=now)
    return document


def update(document: Document, data: DocumentInput, *, actor, now: datetime) -> None:
    """Change title, kind, audience, owner, review interval and links; audited field by field."""
    if refused := check(data):
        raise DocumentError(refused)
    fields = {
        "title": data.title.strip(),
        "kind": data.kind,
        "visibility": data.visibility,
        "owner_id": data.owner_id,
        "review_months": data.review_months,
    }
    diff = changes(document, fields)
    for name, value in fields.items():
        setattr(document, name, value)
    set_links(document, data)
    document.updated_at = now
    db.session.flush()
    record(actor, "document.updated", document, diff, now=now)


def link(document: Document, *, asset=None, catalog_item=None, problem=None) -> DocumentLink:
    made = DocumentLink(asset=asset, catalog_item=catalog_item, problem=problem)
    document.links.append(made)
    db.session.flush()
    return made


def store_file(filename: str, data: bytes, max_bytes: int) -> tuple[str, str, str]:
    """(safe name, stored name, content type) after the ticket attachments' own checks."""
    try:
        name, content_type = attachments.check(filename, data, max_bytes)
    except attachments.AttachmentError as error:
        raise UploadError(str(error)) from None
    stored = "doc-" + secrets.token_hex(16)
    path = attachments.folder() / stored
    path.write_bytes(data)
    on_rollback(lambda: path.unlink(missing_ok=True))
    return name, stored, content_type


def add_version(
    document: Document,
    *,
    note: str,
    body_markdown: str = "",
    upload: tuple[str, bytes] | None = None,
    max_bytes: int,
    actor,
    now: datetime,
) -> DocumentVersion:
    """A new version; the older ones stay, each with its text or file."""
    if document.kind in rules.LIVE_KINDS:
        raise DocumentError({"body_markdown": "live"})
    refused = {}
    if not note.strip():
        refused["note"] = "required"
    elif len(note) > rules.MAX_NOTE or "\x00" in note:
        refused["note"] = "too_long" if len(note) > rules.MAX_NOTE else "nul"
    if "\x00" in body_markdown:
        refused["body_markdown"] = "nul"
    elif len(body_markdown) > rules.MAX_BODY:
        refused["body_markdown"] = "too_long"
    elif body_markdown.strip() and upload:
        refused["body_markdown"] = "both"
    elif not body_markdown.strip() and not upload:
        refused["body_markdown"] = "empty_version"
    if refused:
        raise DocumentError(refused)
    number = (document.current.number if document.current else 0) + 1
    version = DocumentVersion(number=number, author_id=actor.id, at=now, note=note.strip())
    if upload:
        filename, data = upload
        version.filename, version.stored_name, version.content_type = store_file(
            filename, data, max_bytes
        )
        version.size = len(data)
        document.body_text = ""
    else:
        version.body_markdown = body_markdown
        version.body_html = to_html(body_markdown)
        document.body_text = to_text(body_markdown)
    document.versions.insert(0, version)
    document.updated_at = now
    db.session.flush()
    record(actor, "document.version_added", document, {"version": number}, now=now)
    return version


def mark_reviewed(document: Document, *, actor, now: datetime, today: date, note: str = "") -> None:
    """The owner confirms the document is still right; the next review moves on; the trail
    keeps the reviewer's note."""
    before = document.next_review_on
    document.next_review_on = rules.next_review(today, document.review_months)
    changed = {"next_review_on": [str(before), str(document.next_review_on)]}
    record(actor, "document.reviewed", document, changed | {"note": note.strip()[:500]}, now=now)
    db.session.flush()
