"""Demo data (S20, S14): a classroom course for the client's IT support staff and a security
awareness workshop for users, with sessions, attendance and feedback."""

from datetime import timedelta

import sqlalchemy as sa

from app.accounts.roles import APPROVER, EMPLOYEE, ENGINEER
from app.documents.models import Document
from app.documents.rules import local_day
from app.extensions import db, utcnow
from app.training import services

PLANS = [
    (
        "客户IT支持人员交接培训",
        "classroom",
        "客户IT部支持人员",
        ("新员工电脑使用手册", "服务台工作流程定义"),
        [(-40, "服务台流程与工单系统"), (-26, "资产台账与设备清单"), (-12, "打印服务器与网络配置")],
    ),
    (
        "安全意识工作坊",
        "security_awareness",
        "全体员工",
        ("VPN 客户端使用手册",),
        [(-20, "钓鱼邮件识别"), (-6, "密码与多因素认证")],
    ),
]
FEEDBACK = ["很有帮助", "内容清楚", "希望多些实操", ""]


def seed_training(people, rng, **_context) -> None:
    now = utcnow()
    today = local_day(now)
    trainer = next(p for p in people if p.role == ENGINEER)
    client = [p for p in people if p.role in (EMPLOYEE, APPROVER)]
    for title, kind, audience, materials, sessions in PLANS:
        docs = list(db.session.scalars(sa.select(Document).where(Document.title.in_(materials))))
        first = today + timedelta(days=sessions[0][0])
        plan = services.create_plan(
            services.PlanInput(
                title, kind, audience, first, today + timedelta(days=30), trainer.id, docs
            ),
            actor=trainer,
            now=now - timedelta(days=50),
        )
        for days, topic in sessions:
            session = services.add_session(
                plan, today + timedelta(days=days), topic, actor=trainer, now=now
            )
            for person in rng.sample(client, min(len(client), rng.randint(5, 9))):
                attended = rng.random() > 0.1
                services.record_attendance(
                    session, person, attended=attended,
                    rating=rng.randint(3, 5) if attended else None,
                    feedback=rng.choice(FEEDBACK) if attended else "", actor=trainer, now=now,
                )  # fmt: skip
    db.session.flush()
