"""Writes for the improvement log (flush, never commit)."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from app.accounts.models import User
from app.audit.services import changes, record
from app.extensions import db
from app.improvements import rules
from app.improvements.models import Improvement


class ImprovementError(ValueError):
    def __init__(self, fields: dict[str, str]):
        super().__init__(", ".join(f"{n}: {c}" for n, c in fields.items()))
        self.fields = fields


@dataclass
class ImprovementInput:
    title: str
    source: str
    source_reference: str = ""
    owner: User | None = None
    status: str = "proposed"
    target_on: date | None = None
    effect: str = ""


def save(item: Improvement | None, data: ImprovementInput, *, actor, now) -> Improvement:
    found = {}
    if not data.title.strip():
        found["title"] = "required"
    for name, limit in (("title", rules.MAX_TITLE), ("source_reference", 40), ("effect", None)):
        if code := rules.text_refusal(getattr(data, name), limit or rules.MAX_TEXT):
            found[name] = code
    if data.source not in rules.SOURCES:
        found["source"] = "required"
    if data.status not in rules.STATUSES:
        found["status"] = "required"
    if found:
        raise ImprovementError(found)
    fields = {
        "title": data.title.strip(),
        "source": data.source,
        "source_reference": data.source_reference.strip(),
        "owner_id": data.owner.id if data.owner else None,
        "status": data.status,
        "target_on": data.target_on,
        "effect": data.effect.strip(),
    }
    new = item is None
    if new:
        item = Improvement(created_at=now)
        db.session.add(item)
        diff = {}
    else:
        diff = changes(item, fields)
    if data.status == "done" and (new or item.status != "done"):
        item.done_at = now
    elif data.status != "done":
        item.done_at = None
    for name, value in fields.items():
        setattr(item, name, value)
    item.updated_at = now
    db.session.flush()
    record(actor, "improvement.create" if new else "improvement.update", item, diff, now=now)
    return item


def listing() -> sa.Select:
    order = sa.case({s: i for i, s in enumerate(rules.STATUSES)}, value=Improvement.status)
    return sa.select(Improvement).order_by(order, Improvement.target_on, Improvement.id)


def for_period(start, end) -> list[Improvement]:
    """The items a report of [start, end) lists (rules.in_period decides)."""
    found = db.session.scalars(
        sa.select(Improvement).where(Improvement.created_at < end).order_by(Improvement.id)
    ).all()
    return [i for i in found if rules.in_period(i.status, i.created_at, i.done_at, start, end)]
