"""Demo data for the service desk: the catalog and three months of tickets in every state."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.accounts.roles import AGENT, APPROVER, EMPLOYEE, ENGINEER
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.mail.models import OutboxMessage
from app.tickets import actions, services
from app.tickets.catalog import ITEMS
from app.tickets.models import CatalogItem

TITLES = {
    "hw.desktop": ["电脑无法开机", "主机风扇噪音很大", "PC keeps rebooting"],
    "hw.laptop": ["笔记本屏幕闪烁", "Laptop battery drains fast", "键盘部分按键失灵"],
    "hw.printer": ["打印机卡纸", "Printer shows offline", "打印出来有条纹"],
    "hw.other": ["扫描仪无法识别", "Docking station not detected", "显示器没有信号"],
    "sys.windows": ["Windows 更新后蓝屏", "开机很慢", "Outlook crashes on start"],
    "sys.virus": ["杀毒软件报警", "Suspicious pop-ups in browser"],
    "sys.network": ["无法连接 Wi-Fi", "VPN 连接失败", "Network drive not reachable"],
    "sw.client": ["ERP 客户端报错", "Excel 插件无法加载", "SAP GUI login error"],
    "coord.hw_vendor": ["联系戴尔保修", "HP warranty repair"],
    "coord.third_party": ["协调门禁系统厂商"],
    "coord.transport": ["新电脑运输安排"],
    "onsite.engineer": ["会议室投影需要现场支持", "Board room video call set-up"],
    "onsite.manufacturer": ["厂商上门更换主板"],
    "sec.windows_upgrade": ["升级到 Windows 11"],
    "sec.antivirus": ["病毒库更新失败"],
    "sec.patch": ["安装客户端补丁"],
    "sec.password": ["打印机管理密码到期轮换"],
    "install.new": ["新员工电脑安装", "New hire laptop set"],
    "install.replace": ["更换旧显示器", "Replace broken printer"],
    "asset.inventory": ["部门设备清点"],
}
WEIGHTS = {
    "hw": 30,
    "sys": 30,
    "sw": 15,
    "coord": 4,
    "onsite": 6,
    "sec": 8,
    "install": 5,
    "asset": 2,
}
SHANGHAI_OFFSET = timedelta(hours=8)


def ensure_catalog() -> None:
    """The SPEC S1 catalog; existing items keep their edited names."""
    existing = set(db.session.scalars(sa.select(CatalogItem.code)))
    for position, (code, zh, en, urgency, kind) in enumerate(ITEMS):
        if code not in existing:
            db.session.add(
                CatalogItem(
                    code=code,
                    group=code.split(".")[0],
                    name_zh=zh,
                    name_en=en,
                    default_urgency=urgency,
                    ticket_type=kind,
                    position=position,
                )
            )
    db.session.flush()


def office_instant(rng, day: datetime) -> datetime:
    """A moment between 09:00 and 17:30 Shanghai time on `day` (UTC midnight of that date)."""
    minutes = rng.randrange(0, 8 * 60 + 30)
    return day + timedelta(hours=9, minutes=minutes) - SHANGHAI_OFFSET


def working_days(start: datetime, end: datetime):
    day = start
    while day < end:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


def play(ticket, rng, start, staff, contract, *, finish: bool):
    """Walk one ticket along a realistic path; `finish` closes it, else it stops midway."""
    agent, engineers = rng.choice(staff[AGENT]), staff[ENGINEER]
    at = start + timedelta(minutes=rng.choice([1, 2, 3, 4, 6, 8]))

    def step(action, minutes, actor, *args, **kwargs):
        nonlocal at
        action(ticket, *args, actor=actor, now=at, contract=contract, **kwargs)
        at += timedelta(minutes=minutes)

    path_onsite = ticket.catalog_item.group in ("hw", "onsite", "install") or rng.random() < 0.3
    stop = (
        None
        if finish
        else rng.choice(
            ["new", "accepted", "remote", "dispatched", "onsite", "pending_customer", "resolved"]
        )
    )
    if stop == "new":
        return
    step(actions.accept, rng.choice([1, 2, 3]), agent)
    if stop == "accepted":
        return
    step(actions.start_remote, rng.choice([3, 4, 6, 8, 12]), agent)
    if stop == "remote":
        return
    if path_onsite:
        engineer = rng.choice(engineers)
        step(actions.dispatch, rng.choice([5, 7, 8, 9, 12]), agent, engineer, note="请尽快到现场")
        if stop == "dispatched":
            return
        step(actions.arrive, rng.choice([10, 20, 30, 45]), engineer)
        if stop == "onsite":
            return
        if rng.random() < 0.2:
            services.record_fixed_in_passing(ticket, "顺手更换了显示器线缆", actor=engineer, now=at)
        resolver = engineer
    else:
        resolver = agent
    if stop == "pending_customer" or rng.random() < 0.1:
        step(
            actions.pend, rng.choice([60, 240, 600]), resolver, "customer", note="等待用户确认时间"
        )
        if stop == "pending_customer":
            return
        step(actions.resume, 5, resolver)
    step(actions.resolve, rng.choice([5, 30, 120]), resolver, note="问题已解决")
    if stop == "resolved":
        return
    if rng.random() < 0.07:
        step(actions.reopen, 30, ticket.requester, "问题又出现了")
        step(actions.resolve, 60, resolver, note="更换了驱动程序")
    step(actions.confirm, 0, ticket.requester)


def seed_tickets(people, rng, **_context) -> None:
    """Three months of tickets up to today, most closed, the recent ones in every state."""
    ensure_catalog()
    contract = get_contract()
    staff = {role: [p for p in people if p.role == role] for role in (AGENT, ENGINEER)}
    employees = [p for p in people if p.role in (EMPLOYEE, APPROVER)]
    codes = [code for code, *_ in ITEMS]
    weights = [
        WEIGHTS[code.split(".")[0]] / sum(1 for c in codes if c[:3] == code[:3]) for code in codes
    ]
    today = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    first = (today - timedelta(days=92)).replace(day=1)
    for day in working_days(first, today + timedelta(days=1)):
        for _ in range(rng.randint(4, 9)):
            start = office_instant(rng, day)
            if start > utcnow() - timedelta(minutes=30):
                continue
            code = rng.choices(codes, weights)[0]
            requester = rng.choice(employees)
            channel = rng.choices(["web", "email", "phone", "walk_in"], [45, 25, 27, 3])[0]
            urgency = rng.choices(["high", "medium", "low"], [15, 50, 35])[0]
            impact = rng.choices(["high", "medium", "low"], [5, 25, 70])[0]
            ticket = services.open_ticket(
                services.NewTicket(
                    title=rng.choice(TITLES[code]),
                    catalog_code=code,
                    channel=channel,
                    requester=requester,
                    urgency=urgency,
                    impact=impact,
                    description="演示数据 · demo data",
                    rings=rng.choice([1, 2, 2, 3, 3, 4, 6]) if channel == "phone" else None,
                    call_started_at=start if channel == "phone" else None,
                ),
                actor=requester,
                now=start,
                contract=contract,
            )
            recent = (utcnow() - start) < timedelta(days=6)
            play(ticket, rng, start, staff, contract, finish=not recent or rng.random() < 0.3)
    for minutes_ago in (95, 50, 22, 7):  # fresh reports nobody has taken yet
        requester = rng.choice(employees)
        code = rng.choice(["sys.network", "hw.printer", "sw.client", "hw.laptop"])
        services.open_ticket(
            services.NewTicket(
                title=rng.choice(TITLES[code]),
                catalog_code=code,
                channel=rng.choice(["email", "web"]),
                requester=requester,
                urgency="medium",
                impact="low",
            ),
            actor=requester,
            now=utcnow() - timedelta(minutes=minutes_ago),
            contract=contract,
        )
    # mail about the past is history, not something to send now
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.status == "pending")
        .values(status="sent", sent_at=datetime.now(UTC))
    )
    db.session.flush()
