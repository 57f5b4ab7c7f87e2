"""Demo data: three months of survey answers (last month under target), campaigns, complaints."""

import math
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.accounts.roles import APPROVER, CLIENT, ENGINEER, MANAGER
from app.complaints import services as complaints
from app.complaints.models import Complaint
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.mail.models import OutboxMessage
from app.surveys import rules, services
from app.surveys.models import Invitation
from app.tickets import actions as ticket_actions
from app.tickets import services as tickets
from app.tickets.models import CatalogItem, Ticket

# share of satisfied answers per month, counted back from this month: last month misses 85 %
SATISFIED_SHARE = {0: 0.9, 1: 0.74, 2: 0.91, 3: 0.88}
RESPONSE_SHARE = 0.7
COMMENTS = {
    5: ["工程师很专业，谢谢！", "Quick and friendly, thank you.", "十分钟就到了，赞"],
    4: ["总体不错", "Fixed, but I had to call twice."],
    3: ["等待时间有点长", "OK."],
    2: ["工程师迟到了一个小时", "Had to explain the problem three times."],
    1: ["问题没有解决就关单了", "Nobody called back."],
}


def months_back(instant: datetime, now: datetime) -> int:
    here, then = rules.local_date(now), rules.local_date(instant)
    return (here.year - then.year) * 12 + here.month - then.month


def ratings_for(count: int, satisfied_share: float, rng) -> list[int]:
    """Exactly round(share × count) ratings of 4–5, the rest 1–3, shuffled."""
    good = round(count * satisfied_share)
    values = [rng.choice([4, 5, 5]) for _ in range(good)]
    values += [rng.choices([3, 2, 1], [10, 2, 1])[0] for _ in range(count - good)]
    rng.shuffle(values)
    return values


def demo_tickets(people, rng, now: datetime) -> None:
    """Closed tickets of three months, only when the service desk's demo made none."""
    contract = get_contract()
    clients = [p for p in people if p.role in CLIENT]
    engineers = [p for p in people if p.role == ENGINEER]
    items = db.session.scalars(sa.select(CatalogItem).where(CatalogItem.active)).all()
    start = (rules.local_date(now).replace(day=1) - timedelta(days=62)).replace(day=1)
    for day in range((rules.local_date(now) - start).days):
        opened = rules.local_day_start(start + timedelta(days=day)) + timedelta(hours=10)
        for _ in range(rng.randint(0, 3)):
            requester, engineer = rng.choice(clients), rng.choice(engineers)
            ticket = tickets.open_ticket(
                tickets.NewTicket(
                    title="演示工单 · demo ticket",
                    catalog_code=rng.choice(items).code,
                    channel="web",
                    requester=requester,
                    urgency="medium",
                    impact="low",
                ),
                actor=requester,
                now=opened,
                contract=contract,
            )
            for minutes, action, actor in (
                (3, ticket_actions.accept, engineer),
                (90, ticket_actions.resolve, engineer),
                (120, ticket_actions.confirm, requester),
            ):
                action(
                    ticket,
                    actor=actor,
                    now=opened + timedelta(minutes=minutes),
                    contract=contract,
                    note="演示 · demo",
                )


def answer_ticket_surveys(rng, now: datetime) -> None:
    """About 70 % of the ticket surveys are answered, each month at its planned share."""
    contract = get_contract()
    pending = db.session.scalars(
        sa.select(Invitation)
        .where(Invitation.ticket_id.is_not(None), Invitation.answered.is_(False))
        .order_by(Invitation.sent_at)
    ).all()
    by_month: dict[int, list[Invitation]] = {}
    for invitation in pending:
        if now - invitation.sent_at > timedelta(hours=3):
            by_month.setdefault(months_back(invitation.sent_at, now), []).append(invitation)
    for back, invitations in by_month.items():
        chosen = rng.sample(invitations, math.floor(len(invitations) * RESPONSE_SHARE))
        share = SATISFIED_SHARE.get(back, 0.88)
        for invitation, rating in zip(chosen, ratings_for(len(chosen), share, rng), strict=True):
            answered_at = min(invitation.sent_at + timedelta(hours=rng.randint(1, 30)), now)
            submit(invitation, rating, rng, answered_at, contract)


def submit(invitation: Invitation, rating: int, rng, at: datetime, contract) -> None:
    by_code = {q.code: q for q in invitation.questionnaire.questions}
    raw = {by_code["overall"].id: str(rating)}
    for code in ("speed", "attitude", "reach"):
        if code in by_code:
            raw[by_code[code].id] = str(min(5, rating + rng.choice([0, 0, 0, 1])))
    if "solved" in by_code:
        raw[by_code["solved"].id] = "yes" if rating >= 3 else rng.choice(["yes", "no"])
    if "comment" in by_code and rng.random() < 0.35:
        raw[by_code["comment"].id] = rng.choice(COMMENTS[rating])
    services.submit(invitation, raw, now=at, contract=contract)


