"""Writes of the access register and the security measures; every grant and revoke audited."""

from datetime import date, datetime

import sqlalchemy as sa

from app.access import policy, rules
from app.access.models import AccessGrant, SecurityMeasure
from app.audit.services import record
from app.extensions import db


class AccessError(ValueError):
    def __init__(self, fields: dict[str, str]):
        super().__init__(", ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = fields


def grant(
    person, asset, kind: str, authorised_by, until: date | None, note: str = "",
    *, actor, now: datetime, today: date,
) -> AccessGrant:  # fmt: skip
    """S14: record that the client's `authorised_by` lets `person` reach `asset` until `until`."""
    refused = rules.grant_refusals(until, today)
    if kind not in rules.KINDS:
        refused["kind"] = "choice"
    if person is None or not policy.may_hold_access(person):
        refused["person"] = "not_vendor"
    if authorised_by is None or not policy.may_authorise(authorised_by):
        refused["authorised_by"] = "not_client"
    if asset is None:
        refused["asset"] = "unknown_asset"
    if "\x00" in note:
        refused["note"] = "nul"
    if refused:
        raise AccessError(refused)
    made = AccessGrant(
        person=person,
        asset=asset,
        kind=kind,
        authorised_by=authorised_by,
        until=until,
        note=note.strip()[: rules.MAX_NOTE],
        granted_at=now,
    )
    db.session.add(made)
    db.session.flush()
    details = {
        "person": person.email,
        "asset": asset.tag,
        "kind": kind,
        "authorised_by": authorised_by.email,
        "until": until.isoformat(),
    }
    record(actor, "access.granted", made, details, now=now)
    return made


def revoke(made: AccessGrant, *, actor, now: datetime) -> None:
    if made.revoked_at is not None:
        raise AccessError({"grant": "revoked"})
    made.revoked_at = now
    made.revoked_by_id = actor.id
    db.session.flush()
    details = {"person": made.person.email, "asset": made.asset.tag, "kind": made.kind}
    record(actor, "access.revoked", made, details, now=now)


def revoke_all(person, *, actor, now: datetime) -> int:
    """Off-boarding: every access the person still holds ends now, each revoke audited."""
    held = db.session.scalars(
        sa.select(AccessGrant).where(
            AccessGrant.person_id == person.id, AccessGrant.revoked_at.is_(None)
        )
    ).all()
    for made in held:
        revoke(made, actor=actor, now=now)
    return len(held)


def add_measure(
    department, measure: str, owner, review_on: date | None, *, actor, now: datetime
) -> SecurityMeasure:
    """S14: one of a department's agreed security measures."""
    if not measure.strip():
        raise AccessError({"measure": "required"})
    if "\x00" in measure:
        raise AccessError({"measure": "nul"})
    made = SecurityMeasure(
        department=department, measure=measure.strip()[:300], owner=owner, review_on=review_on
    )
    db.session.add(made)
    db.session.flush()
    record(actor, "security_measure.added", made, {"department": department.code}, now=now)
    return made


def remove_measure(made: SecurityMeasure, *, actor, now: datetime) -> None:
    record(actor, "security_measure.removed", made, {"measure": made.measure}, now=now)
    db.session.delete(made)
    db.session.flush()
