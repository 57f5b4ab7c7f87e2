"""Demo improvement log: four items from meetings, a complaint, a problem and a survey."""

from datetime import timedelta

from app.extensions import utcnow
from app.improvements import services


def seed_improvements(people, **_context) -> None:
    now = utcnow()
    who = {p.email: p for p in people}
    manager = who["manager@vendor.example"]
    today = now.date()
    for title, source, reference, owner, status, target, effect in (
        ("周一上午增加一名服务台坐席", "meeting", "", "manager", "done", -20,
         "周一上午电话接通率从 85% 提升到 97%。"),
        ("新员工入职设备提前两天准备", "complaint", "", "engineer1", "in_progress", 15, ""),
        ("VPN 证书纳入资产台账并设到期提醒", "problem", "", "agent1", "done", -40,
         "此后未再出现证书过期导致的 VPN 故障。"),
        ("知识库文章补充英文版", "survey", "", "agent3", "proposed", 45, ""),
    ):  # fmt: skip
        services.save(
            None,
            services.ImprovementInput(
                title=title,
                source=source,
                source_reference=reference,
                owner=who[f"{owner}@vendor.example"],
                status=status,
                target_on=today + timedelta(days=target),
                effect=effect,
            ),
            actor=manager,
            now=now - timedelta(days=60) if status == "done" else now,
        )
