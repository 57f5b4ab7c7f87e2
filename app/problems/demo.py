"""Demo data for problem management: this month's repeated stripes on one printer model (a
recurrence candidate, story 9), and two problems resolved with their full root-cause analysis
and the change that carried each fix."""

from datetime import timedelta

import sqlalchemy as sa

from app.accounts.roles import AGENT, EMPLOYEE, ENGINEER
from app.assets.models import Asset
from app.changes import services as changes
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.mail.models import OutboxMessage
from app.problems import detection, services
from app.tickets import actions
from app.tickets import demo as tickets_demo
from app.tickets import services as tickets
from app.tickets.models import Ticket

STRIPES_MODEL = "HP LaserJet Enterprise M507"
# The demo desk takes about five incidents a day over eight incident items, so every item
# "repeats" three times a month; the demo client counts an item only when it runs far above
# its usual volume, and keeps the contract's default for assets and models.
DEMO_ITEM_INCIDENTS = 40

RESOLVED = [
    {
        "title": "VPN 连接频繁失败 / VPN connections keep failing",
        "item": "sys.network",
        "ticket_title": "VPN 连接失败",
        "days_ago": 75,
        "description": "多名员工在家办公时 VPN 连接失败，重连后数分钟又断开。",
        "what_happened": "VPN 网关的客户端证书模板到期后未续签，客户端握手失败后反复重试。",
        "whys": [
            "为什么 VPN 连接失败？客户端证书校验失败。",
            "为什么证书校验失败？网关使用的证书模板已过期。",
            "为什么模板过期没人发现？证书到期没有提醒。",
            "为什么没有提醒？证书不在资产台账中，没有到期日。",
            "为什么不在台账中？网关上线时只登记了硬件，未登记证书。",
        ],
        "fix": "续签证书模板，推送新的 VPN 客户端配置（变更单），并把证书登记进资产台账。",
        "workaround": "临时改用网页版 VPN 入口登录。",
        "prevention": "证书作为资产登记并设保修/到期提醒；每月服务报告列出 60 天内到期的证书。",
        "parties": [("李娜（客户 IT 经理）", "client"), ("黄建华（服务商项目经理）", "vendor")],
        "change": "推送新的 VPN 客户端配置 / Push the new VPN client profile",
    },
    {
        "title": "Outlook 启动即崩溃 / Outlook crashes on start",
        "item": "sys.windows",
        "ticket_title": "Outlook crashes on start",
        "days_ago": 50,
        "description": "Office 月度更新后，部分电脑上的 Outlook 一启动就崩溃。",
        "what_happened": "Office 更新后旧版会议室预订插件与新版 Outlook 不兼容，加载时崩溃。",
        "whys": [
            "为什么 Outlook 崩溃？加载会议室预订插件时出错。",
            "为什么插件出错？插件版本太旧，不支持新版 Outlook。",
            "为什么插件没有更新？插件由第三方厂商维护，不在补丁流程中。",
            "为什么不在补丁流程中？插件清单里没有登记它。",
        ],
        "fix": "通过组策略停用旧插件，由厂商提供新版本后统一安装。",
        "workaround": "以安全模式启动 Outlook（outlook.exe /safe）后禁用该插件。",
        "prevention": "插件登记进软件清单；Office 更新先在试点组发布一周再全面推送。",
        "parties": [("Thomas Weber（财务部）", "client"), ("会议室系统厂商", "third_party")],
        "change": "停用旧版会议室预订插件 / Disable the old room-booking add-in",
    },
]


def seed_problems(people, rng, **_context) -> None:
    """Story 9's stripes (left for the manager to open), and two problems worked to the end."""
    contract = get_contract()
    contract.recurrence_item_incidents = DEMO_ITEM_INCIDENTS
    staff = {role: [p for p in people if p.role == role] for role in (AGENT, ENGINEER)}
    seed_stripes(people, rng, staff, contract)
    for story in RESOLVED:
        seed_resolved(story, people, rng, staff, contract)
    # mail about the past is history, not something to send now
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.status == "pending")
        .values(status="sent", sent_at=utcnow())
    )
    detection.refresh(utcnow(), contract)
    db.session.flush()


