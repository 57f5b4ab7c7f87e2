"""Demo meetings: six months of monthly service reviews with Chinese minutes, decisions and
action items (some overdue, some done), one quarterly business review, and the schedule."""

from datetime import datetime, time, timedelta

from app.extensions import db, utcnow
from app.meetings import rules, services
from app.meetings.queries import local_today
from app.meetings.shelf import report_shelf
from app.web.i18n import SHANGHAI

EXTERNAL = ["Frank Schulz（客户财务总监）"]
TOPICS = [
    ("上月工单量 412 张，SLA 达成率 97.8%。", "打印机故障占比最高，需专项分析。"),
    ("财务月结期间 VPN 连接问题集中出现。", "同意在月结前一周检查 VPN 网关证书。"),
    ("满意度调查回复率 38%，满意度 92%。", "新员工入职设备准备时间需缩短到 2 个工作日。"),
    ("会议室投影设备故障 6 次。", "会议室设备纳入每周巡检。"),
    ("Windows 11 升级完成 60%。", "剩余电脑在下月分两批完成升级。"),
    ("重大事件 1 起：邮件系统中断 40 分钟。", "邮件系统维护改在周末夜间进行并提前通知。"),
]
ITEMS = [
    ("整理打印机故障清单并提交问题分析", "engineer1@vendor.example"),
    ("确认 VPN 证书到期日并登记台账", "agent1@vendor.example"),
    ("提供下季度新员工入职计划", "li.na@client.example"),
]


def by_email(people) -> dict:
    return {p.email: p for p in people}


def meeting_day(today, months_back: int):
    """The second Tuesday of the month `months_back` before today's."""
    month = today.month - months_back
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return rules.nth_weekday(year, month, 1, 2)


def minutes_text(summary: str, point: str) -> str:
    return (
        f"## 服务回顾\n\n- {summary}\n- {point}\n\n## 客户反馈\n\n"
        "客户对驻场工程师的响应速度表示满意，希望**周一上午**加强服务台人手。\n\n"
        "## 下一步\n\n详见决议与行动项。"
    )


def seed_meetings(people, **_context) -> None:
    now = utcnow()
    today = local_today(now)
    who = by_email(people)
    manager = who["manager@vendor.example"]
    attendees = [
        manager,
        who["agent1@vendor.example"],
        who["li.na@client.example"],
        who["thomas.weber@client.example"],
    ]
    for kind, cadence, week, weekday, clock in (
        ("service_review", "monthly", 2, 1, "10:00"),
        ("business_review", "quarterly", 3, 3, "14:00"),
    ):
        services.save_schedule(
            services.ScheduleInput(kind, cadence, week, weekday, clock, 90, "客户总部 3F 会议室 A"),
            actor=manager,
            now=now,
        )
    days = [d for d in (meeting_day(today, k) for k in range(7)) if d < today][:6]
    reports = report_shelf().choices()
    for index, day in enumerate(sorted(days)):
        starts = datetime.combine(day, time(10, 0), SHANGHAI)
        summary, point = TOPICS[index]
        meeting = services.save_meeting(
            None,
            services.MeetingInput(
                kind="service_review",
                starts_at=starts,
                ends_at=starts + timedelta(minutes=90),
                title=f"{day.year} 年 {day.month} 月服务回顾会",
                location="客户总部 3F 会议室 A",
                attendees=attendees,
                external="\n".join(EXTERNAL),
                agenda="1. 上月服务数据\n2. 重点问题\n3. 行动项跟进",
                minutes_markdown=minutes_text(summary, point),
                decisions=f"{point}\n下次会议继续跟进未完成的行动项。",
                report_id=reports[0][0] if reports and index == len(days) - 1 else None,
            ),
            actor=manager,
            now=now,
        )
        recent = index >= len(days) - 2
        for number, (title, owner) in enumerate(ITEMS):
            item = services.add_action_item(
                meeting,
                title,
                who[owner],
                day + timedelta(days=14 + 7 * number),
                actor=manager,
                now=now,
            )
            # the older meetings' items are done; the last two months' partly still open
            if not recent or number == 0:
                services.set_item_status(item, "done", actor=manager, now=now)
    quarter_day = rules.nth_weekday(*(meeting_day(today, 2).timetuple()[:2]), 3, 3)
    if quarter_day >= today:
        quarter_day = quarter_day - timedelta(days=91)
    starts = datetime.combine(quarter_day, time(14, 0), SHANGHAI)
    review = services.save_meeting(
        None,
        services.MeetingInput(
            kind="business_review",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            title="",
            location="客户总部 5F 董事会议室",
            attendees=attendees + [who["anna.mueller@client.example"]],
            agenda="1. 季度 SLA 与满意度\n2. 服务改进计划\n3. 下季度重点",
            minutes_markdown="## 季度回顾\n\n季度 SLA 全部达标，满意度较上季度提升 3 个百分点。",
            decisions="下季度推行自助服务门户知识库。\n每季度评审一次服务改进清单。",
        ),
        actor=manager,
        now=now,
    )
    services.add_action_item(
        review,
        "提交知识库推广计划",
        manager,
        quarter_day + timedelta(days=30),
        actor=manager,
        now=now,
    )
    db.session.flush()
