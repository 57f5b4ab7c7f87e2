"""Settlement records for tests: the price list, staffing, replacements and RMAs, made with
the real services where there are any, at dates the tests freeze the clock around."""

from datetime import UTC, date, datetime
from decimal import Decimal

import sqlalchemy as sa

from app.accounts.services import user_by_email
from app.assets.models import Asset, AssetType, Rma
from app.contracts.services import get_contract
from app.extensions import db
from app.installations.models import Installation
from app.settlements import plan
from tests.conftest import ROLE_EMAILS
from tests.factories import open_ticket

# 4 November 2026, 10:00 in Shanghai: October's sheet is due (X=3, Y=5, Z=10)
NOVEMBER_4 = datetime(2026, 11, 4, 2, 0, tzinfo=UTC)


def prices(valid_from=date(2026, 1, 1), fee_kind="percent", fee="10.00", **amounts):
    values = {
        "valid_from": valid_from,
        "valid_to": None,
        "resident_engineer": "20000.00",
        "desk_staff": "12000.00",
        "replacement": "150.00",
        "handling_fee_kind": fee_kind,
        "handling_fee_value": fee,
        **amounts,
    }
    return plan.add_price_list(values, actor=None, now=NOVEMBER_4)


def staff(name, position="resident_engineer", starts_on=date(2026, 1, 1), ends_on=None):
    values = {
        "position": position,
        "person_name": name,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    return plan.add_assignment(values, actor=None, now=NOVEMBER_4)


def name_lead(role: str = "approver") -> None:
    contract = get_contract()
    contract.client_project_lead_id = user_by_email(ROLE_EMAILS[role]).id
    contract.vendor_project_manager_id = user_by_email(ROLE_EMAILS["manager"]).id


def replacement(installed_at: datetime, status: str = "signed_off") -> str:
    ticket = open_ticket(code="install.replace", title="Replace the laptop", commit=False)
    db.session.flush()
    found = db.session.scalar(sa.select(Installation).where(Installation.ticket_id == ticket.id))
    found.status, found.installed_at = status, installed_at
    db.session.flush()
    return ticket.number


def rma(cost: str, returned_on: date, tag="LT-0101", paid_by_client=True, number="RMA-778"):
    kind = db.session.scalar(sa.select(AssetType).where(AssetType.code == "laptop"))
    asset = db.session.scalar(sa.select(Asset).where(Asset.tag == tag))
    if asset is None:
        asset = Asset(tag=tag, type_id=kind.id, model="ThinkPad T14", serial="PF3ABC01")
        db.session.add(asset)
        db.session.flush()
    row = Rma(
        asset_id=asset.id,
        vendor="Lenovo",
        rma_number=number,
        sent_on=returned_on,
        returned_on=returned_on,
        cost=Decimal(cost),
        in_warranty=False,
        paid_by_client=paid_by_client,
    )
    db.session.add(row)
    db.session.flush()
    return row
