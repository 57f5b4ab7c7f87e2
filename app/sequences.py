"""Yearly record numbers (INC-2026-000123, CHG-…, CMP-…, AUD-…) shared by every domain."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class Counter(db.Model):
    """The last number used per key (prefix and year)."""

    __tablename__ = "counters"

    key: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


def next_value(key: str) -> int:
    """The next number for `key`; the counter row's update serialises concurrent writers."""
    bump = sa.update(Counter).where(Counter.key == key).values(value=Counter.value + 1)
    value = db.session.execute(bump.returning(Counter.value)).scalar()
    if value is None:
        db.session.add(Counter(key=key, value=1))
        db.session.flush()
        value = 1
    return value
