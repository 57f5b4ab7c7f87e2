"""The CI history is append-only (S13): rows are added, never changed or removed."""

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.assets.models import AssetChange


class HistoryIsAppendOnly(RuntimeError):
    """Something tried to rewrite or delete a line of a CI's history."""


@event.listens_for(AssetChange, "before_update")
def _refuse_update(mapper, connection, target):
    raise HistoryIsAppendOnly(f"asset history line {target.id} cannot be changed")


@event.listens_for(AssetChange, "before_delete")
def _refuse_delete(mapper, connection, target):
    raise HistoryIsAppendOnly(f"asset history line {target.id} cannot be deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_rewrites(state):
    """Bulk UPDATE/DELETE statements through the ORM are refused as well."""
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if isinstance(table, sa.Table) and table.name == AssetChange.__tablename__:
        raise HistoryIsAppendOnly("asset history cannot be rewritten")
