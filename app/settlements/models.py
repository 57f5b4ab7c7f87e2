"""S21 settlement tables: the price list and staffing plan of the contract, the monthly sheet,
its lines and history. Money is stored in integer fen, quantities in ten-thousandths."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.extensions import UTCDateTime, db, utcnow

FEN = Decimal("0.01")
QUANTUM = Decimal("0.0001")


def to_fen(amount: Decimal) -> int:
    return int((amount / FEN).to_integral_value())


def from_fen(fen: int) -> Decimal:
    return (Decimal(fen) * FEN).quantize(FEN)


class PriceList(db.Model):
    """One version of the contract's unit prices, valid from a date (until the next one)."""

    __tablename__ = "settlement_price_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    valid_from: Mapped[date] = mapped_column(sa.Date, unique=True)
    valid_to: Mapped[date | None] = mapped_column(sa.Date)
    resident_engineer_fen: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    desk_staff_fen: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    replacement_fen: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    # out-of-warranty replacement: cost plus a handling fee, percent (hundredths) or fixed fen
    handling_fee_kind: Mapped[str] = mapped_column(sa.String(8), default="percent")
    handling_fee_value: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def price(self, item: str) -> Decimal:
        return from_fen(getattr(self, f"{item}_fen"))

    @property
    def handling_fee(self) -> Decimal:
        """Percent (e.g. 10.00) or yuan, as `handling_fee_kind` says."""
        return from_fen(self.handling_fee_value)


class StaffAssignment(db.Model):
    """A named person serving the contract as resident engineer or desk staff, from a date."""

    __tablename__ = "settlement_staffing"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[str] = mapped_column(sa.String(20))  # resident_engineer, desk_staff
    person_name: Mapped[str] = mapped_column(sa.String(100))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User | None] = relationship()


class SettlementSheet(db.Model):
    """The Service Fee Settlement Sheet of one month (费用结算表); confirmed means locked."""

    __tablename__ = "settlement_sheets"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(sa.String(7), unique=True)  # YYYY-MM
    status: Mapped[str] = mapped_column(sa.String(10), default="draft", index=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_to: Mapped[str] = mapped_column(sa.String(254), default="")
    sent_count: Mapped[int] = mapped_column(default=0)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    dispute_note: Mapped[str] = mapped_column(sa.Text, default="")
    total_fen: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    version: Mapped[int] = mapped_column(default=1)

    lines: Mapped[list["SettlementLine"]] = relationship(
        back_populates="sheet", order_by="SettlementLine.position", cascade="all, delete-orphan"
    )
    events: Mapped[list["SettlementEvent"]] = relationship(
        back_populates="sheet", order_by="SettlementEvent.id", cascade="all, delete-orphan"
    )
    answered_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def total(self) -> Decimal:
        return from_fen(self.total_fen)

    @property
    def number(self) -> str:
        """The sheet's reference in the audit trail: its month."""
        return self.month


class SettlementLine(db.Model):
    """A row of the sheet: computed from the record, or an explained adjustment by the manager."""

    __tablename__ = "settlement_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(
        sa.ForeignKey("settlement_sheets.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    item: Mapped[str] = mapped_column(sa.String(20))
    adjustment: Mapped[bool] = mapped_column(default=False)
    # computed lines: a note code with parameters; adjustments: the manager's own words
    note: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    quantity_e4: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    unit_price_fen: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    total_fen: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    sources: Mapped[list] = mapped_column(sa.JSON, default=list)
    refers_to: Mapped[str] = mapped_column(sa.String(7), default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sheet: Mapped[SettlementSheet] = relationship(back_populates="lines")

    @property
    def quantity(self) -> Decimal:
        return (Decimal(self.quantity_e4) * QUANTUM).quantize(QUANTUM)

    @property
    def unit_price(self) -> Decimal:
        return from_fen(self.unit_price_fen)

    @property
    def total(self) -> Decimal:
        return from_fen(self.total_fen)


class SettlementEvent(db.Model):
    """The sheet's history: computed, adjusted, sent, disputed, confirmed, reminders."""

    __tablename__ = "settlement_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(
        sa.ForeignKey("settlement_sheets.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    code: Mapped[str] = mapped_column(sa.String(24))
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    note: Mapped[str] = mapped_column(sa.Text, default="")

    sheet: Mapped[SettlementSheet] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
