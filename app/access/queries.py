"""Reads of the access register: filtered lists, one person's access, flags."""

from datetime import date, timedelta

import sqlalchemy as sa

from app.access import rules
from app.access.models import AccessGrant, SecurityMeasure
from app.accounts.models import Department, User
from app.assets.models import Asset
from app.extensions import db


def grant(grant_id: int) -> AccessGrant | None:
    return db.session.get(AccessGrant, grant_id)


def grants(person: str = "", asset: str = "", *, current_only: bool = False):
    """Grants, newest first; `person` an email, `asset` a tag."""
    person, asset = person.replace("\x00", ""), asset.replace("\x00", "")
    query = sa.select(AccessGrant).order_by(AccessGrant.until, AccessGrant.id)
    if person:
        query = query.join(User, AccessGrant.person_id == User.id).where(
            sa.func.lower(User.email) == person.strip().lower()
        )
    if asset:
        query = query.join(Asset, AccessGrant.asset_id == Asset.id).where(
            Asset.tag == asset.strip()
        )
    if current_only:
        query = query.where(AccessGrant.revoked_at.is_(None))
    return query


def of_person(person_id: int) -> list[AccessGrant]:
    return list(
        db.session.scalars(
            sa.select(AccessGrant)
            .where(AccessGrant.person_id == person_id)
            .order_by(AccessGrant.revoked_at.is_not(None), AccessGrant.until)
        )
    )


def flagged(today: date) -> list[AccessGrant]:
    """Unrevoked grants that expired or expire within the warning window."""
    horizon = today + timedelta(days=rules.EXPIRY_WARNING_DAYS)
    return list(
        db.session.scalars(
            sa.select(AccessGrant)
            .where(AccessGrant.revoked_at.is_(None), AccessGrant.until <= horizon)
            .order_by(AccessGrant.until)
        )
    )


def state_of(made: AccessGrant, today: date) -> str:
    return rules.grant_state(made.until, today, revoked=made.revoked_at is not None)


def measures() -> list[SecurityMeasure]:
    return list(
        db.session.scalars(
            sa.select(SecurityMeasure)
            .join(Department)
            .order_by(Department.code, SecurityMeasure.id)
        )
    )
