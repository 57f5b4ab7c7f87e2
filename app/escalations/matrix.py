"""The contract's escalation matrix as stored: levels per kind and the triggers that open an
escalation by themselves; edited by managers, every change audited."""

import sqlalchemy as sa

from app.audit.services import record
from app.escalations import rules
from app.escalations.models import EscalationTrigger, MatrixLevel
from app.extensions import db


def as_rule(row: MatrixLevel) -> rules.Level:
    return rules.Level(row.kind, row.level, row.contact_id, row.climb_after_minutes, row.title)


def rows(kind: str | None = None) -> list[MatrixLevel]:
    select = sa.select(MatrixLevel).order_by(MatrixLevel.kind, MatrixLevel.level)
    if kind:
        select = select.where(MatrixLevel.kind == kind)
    return db.session.scalars(select).all()


def levels(kind: str) -> list[rules.Level]:
    return [as_rule(row) for row in rows(kind)]


def first_level(kind: str) -> rules.Level | None:
    return rules.first_level(levels(kind), kind)


def next_level(kind: str, current: int) -> rules.Level | None:
    return rules.next_level(levels(kind), kind, current)


def by_kind() -> dict[str, list[MatrixLevel]]:
    found = {kind: [] for kind in rules.KINDS}
    for row in rows():
        found.setdefault(row.kind, []).append(row)
    return found


def save_level(values: dict, *, actor, now) -> MatrixLevel:
    """Add or replace the level (kind, level); refused with the fields to fix."""
    problems = rules.level_problems(
        values.get("kind"), values.get("level"), values.get("contact_id"), values.get("climb")
    )
    if values.get("title") not in rules.TITLES:
        problems["title"] = "title"
    if problems:
        raise rules.EscalationError("invalid", problems)
    row = db.session.scalar(
        sa.select(MatrixLevel).where(
            MatrixLevel.kind == values["kind"], MatrixLevel.level == values["level"]
        )
    )
    if row is None:
        row = MatrixLevel(kind=values["kind"], level=values["level"])
        db.session.add(row)
    row.title = values["title"]
    row.contact_id = values["contact_id"]
    row.climb_after_minutes = values.get("climb")
    db.session.flush()
    record(actor, "escalation_level_save", row, dict(values), now=now)
    return row


def delete_level(row: MatrixLevel, *, actor, now) -> None:
    record(actor, "escalation_level_delete", row, {"kind": row.kind, "level": row.level}, now=now)
    db.session.delete(row)
    db.session.flush()


def triggers() -> dict[str, str]:
    """trigger → kind, for the triggers that open an escalation."""
    return {row.trigger: row.kind for row in db.session.scalars(sa.select(EscalationTrigger))}


def set_triggers(chosen: dict[str, str], *, actor, now) -> None:
    """Make `chosen` (trigger → kind, or '' for none) the matrix's triggers."""
    db.session.execute(sa.delete(EscalationTrigger))
    for trigger, kind in chosen.items():
        if trigger in rules.TRIGGERS and kind in rules.KINDS:
            db.session.add(EscalationTrigger(trigger=trigger, kind=kind))
    db.session.flush()
    record(actor, "escalation_triggers", _Matrix(), {"triggers": chosen}, now=now)


class _Matrix:
    """The matrix as one audited object."""

    __tablename__ = "escalation_matrix"
    id = 0
