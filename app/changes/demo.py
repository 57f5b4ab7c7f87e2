"""Demo data: approvers, standard templates, changes of every kind and state."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.changes import approvers, cmdb, services
from app.changes.models import ChangeTemplate
from app.contracts.services import get_contract
from app.extensions import db, utcnow

SHANGHAI = ZoneInfo("Asia/Shanghai")

TEMPLATES = [
    # name_zh, name_en, category, implementation, backout
    (
        "打印机默认双面设置",
        "Printer default duplex setting",
        "printer",
        "在打印服务器上把队列默认改为双面。",
        "把队列默认改回单面。",
    ),
    (
        "用户邮箱容量调整",
        "User mailbox quota change",
        "user_settings",
        "在邮件系统中调整用户配额。",
        "恢复原配额。",
    ),
    (
        "周末例行系统维护",
        "Weekend routine maintenance",
        "maintenance",
        "按维护清单执行。",
        "按清单回退每一步。",
    ),
]


def at_local(day: datetime, hour: int, minute: int = 0) -> datetime:
    """A Shanghai wall-clock time on `day`'s date, as UTC."""
    local = datetime.combine(day.astimezone(SHANGHAI).date(), time(hour, minute), SHANGHAI)
    return local.astimezone(UTC)


def tags_of_type(code: str, count: int) -> list[str]:
    if not cmdb.available():
        return []
    from app.assets.models import Asset, AssetType

    query = (
        sa.select(Asset.tag)
        .join(AssetType)
        .where(AssetType.code == code, Asset.status == "in_use")
        .order_by(Asset.id)
        .limit(count)
    )
    return list(db.session.scalars(query))


