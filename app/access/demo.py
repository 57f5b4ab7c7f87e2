"""Demo data (S14): the engineers' access to client systems and special machines, authorised
by the client's IT manager — one expired, one expiring soon — and department security needs."""

from datetime import timedelta

import sqlalchemy as sa

from app.access import services
from app.access.models import AccessGrant
from app.accounts.roles import ENGINEER
from app.assets.models import Asset
from app.contracts.services import get_contract
from app.documents.rules import local_day
from app.extensions import db, utcnow

# days from today until the grant ends, kind, asset type, note
GRANTS = [
    (180, "logical", "operating_system", "域控管理员账号（只读）"),
    (90, "physical", "network_device", "机房网络设备直接操作"),
    (10, "logical", "application", "财务系统远程维护"),
    (-5, "physical", "desktop", "总经理办公室电脑（已过期）"),
    (365, "logical", "network_printer", "打印机管理后台"),
]
MEASURES = {
    "FIN": ["财务系统访问须双人授权", "财务部电脑禁用 USB 存储"],
    "EXE": ["高管电脑每月检查补丁", "高管邮箱启用多因素认证"],
    "ADM": ["访客 Wi-Fi 与办公网隔离"],
}


def seed_access(people, departments, **_context) -> None:
    now = utcnow()
    today = local_day(now)
    contract = get_contract()
    manager, authoriser = contract.vendor_project_manager, contract.client_it_contact
    engineers = [p for p in people if p.role == ENGINEER]
    for n, (days, kind, type_code, note) in enumerate(GRANTS):
        asset = db.session.scalar(
            sa.select(Asset).where(Asset.type.has(code=type_code)).order_by(Asset.id).limit(1)
        )
        if asset is None:
            continue
        person = engineers[n % len(engineers)]
        until = today + timedelta(days=days)
        if days >= 0:
            services.grant(
                person, asset, kind, authoriser, until, note,
                actor=manager, now=now - timedelta(days=60), today=today - timedelta(days=60),
            )  # fmt: skip
        else:  # given long ago, never renewed
            db.session.add(
                AccessGrant(
                    person=person, asset=asset, kind=kind, authorised_by=authoriser,
                    until=until, note=note, granted_at=now - timedelta(days=200),
                )
            )  # fmt: skip
    for code, measures in MEASURES.items():
        department = departments.get(code)
        if department is None:
            continue
        for n, measure in enumerate(measures):
            services.add_measure(
                department, measure, authoriser, today + timedelta(days=60 + 30 * n),
                actor=manager, now=now,
            )  # fmt: skip
    db.session.flush()