def seed_stripes(people, rng, staff, contract) -> None:
    """Three stripes tickets this month on two printers of one model: a model candidate."""
    printers = list(
        db.session.scalars(
            sa.select(Asset).where(Asset.model == STRIPES_MODEL).order_by(Asset.tag).limit(2)
        )
    )
    if not printers:
        return
    now = utcnow()
    for days_ago, printer, finish in (
        (19, printers[0], True),
        (8, printers[-1], True),
        (1, printers[0], False),
    ):
        near = [
            p for p in people if p.role == EMPLOYEE and p.department_id == printer.department_id
        ]
        requester = rng.choice(near or [p for p in people if p.role == EMPLOYEE])
        start = tickets_demo.office_instant(
            rng, (now - timedelta(days=days_ago)).replace(hour=0, minute=0, second=0, microsecond=0)
        )
        ticket = tickets.open_ticket(
            tickets.NewTicket(
                title="打印出来有条纹",
                catalog_code="hw.printer",
                channel="web",
                requester=requester,
                urgency="medium",
                impact="medium",
                description=f"{printer.location} 的打印机打印出来每页都有竖条纹。",
                asset_tags=[printer.tag],
            ),
            actor=requester,
            now=start,
            contract=contract,
        )
        if finish:
            tickets_demo.play(ticket, rng, start, staff, contract, finish=True)
        else:  # the third one: the engineer is at the printer now
            agent, engineer = rng.choice(staff[AGENT]), rng.choice(staff[ENGINEER])
            at = start + timedelta(minutes=1)
            actions.accept(ticket, actor=agent, now=at, contract=contract)
            actions.start_remote(
                ticket, actor=agent, now=at + timedelta(minutes=1), contract=contract
            )
            actions.dispatch(
                ticket, engineer, actor=agent, now=at + timedelta(minutes=4), contract=contract
            )
            actions.arrive(
                ticket, actor=engineer, now=at + timedelta(minutes=13), contract=contract
            )


def story_incidents(story: dict, start, people, rng, staff, contract) -> list[str]:
    """The demo's tickets of this kind before the problem was opened, topped up to four."""
    found = list(
        db.session.scalars(
            sa.select(Ticket.number)
            .where(
                Ticket.title == story["ticket_title"],
                Ticket.type == "incident",
                Ticket.created_at >= start - timedelta(days=30),
                Ticket.created_at < start,
            )
            .order_by(Ticket.created_at)
            .limit(6)
        )
    )
    employees = [p for p in people if p.role == EMPLOYEE]
    for days_before in (9, 6, 4, 2)[len(found) :]:
        requester = rng.choice(employees)
        day = (start - timedelta(days=days_before)).replace(hour=0, minute=0, second=0)
        opened = tickets_demo.office_instant(rng, day.replace(microsecond=0))
        ticket = tickets.open_ticket(
            tickets.NewTicket(
                title=story["ticket_title"],
                catalog_code=story["item"],
                channel="phone",
                requester=requester,
                urgency="medium",
                impact="low",
                description=story["description"],
            ),
            actor=requester,
            now=opened,
            contract=contract,
        )
        tickets_demo.play(ticket, rng, opened, staff, contract, finish=True)
        found.append(ticket.number)
    return found


def seed_resolved(story: dict, people, rng, staff, contract) -> None:
    by_email = {p.email.split("@")[0]: p for p in people}
    manager, agent, approver = by_email["manager"], by_email["agent1"], by_email["li.na"]
    day = (utcnow() - timedelta(days=story["days_ago"])).replace(hour=0, minute=0, second=0)
    start = tickets_demo.office_instant(rng, day.replace(microsecond=0))
    incidents = story_incidents(story, start, people, rng, staff, contract)
    problem = services.open_problem(
        services.NewProblem(
            title=story["title"],
            description=story["description"],
            severity="major",
            owner=manager,
            catalog_codes=[story["item"]],
            incident_numbers=incidents,
        ),
        actor=manager,
        now=start,
        contract=contract,
    )
    at = start + timedelta(hours=2)
    services.act(problem, "investigate", actor=manager, now=at)
    services.save_analysis(
        problem,
        {name: story[name] for name in ("what_happened", "fix", "workaround", "prevention")},
        story["whys"],
        actor=manager,
        now=at + timedelta(days=1),
    )
    services.act(problem, "root_cause_known", actor=manager, now=at + timedelta(days=1, hours=1))
    for hours, (name, side) in enumerate(story["parties"], start=2):
        services.add_party(
            problem, name, side, actor=manager, now=at + timedelta(days=2, hours=hours)
        )
    services.act(problem, "plan_fix", actor=manager, now=at + timedelta(days=2, hours=6))
    window = at + timedelta(days=5)
    change = changes.create_change(
        changes.ChangeData(
            title=story["change"],
            kind="normal",
            category="user_settings",
            description=story["fix"],
            reason=f"{problem.number}: {story['what_happened']}",
            risk_likelihood="low",
            risk_impact="medium",
            backout_plan="恢复原配置。",
            planned_start=window,
            planned_end=window + timedelta(hours=2),
            problem_numbers=[problem.number],
        ),
        actor=agent,
        now=at + timedelta(days=3),
        contract=contract,
    )
    steps = [
        ("submit", at + timedelta(days=3, hours=1)),
        ("approve", at + timedelta(days=3, hours=4)),
    ]
    steps += [("schedule", at + timedelta(days=3, hours=5)), ("start", window)]
    steps += [("complete", window + timedelta(hours=1)), ("close", window + timedelta(days=2))]
    for action, moment in steps:
        if action == "approve":
            changes.decide(change, approver, "approve", now=moment, comment="同意。")
        else:
            changes.act(change, action, actor=agent, now=moment, contract=contract)
    services.act(
        problem,
        "resolve",
        actor=manager,
        now=window + timedelta(days=3),
        note="变更已完成，观察两周内没有新的同类工单。",
    )