def seed_changes(people, departments, rng, **_context) -> None:
    by_email = {p.email.split("@")[0]: p for p in people}
    manager, agent = by_email["manager"], by_email["agent1"]
    it_manager, finance = by_email["li.na"], by_email["thomas.weber"]
    now = utcnow()
    contract = get_contract()
    approvers.add_approver(it_manager, None, actor=manager, now=now)
    approvers.add_approver(finance, departments["FIN"], actor=manager, now=now)
    templates = []
    for zh, en, category, plan, backout in TEMPLATES:
        template = ChangeTemplate(
            name_zh=zh,
            name_en=en,
            category=category,
            implementation_plan=plan,
            backout_plan=backout,
            approved_by_id=manager.id,
            created_at=now,
        )
        db.session.add(template)
        templates.append(template)
    db.session.flush()
    printers = tags_of_type("network_printer", 3) or []
    servers = tags_of_type("network_device", 1) or []
    saturday = now + timedelta(days=(5 - now.astimezone(SHANGHAI).weekday()) % 7 or 7)

    def change(when, *actions, decider=it_manager, note="", **values):
        values.setdefault("planned_start", at_local(saturday, 22))
        values.setdefault("planned_end", at_local(saturday + timedelta(days=1), 1))
        values.setdefault("kind", "normal")
        values.setdefault("category", "maintenance")
        values.setdefault("backout_plan", "恢复变更前的配置备份。")
        record = services.create_change(
            services.ChangeData(**values), actor=agent, now=when, contract=contract
        )
        for index, action in enumerate(actions):
            moment = when + timedelta(hours=index + 1)
            if action in ("approve", "reject"):
                services.decide(record, decider, action, now=moment, comment=note, via="portal")
            else:
                services.act(record, action, actor=agent, now=moment, contract=contract, note=note)
        return record

    # Scenario 7: the print-server driver update, waiting for the client's IT manager
    change(
        now - timedelta(hours=3),
        "submit",
        title="周六晚更新打印服务器驱动 / Print-server driver update",
        category="printer",
        description="将打印服务器上的 HP Universal 驱动从 7.0 升级到 7.2。",
        reason="修复双面打印卡纸问题（多张工单）。",
        risk_likelihood="medium",
        risk_impact="medium",
        implementation_plan="22:00 停止打印队列；安装驱动；逐台测试打印。",
        backout_plan="用备份的驱动包回装 7.0 并恢复队列设置。",
        test_plan="每层打印一页测试页。",
        asset_tags=printers[:2],
    )
    change(
        now - timedelta(days=1),
        "submit",
        "approve",
        "schedule",
        title="打印机固件升级 / Printer firmware upgrade",
        category="printer",
        risk_likelihood="low",
        risk_impact="medium",
        asset_tags=printers[:1],
        planned_start=at_local(saturday, 23),
        planned_end=at_local(saturday + timedelta(days=1), 0, 30),
    )
    change(
        now - timedelta(days=2),
        "submit",
        "approve",
        "schedule",
        decider=finance,
        note="同意，请在月结后执行。",
        title="财务部共享盘特殊备份 / Finance share special backup",
        category="backup",
        department_id=departments["FIN"].id,
        risk_likelihood="low",
        risk_impact="high",
        planned_start=at_local(now + timedelta(days=2), 19),
        planned_end=at_local(now + timedelta(days=2), 21),
    )
    change(
        now - timedelta(days=4),
        "submit",
        "approve",
        "schedule",
        "start",
        title="网络交换机配置维护 / Switch configuration maintenance",
        risk_likelihood="medium",
        risk_impact="high",
        asset_tags=servers,
        planned_start=now - timedelta(hours=1),
        planned_end=now + timedelta(hours=2),
    )
    change(
        now - timedelta(days=6),
        "submit",
        "reject",
        decider=finance,
        note="月底结账期间不允许变更财务系统插件。",
        title="升级财务部 Office 插件 / Office add-in upgrade for Finance",
        category="other",
        department_id=departments["FIN"].id,
    )
    change(
        now - timedelta(days=12),
        "submit",
        "approve",
        "schedule",
        "start",
        "fail",
        "back_out",
        "close",
        note="新驱动与旧型号不兼容，已回退。",
        title="扫描仪驱动统一 / Scanner driver consolidation",
        category="user_settings",
        planned_start=now - timedelta(days=10),
        planned_end=now - timedelta(days=10) + timedelta(hours=2),
    )
    if len(printers) > 2:  # S13: completing the change moved the printer in the register
        change(
            now - timedelta(days=3),
            "submit",
            "approve",
            "schedule",
            "start",
            "complete",
            "close",
            title="行政部打印机搬迁 / Move the Administration printer",
            category="printer",
            risk_likelihood="low",
            risk_impact="low",
            asset_tags=printers[2:3],
            asset_updates={printers[2]: {"location": "A座 2F 打印间"}},
            planned_start=now - timedelta(days=2),
            planned_end=now - timedelta(days=2) + timedelta(hours=1),
        )
    # S15 emergency: ran first; one approved after the fact, one still waiting (overdue)
    change(
        now - timedelta(days=8),
        "submit",
        "start",
        "complete",
        "approve",
        "close",
        note="紧急情况下先行处理，事后批准。",
        kind="emergency",
        category="security",
        title="紧急封堵勒索病毒端口 / Emergency: block ransomware port",
        risk_likelihood="high",
        risk_impact="high",
        planned_start=now - timedelta(days=8),
        planned_end=now - timedelta(days=8) + timedelta(hours=1),
    )
    change(
        now - timedelta(hours=contract.emergency_approval_hours + 6),
        "submit",
        "start",
        "complete",
        kind="emergency",
        category="security",
        title="紧急安装浏览器安全补丁 / Emergency browser security patch",
        risk_likelihood="medium",
        risk_impact="high",
        planned_start=now - timedelta(hours=contract.emergency_approval_hours + 5),
        planned_end=now - timedelta(hours=contract.emergency_approval_hours + 4),
    )
    # S15 routine: a standard change from a pre-approved template
    change(
        now - timedelta(days=5),
        "submit",
        "schedule",
        "start",
        "complete",
        "close",
        kind="standard",
        template_id=templates[0].id,
        title="行政部打印机默认双面 / Admin printers default to duplex",
        category="printer",
        backout_plan="",
        planned_start=now - timedelta(days=4),
        planned_end=now - timedelta(days=4) + timedelta(hours=1),
    )
    # changes by the client or a third party are tracked, not approved
    change(
        now - timedelta(days=1),
        "submit",
        "schedule",
        initiator="third_party",
        title="运营商调整专线路由 / Carrier changes the leased-line routing",
        category="other",
        planned_start=at_local(now + timedelta(days=3), 2),
        planned_end=at_local(now + timedelta(days=3), 4),
    )
    change(
        now - timedelta(hours=1),
        title="新员工默认桌面设置 / Default desktop settings for new hires",
        kind="normal",
        category="user_settings",
        planned_start=None,
        planned_end=None,
    )
