"""Home-page panels of the register: my devices, and the register's state for the vendor."""

from datetime import timedelta

import sqlalchemy as sa

from app.accounts.roles import CLIENT, STAFF
from app.assets import rules
from app.assets.models import Asset, AuditCampaign, Rma
from app.assets.routes import today
from app.contracts.services import get_contract
from app.extensions import db
from app.web import dashboards


def my_devices(user) -> dict:
    query = (
        sa.select(Asset)
        .where(Asset.owner_id == user.id, Asset.status.in_(rules.ACTIVE_STATUSES))
        .order_by(Asset.tag)
        .limit(10)
    )
    return {"assets": db.session.scalars(query).all()}


def register_state(user) -> dict:
    contract, day = get_contract(), today()
    in_use = Asset.status.in_(("in_use", "in_stock", "in_repair"))
    count = lambda *where: db.session.scalar(sa.select(sa.func.count(Asset.id)).where(*where))  # noqa: E731
    soon = day + timedelta(days=contract.warranty_warning_days)
    return {
        "expiring": count(in_use, Asset.warranty_end >= day, Asset.warranty_end <= soon),
        "antivirus": count(
            in_use, Asset.antivirus_date < day - timedelta(days=contract.antivirus_max_age_days)
        ),
        "default_passwords": count(in_use, Asset.default_password_changed == "no"),
        "open_rmas": db.session.scalar(
            sa.select(sa.func.count(Rma.id)).where(Rma.returned_on.is_(None))
        ),
        "audits": db.session.scalars(
            sa.select(AuditCampaign).where(AuditCampaign.status == "open").limit(5)
        ).all(),
    }


def register() -> None:
    dashboards.register("assets/panels/my_devices.html", CLIENT, my_devices, 20)
    dashboards.register("assets/panels/register.html", STAFF, register_state, 30)
