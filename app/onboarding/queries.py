"""Reads of the checklists: the current one of each kind, those waiting for sign-off."""

import sqlalchemy as sa

from app.extensions import db
from app.onboarding.models import Checklist, ChecklistItem


def checklist(checklist_id: int) -> Checklist | None:
    return db.session.get(Checklist, checklist_id)


def item(checklist_id: int, item_id: int) -> ChecklistItem | None:
    found = db.session.get(ChecklistItem, item_id)
    return found if found and found.checklist_id == checklist_id else None


def all_checklists() -> list[Checklist]:
    return list(db.session.scalars(sa.select(Checklist).order_by(Checklist.id.desc())))


def latest(kind: str) -> Checklist | None:
    return db.session.scalar(
        sa.select(Checklist).where(Checklist.kind == kind).order_by(Checklist.id.desc()).limit(1)
    )


def waiting() -> list[Checklist]:
    """Checklists not signed off yet (shown on the dashboard until they are)."""
    return list(
        db.session.scalars(
            sa.select(Checklist).where(Checklist.signed_off_at.is_(None)).order_by(Checklist.id)
        )
    )
