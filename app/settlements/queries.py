"""Settlement reads: the months to show, the sheets waiting, the steps overdue (S21)."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.settlements import rules
from app.settlements.models import PriceList, SettlementSheet, StaffAssignment


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @property
    def key(self) -> str:
        return rules.month_key(self.year, self.month)


@dataclass(frozen=True)
class Late:
    month: str
    step: str  # send, confirm
    due: date


def last_month(today: date) -> Month:
    return Month(*rules.previous_month(today.year, today.month))


def recent_months(today: date, count: int = 12) -> list[Month]:
    """This month and the ones before it, newest first."""
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(Month(year, month))
        year, month = rules.previous_month(year, month)
    return months


def sheets_by_month(keys: list[str]) -> dict[str, SettlementSheet]:
    rows = db.session.scalars(sa.select(SettlementSheet).where(SettlementSheet.month.in_(keys)))
    return {row.month: row for row in rows}


def open_sheets() -> list[SettlementSheet]:
    """Stored sheets not confirmed yet, oldest first."""
    return db.session.scalars(
        sa.select(SettlementSheet)
        .where(SettlementSheet.status != rules.CONFIRMED)
        .order_by(SettlementSheet.month)
    ).all()


def waiting_for_client() -> list[SettlementSheet]:
    return [sheet for sheet in open_sheets() if sheet.status == rules.SENT]


def overdue(today: date, contract) -> list[Late]:
    """Late steps of last month's sheet (stored or not) and of every open sheet before it."""
    due = last_month(today)
    statuses = {sheet.month: sheet.status for sheet in open_sheets() if sheet.month <= due.key}
    if due.key not in statuses and due.key not in sheets_by_month([due.key]):
        statuses[due.key] = None
    late = []
    for key, status in sorted(statuses.items()):
        year, month = rules.parse_month(key)
        send_by = rules.due_date(year, month, contract.settlement_send_day)
        confirm_by = rules.due_date(year, month, contract.settlement_confirm_day)
        for step in rules.overdue_steps(status, today, send_by, confirm_by):
            late.append(Late(key, step, send_by if step == "send" else confirm_by))
    return late


def price_lists() -> list[PriceList]:
    return db.session.scalars(sa.select(PriceList).order_by(PriceList.valid_from.desc())).all()


def staffing() -> list[StaffAssignment]:
    return db.session.scalars(
        sa.select(StaffAssignment).order_by(
            StaffAssignment.position, StaffAssignment.starts_on, StaffAssignment.id
        )
    ).all()
