"""Yearly record numbers (INC-2026-000123, CHG-…, CMP-…, AUD-…) shared by every domain."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db, insert_unless_present


class Counter(db.Model):
    """The last number used per key (prefix and year)."""

    __tablename__ = "counters"

    key: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


def next_value(key: str) -> int:
    """The next number for `key`. One upsert takes it: the first two numbers of a year,
    taken at once, cannot both create the counter row, and the row's lock serialises the rest."""
    take = (
        insert_unless_present(db.session.connection(), Counter)
        .values(key=key, value=1)
        .on_conflict_do_update(index_elements=[Counter.key], set_={"value": Counter.value + 1})
        .returning(Counter.value)
    )
    return db.session.execute(take).scalar_one()
