"""The contract's price list versions and staffing plan (S21), written by the manager."""

from datetime import date, datetime

import sqlalchemy as sa

from app.audit.services import record
from app.extensions import db
from app.settlements import rules
from app.settlements.models import PriceList, StaffAssignment, to_fen
from app.settlements.services import SettlementError

PRICES = ("resident_engineer", "desk_staff", "replacement")


def add_price_list(values: dict, *, actor, now: datetime) -> PriceList:
    """A new version valid from its date; the version before it ends the day before."""
    fields, amounts = {}, {}
    for name in (*PRICES, "handling_fee_value"):
        try:
            amounts[name] = rules.parse_amount(values.get(name) or "0", name, places=2)
        except rules.AmountError as error:
            fields[name] = error.code
    valid_from, valid_to = values.get("valid_from"), values.get("valid_to")
    if not isinstance(valid_from, date) or (valid_to and valid_to < valid_from):
        fields["valid_from"] = "date"
    kind = values.get("handling_fee_kind")
    if kind not in ("percent", "fixed"):
        fields["handling_fee_kind"] = "item"
    if fields:
        raise SettlementError("invalid", 422, fields)
    if db.session.scalar(sa.select(PriceList).where(PriceList.valid_from == valid_from)):
        raise SettlementError("invalid", 422, {"valid_from": "date"})
    row = PriceList(
        valid_from=valid_from,
        valid_to=valid_to,
        handling_fee_kind=kind,
        **{f"{name}_fen": to_fen(amounts[name]) for name in PRICES},
        handling_fee_value=to_fen(amounts["handling_fee_value"]),
    )
    db.session.add(row)
    db.session.flush()
    record(actor, "settlement.price_list", row, {"valid_from": valid_from.isoformat()}, now=now)
    return row


def add_assignment(values: dict, *, actor, now: datetime) -> StaffAssignment:
    name = (values.get("person_name") or "").strip()
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    fields = {}
    if not name or "\x00" in name:
        fields["person_name"] = "name"
    if values.get("position") not in rules.POSITIONS:
        fields["position"] = "item"
    if not isinstance(starts_on, date) or (ends_on and ends_on < starts_on):
        fields["starts_on"] = "date"
    if fields:
        raise SettlementError("invalid", 422, fields)
    row = StaffAssignment(
        position=values["position"], person_name=name, starts_on=starts_on, ends_on=ends_on
    )
    db.session.add(row)
    db.session.flush()
    record(
        actor, "settlement.staffing", row, {"name": name, "from": starts_on.isoformat()}, now=now
    )
    return row
