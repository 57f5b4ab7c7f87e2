"""Demo data: installation requests of new hires at every step, and a replaced laptop."""

from datetime import datetime, timedelta

import sqlalchemy as sa

from app.accounts.roles import EMPLOYEE
from app.changes import cmdb
from app.changes.demo import at_local
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.installations import workflow
from app.installations.rules import Item
from app.tickets import services as tickets


def seed_installations(people, **_context) -> None:
    """Scenario 8: five new hires get laptop sets; most wait for their signature."""
    by_email = {p.email.split("@")[0]: p for p in people}
    now = utcnow()
    contract = get_contract()
    engineer, approver = by_email["engineer1"], by_email["li.na"]
    agent = by_email["agent1"]
    hires = [p for p in people if p.role == EMPLOYEE and not p.vip][-5:]
    for n, hire in enumerate(hires):
        opened = now - timedelta(days=3, hours=n)
        ticket = tickets.open_ticket(
            tickets.NewTicket(
                title=f"新员工笔记本电脑套装 / New-hire laptop set: {hire.name}",
                catalog_code="install.new",
                channel="web",
                requester=hire,
                urgency="low",
                impact="low",
            ),
            actor=hire,
            now=opened,
            contract=contract,
        )
        item = workflow.record_of(ticket)
        if n == 4:
            continue  # still waiting for approval
        workflow.approve(item, approver, now=opened + timedelta(hours=1))
        if n == 3:  # planned for tomorrow morning
            tomorrow = at_local(now + timedelta(days=1), 10)
            workflow.schedule(item, tomorrow, engineer, actor=agent, now=opened)
            continue
        suffix = f"N{now:%y}{n + 1:02d}"
        workflow.install(
            item,
            [
                Item(f"LT-{suffix}", "laptop", "ThinkPad T14 Gen 5", f"PF5{n:02d}X7Q"),
                Item(f"DK-{suffix}", "dock", "ThinkPad USB-C Dock", f"DK8{n:02d}42"),
                Item(f"MN-{suffix}", "monitor", "Dell P2423", f"CN0P{n:02d}77"),
            ],
            actor=engineer,
            now=opened + timedelta(days=1),
        )
        if n == 0:
            workflow.confirm_by_mail(
                item, ip="10.20.5.31", now=opened + timedelta(days=1, hours=2), contract=contract
            )
    seed_replacement(by_email, now)


def seed_replacement(by_email, now: datetime) -> None:
    """A worn-out laptop replaced; its user has not signed yet, the old one is retired."""
    if not cmdb.available():
        return
    from app.assets.models import Asset, AssetType

    old = db.session.scalar(
        sa.select(Asset)
        .join(AssetType)
        .where(AssetType.code == "laptop", Asset.status == "in_use", Asset.owner_id.is_not(None))
        .order_by(Asset.id)
        .limit(1)
    )
    if old is None:
        return
    contract = get_contract()
    opened = now - timedelta(days=1)
    ticket = tickets.open_ticket(
        tickets.NewTicket(
            title=f"更换旧笔记本电脑 / Replace worn-out laptop {old.tag}",
            catalog_code="install.replace",
            channel="web",
            requester=old.owner,
            urgency="medium",
            impact="low",
            asset_tags=[old.tag],
        ),
        actor=old.owner,
        now=opened,
        contract=contract,
    )
    item = workflow.record_of(ticket)
    workflow.approve(item, by_email["li.na"], now=opened + timedelta(hours=1))
    workflow.install(
        item,
        [Item(f"LT-R{now:%y}01", "laptop", "ThinkPad T14 Gen 5", "PF5R01X7Q")],
        replaced_tag=old.tag,
        replaced_outcome="retired",
        actor=by_email["engineer2"],
        now=opened + timedelta(hours=5),
    )
