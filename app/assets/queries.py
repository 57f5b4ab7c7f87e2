"""Reads for the register, an asset's page, billing (RMA costs) and dashboards."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from app.accounts.models import Department, User
from app.assets import policy, rules
from app.assets.models import Asset, AssetChange, AssetRelation, AssetType, AuditCampaign, Rma
from app.extensions import db

FILTERS = ("q", "type", "status", "department", "location", "owner", "warranty")


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column, text: str):
    """Case-insensitive substring match (for small tables: users, an audit's items)."""
    return column.ilike(f"%{escape_like(text.strip())}%", escape="\\")


def search_clause(text: str):
    """Search-as-you-type over tag, serial, host name and the owner's name or email, all in
    one lower-case column. As an id subquery, SQLite scans that column's narrow index rather
    than the wide table; PostgreSQL uses its trigram index."""
    pattern = f"%{escape_like(text.strip().lower())}%"
    return Asset.id.in_(sa.select(Asset.id).where(Asset.search_text.like(pattern, escape="\\")))


def register(user, filters: Mapping[str, str], *, today: date, warning_days: int) -> sa.Select:
    """The register as this user may see it, filtered, in tag order."""
    query = sa.select(Asset)
    if not policy.sees_register(user):
        query = query.where(Asset.owner_id == user.id)
    if text := (filters.get("q") or "").strip():
        query = query.where(search_clause(text))
    query = query.order_by(Asset.tag)
    if code := filters.get("type"):
        query = query.where(
            Asset.type_id == sa.select(AssetType.id).where(AssetType.code == code).scalar_subquery()
        )
    status = filters.get("status") or ""
    if status == "active":
        query = query.where(Asset.status.in_(rules.ACTIVE_STATUSES))
    elif status:
        query = query.where(Asset.status == status)
    if code := filters.get("department"):
        query = query.where(
            Asset.department_id
            == sa.select(Department.id).where(Department.code == code).scalar_subquery()
        )
    if location := (filters.get("location") or "").strip():
        query = query.where(Asset.location.ilike(f"{escape_like(location)}%", escape="\\"))
    if email := (filters.get("owner") or "").strip():
        owner = sa.select(User.id).where(User.email == email.lower()).scalar_subquery()
        query = query.where(Asset.owner_id == owner)
    state = filters.get("warranty") or ""
    if state == "unknown":
        query = query.where(Asset.warranty_end.is_(None))
    elif state in ("in", "expiring", "out"):
        low, high = rules.warranty_window(state, today, warning_days)
        if low:
            query = query.where(Asset.warranty_end >= low)
        if high:
            query = query.where(Asset.warranty_end <= high)
    return query


def page_of(query: sa.Select, page: int, per_page: int) -> tuple[list[Asset], bool]:
    """One page of rows and whether another follows. The page's ids are found and ordered on
    the narrow id column first; only those rows are then loaded with their owner, type and
    department (and no COUNT runs over the whole register)."""
    window = query.with_only_columns(Asset.id).limit(per_page + 1).offset((page - 1) * per_page)
    ids = list(db.session.scalars(window))
    loaded = db.session.scalars(sa.select(Asset).where(Asset.id.in_(ids[:per_page])))
    by_id = {asset.id: asset for asset in loaded}
    return [by_id[i] for i in ids[:per_page]], len(ids) > per_page


def get_by_tag(tag: str) -> Asset | None:
    return db.session.scalar(sa.select(Asset).where(Asset.tag == rules.normalise_tag(tag)))


def relations(asset: Asset) -> list[AssetRelation]:
    """Relations from and to this CI."""
    query = (
        sa.select(AssetRelation)
        .where(sa.or_(AssetRelation.asset_id == asset.id, AssetRelation.target_id == asset.id))
        .order_by(AssetRelation.kind, AssetRelation.id)
    )
    return list(db.session.scalars(query))


def equipment_set(asset: Asset) -> list[Asset]:
    """S5: the CIs used together with this one (set_member links, followed transitively)."""
    members, frontier, edges = {asset.id}, {asset.id}, []
    while frontier:
        edges += db.session.execute(
            sa.select(AssetRelation.asset_id, AssetRelation.target_id).where(
                AssetRelation.kind == "set_member",
                sa.or_(AssetRelation.asset_id.in_(frontier), AssetRelation.target_id.in_(frontier)),
            )
        ).all()
        reached = rules.set_members(asset.id, edges)
        frontier, members = reached - members, reached
    if len(members) == 1:
        return []
    query = sa.select(Asset).where(Asset.id.in_(members)).order_by(Asset.tag)
    return list(db.session.scalars(query))


def history(asset: Asset, limit: int | None = None) -> list[AssetChange]:
    query = (
        sa.select(AssetChange)
        .where(AssetChange.asset_id == asset.id)
        .order_by(AssetChange.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def tickets_for(tag: str, limit: int = 50):
    """Tickets whose asset list names this tag (JSON text match: SQLite and PostgreSQL)."""
    from app.tickets.models import Ticket

    pattern = f'%"{escape_like(rules.normalise_tag(tag))}"%'
    query = (
        sa.select(Ticket)
        .where(sa.cast(Ticket.asset_tags, sa.String).ilike(pattern, escape="\\"))
        .order_by(Ticket.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def authorising_records(asset: Asset) -> list[str]:
    """Every ticket or change number that authorised a change to this CI."""
    query = (
        sa.select(AssetChange.authorized_by)
        .where(AssetChange.asset_id == asset.id, AssetChange.authorized_by.is_not(None))
        .distinct()
    )
    return sorted(db.session.scalars(query))


def rmas_for(asset: Asset) -> list[Rma]:
    return list(
        db.session.scalars(sa.select(Rma).where(Rma.asset_id == asset.id).order_by(Rma.id.desc()))
    )


def open_audits_for(asset: Asset) -> list[AuditCampaign]:
    """Open audits that cover this CI (the asset page offers to check it there)."""
    from app.assets.models import AuditItem

    query = (
        sa.select(AuditCampaign)
        .join(AuditItem, AuditItem.audit_id == AuditCampaign.id)
        .where(AuditCampaign.status == "open", AuditItem.asset_id == asset.id)
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class RmaCost:
    """One out-of-warranty repair the client pays for (S1 → S21 billing)."""

    rma_id: int
    asset_tag: str
    vendor: str
    rma_number: str
    ticket_number: str | None
    returned_on: date
    cost: Decimal


def rma_costs(month_start: date, month_end: date) -> list[RmaCost]:
    """Client-paid (out-of-warranty) RMA costs of repairs returned in
    month_start <= returned_on < month_end (month_end exclusive, e.g. the 1st of next month)."""
    from app.tickets.models import Ticket

    query = (
        sa.select(Rma, Asset.tag, Ticket.number)
        .join(Asset, Asset.id == Rma.asset_id)
        .outerjoin(Ticket, Ticket.id == Rma.ticket_id)
        .where(
            Rma.paid_by_client,
            Rma.cost.is_not(None),
            Rma.returned_on >= month_start,
            Rma.returned_on < month_end,
        )
        .order_by(Rma.returned_on, Rma.id)
    )
    return [
        RmaCost(rma.id, tag, rma.vendor, rma.rma_number, number, rma.returned_on, rma.cost)
        for rma, tag, number in db.session.execute(query)
    ]
