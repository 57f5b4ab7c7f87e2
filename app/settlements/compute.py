"""The sheet of a month as the service record gives it (S21): staffing from the plan, hardware
replacements from signed-off replacement installations, out-of-warranty replacements from the
RMAs the client pays, each line with the records behind its quantity."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.assets.models import Rma
from app.clocks import store
from app.clocks.calendar import WorkCalendar
from app.extensions import db
from app.installations.models import Installation
from app.settlements import rules
from app.settlements.models import PriceList, StaffAssignment
from app.web.i18n import SHANGHAI


def price_list_for(first: date) -> PriceList | None:
    """The price list valid on the month's first day (the latest version starting by then)."""
    return db.session.scalar(
        sa.select(PriceList)
        .where(
            PriceList.valid_from <= first,
            sa.or_(PriceList.valid_to.is_(None), PriceList.valid_to >= first),
        )
        .order_by(PriceList.valid_from.desc())
        .limit(1)
    )


def calendar_of(contract) -> WorkCalendar:
    return store.calendars().get(contract.office_calendar) or WorkCalendar(contract.office_calendar)


def working_days(calendar: WorkCalendar, first: date, last: date) -> list[date]:
    """The month's working days on the contract's office calendar (holidays off, 调休 on)."""
    return [day.date for day in calendar.iter_days(first, last) if day.hours]


def utc_range(first: date, last: date) -> tuple[datetime, datetime]:
    start = datetime.combine(first, time(), SHANGHAI).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(), SHANGHAI).astimezone(UTC)
    return start, end


def staffing_lines(position: str, prices: PriceList | None, days: list[date], first, last):
    people = db.session.scalars(
        sa.select(StaffAssignment)
        .where(
            StaffAssignment.position == position,
            StaffAssignment.starts_on <= last,
            sa.or_(StaffAssignment.ends_on.is_(None), StaffAssignment.ends_on >= first),
        )
        .order_by(StaffAssignment.starts_on, StaffAssignment.id)
    ).all()
    quantity, served, sources = Decimal("0.0000"), [], []
    for person in people:
        share, worked, of = rules.prorated_share(days, person.starts_on, person.ends_on)
        quantity += share
        served.append({"name": person.person_name, "days": worked, "of": of})
        sources.append({"kind": "person", "key": str(person.id), "label": person.person_name})
    price = prices.price(position) if prices else Decimal("0.00")
    note = {"code": "staffing", "people": served}
    return rules.Line(position, quantity, price, note, tuple(sources))


def replacement_line(prices: PriceList | None, first: date, last: date) -> rules.Line:
    start, end = utc_range(first, last)
    done = db.session.scalars(
        sa.select(Installation)
        .where(
            Installation.kind == "replace",
            Installation.status == "signed_off",
            Installation.installed_at >= start,
            Installation.installed_at < end,
        )
        .order_by(Installation.installed_at)
    ).all()
    sources = tuple({"kind": "installation", "key": i.number, "label": i.number} for i in done)
    price = prices.price("replacement") if prices else Decimal("0.00")
    note = {"code": "replacements", "count": len(done)}
    return rules.Line("replacement", Decimal(len(done)), price, note, sources)


def oow_lines(prices: PriceList | None, first: date, last: date) -> list[rules.Line]:
    """S1: one line per returned out-of-warranty RMA the client pays: cost plus handling fee."""
    rmas = db.session.scalars(
        sa.select(Rma)
        .where(
            Rma.paid_by_client.is_(True),
            Rma.in_warranty.is_(False),
            Rma.cost.is_not(None),
            Rma.returned_on >= first,
            Rma.returned_on <= last,
        )
        .order_by(Rma.returned_on, Rma.id)
    ).all()
    kind = prices.handling_fee_kind if prices else "fixed"
    value = prices.handling_fee if prices else Decimal("0.00")
    lines = []
    for rma in rmas:
        cost = Decimal(rma.cost).quantize(rules.CENT)
        fee = rules.handling_fee(cost, kind, value)
        note = {
            "code": "oow",
            "rma": rma.rma_number or str(rma.id),
            "tag": rma.asset.tag,
            "vendor": rma.vendor,
            "cost": str(cost),
            "fee": str(fee),
            "fee_kind": kind,
            "fee_value": str(value),
        }
        sources = [{"kind": "rma", "key": rma.asset.tag, "label": rma.rma_number or rma.asset.tag}]
        if rma.ticket is not None:
            sources.append({"kind": "ticket", "key": rma.ticket.number, "label": rma.ticket.number})
        lines.append(rules.Line("oow_replacement", Decimal(1), cost + fee, note, tuple(sources)))
    if not lines:
        lines.append(rules.Line("oow_replacement", Decimal(0), Decimal("0.00"), {"code": "none"}))
    return lines


def compute(year: int, month: int, contract) -> list[rules.Line]:
    """The computed lines of a month, in the S21 order (adjustments are kept apart)."""
    first, last = rules.month_bounds(year, month)
    prices = price_list_for(first)
    days = working_days(calendar_of(contract), first, last)
    return [
        staffing_lines("resident_engineer", prices, days, first, last),
        staffing_lines("desk_staff", prices, days, first, last),
        replacement_line(prices, first, last),
        *oow_lines(prices, first, last),
    ]
