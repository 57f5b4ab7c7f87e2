"""Demo notices: a planned maintenance shown now, a past outage, and two client notices
(one acknowledged, one waiting)."""

from datetime import timedelta

from app.extensions import utcnow
from app.notices import services


def seed_notices(people, **_context) -> None:
    now = utcnow()
    who = {p.email: p for p in people}
    manager = who["manager@vendor.example"]
    services.save_notice(
        None,
        services.NoticeInput(
            kind="maintenance",
            title="邮件系统周末维护 / Mail system maintenance this weekend",
            starts_at=now - timedelta(hours=2),
            ends_at=now + timedelta(days=3),
            body="维护期间 Outlook 可能无法收发邮件约 2 小时，请提前保存草稿。",
        ),
        actor=manager,
        now=now,
    )
    services.save_notice(
        None,
        services.NoticeInput(
            kind="outage",
            title="3F 无线网络中断 / Wi-Fi outage on 3F",
            starts_at=now - timedelta(days=20),
            ends_at=now - timedelta(days=19),
            body="3F 无线接入点故障，已更换。",
            locations="3F",
        ),
        actor=manager,
        now=now - timedelta(days=20),
    )
    lead = who["thomas.weber@client.example"]
    moved = services.record_client_notice(
        services.ClientNoticeInput(
            kind="move",
            effective_on=(now + timedelta(days=10)).date(),
            description="财务部 40 人将从 3F 搬到 5F 东区，需要迁移电脑、电话和打印机。",
        ),
        actor=lead,
        now=now - timedelta(days=6),
    )
    services.acknowledge(
        moved, "已开变更单安排搬迁，周末实施。", actor=manager, now=now - timedelta(days=5)
    )
    services.record_client_notice(
        services.ClientNoticeInput(
            kind="new_department",
            effective_on=(now + timedelta(days=30)).date(),
            description="下月新成立数字化部，首批 8 人，需要新电脑与系统账号。",
        ),
        actor=who["li.na@client.example"],
        now=now - timedelta(days=1),
    )
