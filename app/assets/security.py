"""S14 security status per CI: what is overdue, and security-service tickets for it."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from app.assets import security_checks
from app.assets.labels import FINDING_LABELS, _
from app.assets.models import Asset
from app.assets.queries import tickets_for
from app.audit.services import record
from app.extensions import db

WATCHED_STATUSES = ("in_use", "in_stock", "in_repair")


@dataclass(frozen=True)
class Overdue:
    asset: Asset
    findings: list[str]


def status_of(asset: Asset) -> security_checks.SecurityStatus:
    return security_checks.SecurityStatus(
        default_password_changed=asset.default_password_changed,
        password_rotated_on=asset.password_rotated_on,
        password_rotation_days=asset.password_rotation_days,
        antivirus_date=asset.antivirus_date,
        patches_missing=asset.patches_missing,
    )


def findings_of(asset: Asset, today: date, contract) -> list[str]:
    return security_checks.security_findings(
        status_of(asset),
        today,
        antivirus_max_age_days=contract.antivirus_max_age_days,
        rotation_days=contract.password_rotation_days,
    )


def overdue(today: date, contract, finding: str = "", limit: int = 500) -> list[Overdue]:
    """CIs with something overdue; SQL narrows the candidates, the pure rule decides."""
    shortest = min(
        contract.password_rotation_days,
        db.session.scalar(sa.select(sa.func.min(Asset.password_rotation_days)))
        or contract.password_rotation_days,
    )
    candidates = sa.or_(
        Asset.default_password_changed == "no",
        Asset.password_rotated_on < today - timedelta(days=shortest),
        Asset.antivirus_date < today - timedelta(days=contract.antivirus_max_age_days),
        Asset.patches_missing > 0,
    )
    query = (
        sa.select(Asset).where(Asset.status.in_(WATCHED_STATUSES), candidates).order_by(Asset.tag)
    )
    found = []
    for asset in db.session.scalars(query):
        codes = findings_of(asset, today, contract)
        if codes and (not finding or finding in codes):
            found.append(Overdue(asset, codes))
            if len(found) >= limit:
                break
    return found


def open_ticket_for(asset: Asset, finding: str):
    """An open ticket of this finding's catalog item that already lists the CI, if any."""
    from app.tickets.rules import OPEN_STATUSES

    code = security_checks.FINDING_CATALOG[finding]
    return next(
        (
            t
            for t in tickets_for(asset.tag)
            if t.catalog_item.code == code and t.status in OPEN_STATUSES
        ),
        None,
    )


def raise_ticket(asset: Asset, finding: str, *, actor, now: datetime, contract):
    """A security-service ticket (sec.*, S14) for one overdue finding; none twice."""
    from app.tickets.services import NewTicket, open_ticket

    existing = open_ticket_for(asset, finding)
    if existing is not None:
        return existing, False
    details = {
        "default_password": _(
            "The default password of %(tag)s has not been changed.", tag=asset.tag
        ),
        "rotation_due": _(
            "Password last rotated on %(day)s; rotate it.", day=asset.password_rotated_on
        ),
        "antivirus_old": _("Antivirus signatures dated %(day)s.", day=asset.antivirus_date),
        "patches_missing": _(
            "%(count)d patches missing (patch level %(level)s).",
            count=asset.patches_missing,
            level=asset.patch_level or "—",
        ),
    }
    ticket = open_ticket(
        NewTicket(
            title=f"{FINDING_LABELS[finding]}: {asset.tag}",
            catalog_code=security_checks.FINDING_CATALOG[finding],
            channel="web",
            requester=actor,
            urgency="medium" if finding == "antivirus_old" else "low",
            impact="low",
            description=details[finding],
            asset_tags=[asset.tag],
        ),
        actor=actor,
        now=now,
        contract=contract,
    )
    record(
        actor,
        "asset.security_ticket",
        asset,
        {"finding": finding, "ticket": ticket.number},
        now=now,
    )
    return ticket, True
