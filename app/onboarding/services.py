"""Writes of the checklists: start one from the template, record progress, sign it off."""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm.attributes import flag_modified

from app.audit.services import changes, record
from app.extensions import db
from app.onboarding import rules
from app.onboarding.models import Checklist, ChecklistItem, TemplateItem


class ChecklistError(ValueError):
    """Refused: field → refusal code (labels.refusal_text renders it)."""

    def __init__(self, fields: dict[str, str]):
        super().__init__(", ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = fields


def template(kind: str) -> list[TemplateItem]:
    """The manager's template of this kind; the contract's defaults until someone edits it."""
    stored = list(
        db.session.scalars(
            sa.select(TemplateItem).where(TemplateItem.kind == kind).order_by(TemplateItem.position)
        )
    )
    if stored:
        return stored
    return [
        TemplateItem(kind=kind, position=n, code=code, side=side)
        for n, (code, side) in enumerate(rules.DEFAULT_ITEMS[kind])
    ]


def add_template_item(kind: str, title: str, side: str, *, actor) -> TemplateItem:
    """Add a line to the template (the defaults are kept as the first lines)."""
    refuse_text(title)
    items = materialised(kind)
    added = TemplateItem(kind=kind, position=len(items), title=title.strip(), side=side)
    db.session.add(added)
    db.session.flush()
    record(actor, "checklist.template_item_added", added, {"kind": kind, "title": added.title})
    return added


def materialised(kind: str) -> list[TemplateItem]:
    """The template as stored rows (the defaults are stored once someone edits them)."""
    items = template(kind)
    for item in items:
        if item.id is None:
            db.session.add(item)
    db.session.flush()
    return items


def remove_template_item(kind: str, position: int, *, actor) -> None:
    """Remove the line at `position` (0-based) of the template."""
    items = materialised(kind)
    if not 0 <= position < len(items):
        raise ChecklistError({"title": "choice"})
    item = items.pop(position)
    record(actor, "checklist.template_item_removed", item, {"code": item.code, "title": item.title})
    db.session.delete(item)
    for n, other in enumerate(items):
        other.position = n
    db.session.flush()


def refuse_text(title: str) -> None:
    if not title.strip():
        raise ChecklistError({"title": "required"})
    if "\x00" in title:
        raise ChecklistError({"title": "nul"})


def start(kind: str, *, actor, now: datetime) -> Checklist:
    """A new checklist of this kind with the template's items, all open."""
    checklist = Checklist(kind=kind, created_at=now)
    for n, line in enumerate(template(kind)):
        checklist.items.append(
            ChecklistItem(position=n, code=line.code, title=line.title, side=line.side)
        )
    db.session.add(checklist)
    db.session.flush()
    record(actor, "checklist.started", checklist, {"kind": kind}, now=now)
    return checklist


def add_item(checklist: Checklist, title: str, side: str, *, actor, now: datetime) -> ChecklistItem:
    if checklist.signed_off_at:
        raise ChecklistError({"title": "signed"})
    refuse_text(title)
    item = ChecklistItem(position=len(checklist.items), title=title.strip(), side=side)
    checklist.items.append(item)
    db.session.flush()
    record(actor, "checklist.item_added", checklist, {"title": item.title}, now=now)
    return item


@dataclass(frozen=True)
class Progress:
    status: str
    owner_id: int | None
    due_on: date | None
    evidence_document_id: int | None
    evidence_page: str
    evidence_note: str


def update_item(item: ChecklistItem, progress: Progress, *, actor, now: datetime) -> None:
    if item.checklist.signed_off_at:
        raise ChecklistError({"status": "signed"})
    if progress.status not in rules.STATUSES:
        raise ChecklistError({"status": "choice"})
    if progress.evidence_page and progress.evidence_page not in rules.PAGES:
        raise ChecklistError({"evidence_page": "choice"})
    if "\x00" in progress.evidence_note:
        raise ChecklistError({"evidence_note": "nul"})
    fields = {
        "status": progress.status,
        "owner_id": progress.owner_id,
        "due_on": progress.due_on,
        "evidence_document_id": progress.evidence_document_id,
        "evidence_page": progress.evidence_page,
        "evidence_note": progress.evidence_note,
    }
    diff = changes(item, fields)
    for name, value in fields.items():
        setattr(item, name, value)
    # the checklist's version moves too, so a sign-off racing this edit loses (409)
    flag_modified(item.checklist, "kind")
    db.session.flush()
    if diff:
        record(actor, "checklist.item_updated", item.checklist, {"item": item.id, **diff}, now=now)


def sign_off(checklist: Checklist, *, actor, signer_named: bool, now: datetime) -> None:
    """S8: the client's named person confirms the whole checklist; nothing may be open."""
    refusal = rules.sign_off_refusal(
        [item.status for item in checklist.items],
        signed=checklist.signed_off_at is not None,
        signer_named=signer_named,
    )
    if refusal:
        raise ChecklistError({"sign_off": refusal})
    checklist.signed_off_at = now
    checklist.signed_off_by_id = actor.id
    db.session.flush()
    record(actor, "checklist.signed_off", checklist, {"kind": checklist.kind}, now=now)
