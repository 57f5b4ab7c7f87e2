"""Demo data for the service desk: the catalog and three months of tickets."""

import sqlalchemy as sa

from app.demo.extend import seeder
from app.extensions import db
from app.tickets.catalog import GROUPS, ITEMS
from app.tickets.models import CatalogItem


def ensure_catalog() -> None:
    """The SPEC S1 catalog; existing items keep their edited names."""
    existing = set(db.session.scalars(sa.select(CatalogItem.code)))
    for position, (code, zh, en, urgency, kind) in enumerate(ITEMS):
        if code not in existing:
            db.session.add(
                CatalogItem(
                    code=code,
                    group=code.split(".")[0],
                    name_zh=zh,
                    name_en=en,
                    default_urgency=urgency,
                    ticket_type=kind,
                    position=position,
                )
            )
    db.session.flush()


@seeder
def seed_catalog(**_context) -> None:
    ensure_catalog()


__all__ = ["GROUPS", "ensure_catalog"]
