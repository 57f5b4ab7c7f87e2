"""The CMDB: configuration items, their types, relations, append-only history, audits, RMAs."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Department, User
from app.extensions import UTCDateTime, db, utcnow


class AssetType(db.Model):
    """A kind of CI (data, not code): managers add types and their parameter fields."""

    __tablename__ = "asset_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name_zh: Mapped[str] = mapped_column(sa.String(100))
    name_en: Mapped[str] = mapped_column(sa.String(100))
    # hardware | software | licence: what relations make sense (see rules.RELATION_KINDS)
    category: Mapped[str] = mapped_column(sa.String(16), default="hardware")
    # [{"key": "ip", "name_zh": "IP 地址", "name_en": "IP address", "kind": "ip"}, …]
    parameters: Mapped[list] = mapped_column(sa.JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


class Asset(db.Model):
    """One configuration item (S13): a device, an OS, an application or a licence."""

    __tablename__ = "assets"
    __table_args__ = (
        sa.Index("ix_assets_type_status", "type_id", "status"),
        sa.Index("ix_assets_owner_status", "owner_id", "status"),
        # PostgreSQL: a trigram index, so LIKE '%text%' does not read the table; SQLite: a
        # narrow b-tree it scans instead of the wide table
        sa.Index(
            "ix_assets_search_text",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tag: Mapped[str] = mapped_column(sa.String(40), unique=True)
    type_id: Mapped[int] = mapped_column(sa.ForeignKey("asset_types.id"))
    serial: Mapped[str] = mapped_column(sa.String(100), default="", index=True)
    model: Mapped[str] = mapped_column(sa.String(100), default="")
    manufacturer: Mapped[str] = mapped_column(sa.String(100), default="")
    supplier: Mapped[str] = mapped_column(sa.String(100), default="")
    purchase_date: Mapped[date | None] = mapped_column(sa.Date)
    purchase_cost: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    warranty_end: Mapped[date | None] = mapped_column(sa.Date, index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="in_stock")
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"), index=True)
    location: Mapped[str] = mapped_column(sa.String(100), default="", index=True)
    hostname: Mapped[str] = mapped_column(sa.String(100), default="", index=True)
    # "tag serial hostname owner-name owner-email" in lower case, kept by the listeners below:
    # search-as-you-type reads one indexed column instead of joining the owners
    search_text: Mapped[str] = mapped_column(sa.Text, default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    parameters: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # S14 security status
    default_password_changed: Mapped[str] = mapped_column(sa.String(8), default="unknown")
    password_rotated_on: Mapped[date | None] = mapped_column(sa.Date)
    password_rotation_days: Mapped[int | None] = mapped_column()
    antivirus_date: Mapped[date | None] = mapped_column(sa.Date)
    patch_level: Mapped[str] = mapped_column(sa.String(60), default="")
    patches_missing: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    type: Mapped[AssetType] = relationship(lazy="joined")
    owner: Mapped[User | None] = relationship(lazy="joined")
    department: Mapped[Department | None] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}


def search_text_of(tag: str, serial: str, hostname: str, owner: User | None = None) -> str:
    owner_parts = (owner.name, owner.email) if owner else ()
    return " ".join(part for part in (tag, serial, hostname, *owner_parts) if part).lower()


@event.listens_for(Asset, "before_insert")
@event.listens_for(Asset, "before_update")
def _keep_search_text(mapper, connection, asset: Asset) -> None:
    asset.search_text = search_text_of(
        asset.tag, asset.serial or "", asset.hostname or "", asset.owner
    )


@event.listens_for(User, "after_update")
def _keep_owner_in_search_text(mapper, connection, user: User) -> None:
    """A renamed owner (or a new email) is found by the new words at once."""
    state = sa.inspect(user)
    if not (state.attrs.name.history.has_changes() or state.attrs.email.history.has_changes()):
        return
    owned = connection.execute(
        sa.select(Asset.id, Asset.tag, Asset.serial, Asset.hostname).where(
            Asset.owner_id == user.id
        )
    ).all()
    if owned:
        connection.execute(
            sa.update(Asset.__table__).where(Asset.id == sa.bindparam("asset_id")),
            [
                {
                    "asset_id": row.id,
                    "search_text": search_text_of(row.tag, row.serial, row.hostname, user),
                }
                for row in owned
            ],
        )


class AssetRelation(db.Model):
    """asset → target: set_member (S5 set of equipment), runs, licence, replaces."""

    __tablename__ = "asset_relations"
    __table_args__ = (
        sa.UniqueConstraint("asset_id", "kind", "target_id", name="uq_asset_relations_link"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(sa.ForeignKey("assets.id"))
    kind: Mapped[str] = mapped_column(sa.String(16))
    target_id: Mapped[int] = mapped_column(sa.ForeignKey("assets.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    asset: Mapped[Asset] = relationship(foreign_keys=[asset_id])
    target: Mapped[Asset] = relationship(foreign_keys=[target_id])


class Rma(db.Model):
    """A return to the vendor (S1): in warranty the maker repairs, out of it the client pays."""

    __tablename__ = "asset_rmas"

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(sa.ForeignKey("assets.id"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tickets.id"), index=True)
    vendor: Mapped[str] = mapped_column(sa.String(100))
    rma_number: Mapped[str] = mapped_column(sa.String(60), default="")
    sent_on: Mapped[date] = mapped_column(sa.Date)
    returned_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
    replacement_serial: Mapped[str] = mapped_column(sa.String(100), default="")
    cost: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    in_warranty: Mapped[bool] = mapped_column(default=False)
    paid_by_client: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    asset: Mapped[Asset] = relationship(lazy="joined")
    ticket = relationship("Ticket", lazy="joined")

    @property
    def is_open(self) -> bool:
        return self.returned_on is None


class AssetChange(db.Model):
    """One line of a CI's append-only history: who, when, field, old → new, and on whose
    authority (S13). Rows are never updated or deleted (see history.py)."""

    __tablename__ = "asset_changes"
    __table_args__ = (sa.Index("ix_asset_changes_asset", "asset_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(sa.ForeignKey("assets.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    field: Mapped[str] = mapped_column(sa.String(60))
    old_value: Mapped[str | None] = mapped_column(sa.Text)
    new_value: Mapped[str | None] = mapped_column(sa.Text)
    authorized_by: Mapped[str | None] = mapped_column(sa.String(24), index=True)
    # a manager recorded a change found in an audit that nobody had authorised
    unauthorised: Mapped[bool] = mapped_column(default=False)
    rma_id: Mapped[int | None] = mapped_column(sa.ForeignKey("asset_rmas.id"), index=True)
    note: Mapped[str] = mapped_column(sa.String(500), default="")

    actor: Mapped[User | None] = relationship(lazy="joined")


class AuditCampaign(db.Model):
    """A physical audit of one location or department (S13: every CI accounted for)."""

    __tablename__ = "asset_audits"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    location: Mapped[str] = mapped_column(sa.String(100), default="")
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"))
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    opened_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    department: Mapped[Department | None] = relationship(lazy="joined")
    opened_by: Mapped[User | None] = relationship(lazy="joined")


class AuditItem(db.Model):
    """One CI in an audit: expected from the register when opened, or found on the walk."""

    __tablename__ = "asset_audit_items"
    __table_args__ = (sa.UniqueConstraint("audit_id", "tag", name="uq_asset_audit_items_tag"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(sa.ForeignKey("asset_audits.id", ondelete="CASCADE"))
    asset_id: Mapped[int | None] = mapped_column(sa.ForeignKey("assets.id"), index=True)
    tag: Mapped[str] = mapped_column(sa.String(40))
    expected: Mapped[bool] = mapped_column(default=True)
    expected_location: Mapped[str] = mapped_column(sa.String(100), default="")
    # pending | present | absent | moved
    result: Mapped[str] = mapped_column(sa.String(10), default="pending")
    found_location: Mapped[str] = mapped_column(sa.String(100), default="")
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    checked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ticket_number: Mapped[str | None] = mapped_column(sa.String(20))

    audit: Mapped[AuditCampaign] = relationship()
    asset: Mapped[Asset | None] = relationship(lazy="joined")
    checked_by: Mapped[User | None] = relationship(lazy="joined")