def campaigns(people, departments, rng, now: datetime) -> None:
    """Last month's named survey of Finance (closed), this month's anonymous one (open)."""
    manager = next(p for p in people if p.role == MANAGER)
    contract = get_contract()
    today = rules.local_date(now)
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    finance = services.create_campaign(
        services.NewCampaign(
            title_zh="财务部 IT 服务回访",
            title_en="Finance IT service check-in",
            audience="sample",
            department_id=departments["FIN"].id,
            sample_size=8,
            opens_on=last_month + timedelta(days=2),
            closes_on=last_month + timedelta(days=15),
        ),
        actor=manager,
        now=rules.local_day_start(last_month + timedelta(days=1)),
        contract=contract,
    )
    services.run_campaigns(finance.opens_at + timedelta(hours=9))
    yearly = services.create_campaign(
        services.NewCampaign(
            title_zh=f"{today.year} 年度 IT 服务满意度调查",
            title_en=f"IT service satisfaction survey {today.year}",
            audience="all",
            anonymous=True,
            opens_on=today - timedelta(days=3),
            closes_on=today + timedelta(days=11),
        ),
        actor=manager,
        now=now - timedelta(days=3),
        contract=contract,
    )
    for campaign, share in ((finance, 0.75), (yearly, 0.25)):
        invitations = db.session.scalars(
            sa.select(Invitation).where(Invitation.campaign_id == campaign.id)
        ).all()
        chosen = rng.sample(invitations, round(len(invitations) * share))
        for invitation, rating in zip(chosen, ratings_for(len(chosen), 0.86, rng), strict=True):
            at = min(campaign.opened_at + timedelta(hours=rng.randint(2, 70)), now)
            submit(invitation, rating, rng, at, contract)


def handle_complaints(people, rng, now: datetime) -> None:
    """Older complaints were handled to the client's agreement; recent ones are in progress;
    plus one filed by an employee, one by the desk for the CFO and a major incident."""
    by_email = {p.email.split("@")[0]: p for p in people}
    manager, agent = by_email["manager"], by_email["agent1"]
    contract = get_contract()
    filed = [
        (by_email["zhang.wei"], "employee", "complaint", "medium", "工程师上门迟到 40 分钟", 20),
        (by_email["chen.jing"], "desk", "complaint", "high", "董事会前打印机仍未修好", 4),
        (None, "manager", "major_incident", "high", "邮件服务器中断 3 小时", 9),
    ]
    for complainant, source, kind, severity, title, days_ago in filed:
        at = now - timedelta(days=days_ago)
        complaints.file_complaint(
            complaints.NewComplaint(
                title=title,
                description="演示数据 · demo data",
                kind=kind,
                severity=severity,
                source=source,
                complainant=complainant,
            ),
            actor=complainant if source == "employee" else agent,
            now=at,
            contract=contract,
        )
    for complaint in db.session.scalars(sa.select(Complaint).order_by(Complaint.created_at)):
        age = now - complaint.created_at
        at = complaint.created_at + timedelta(hours=2)
        complaints.act(complaint, "start", actor=manager, now=at)
        complaints.act(complaint, "add_step", actor=manager, now=at, note="当天电话回访用户")
        complaints.act(complaint, "add_step", actor=manager, now=at, note="与现场团队复盘原因")
        if age < timedelta(days=5):
            continue
        for step in complaint.steps:
            complaints.act(complaint, "complete_step", actor=manager, now=at, step_id=step.id)
        complaints.act(complaint, "resolve", actor=manager, now=at, note="已致歉并调整排班")
        if age < timedelta(days=12):
            continue  # waiting for the client's acknowledgement
        answer_by = complaint.complainant or next(p for p in people if p.role == APPROVER)
        complaints.act(
            complaint, "acknowledge", actor=answer_by, now=at + timedelta(days=1), note="接受"
        )


def seed_surveys(people, departments, rng, **_context) -> None:
    now = utcnow()
    has_closed = db.session.scalar(
        sa.select(sa.func.count(Ticket.id)).where(Ticket.status == "closed")
    )
    if not has_closed:
        demo_tickets(people, rng, now)
    answer_ticket_surveys(rng, now)
    campaigns(people, departments, rng, now)
    handle_complaints(people, rng, now)
    # mail about the past is history, not something to send now
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.status == "pending")
        .values(status="sent", sent_at=now)
    )
    db.session.flush()
