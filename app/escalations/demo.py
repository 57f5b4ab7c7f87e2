"""Demo data for escalations: a matrix for all four kinds with the contract's named people,
the triggers, and two past escalations — one that climbed a level before it was confirmed."""

from datetime import timedelta

import sqlalchemy as sa

from app.contracts.services import get_contract
from app.escalations import matrix, services, subjects
from app.extensions import db, utcnow
from app.problems.models import Problem
from app.tickets.models import Ticket

HOURS = 60


def by_email(people, local: str):
    return next(p for p in people if p.email.split("@")[0] == local)


def seed_matrix(people, manager) -> None:
    engineer, lead = by_email(people, "engineer1"), by_email(people, "thomas.weber")
    it_contact, management = by_email(people, "li.na"), by_email(people, "anna.mueller")
    levels = {
        "service": [
            ("escalation_engineer", engineer, 4 * HOURS),
            ("vendor_manager", manager, 8 * HOURS),
            ("client_management_contact", management, None),
        ],
        "technical": [
            ("escalation_engineer", engineer, 2 * HOURS),
            ("client_it_contact", it_contact, 4 * HOURS),
            ("vendor_manager", manager, None),
        ],
        "contract": [
            ("vendor_manager", manager, 8 * HOURS),
            ("other", lead, None),
        ],
        "personnel": [
            ("vendor_manager", manager, 8 * HOURS),
            ("client_management_contact", management, None),
        ],
    }
    for kind, rows in levels.items():
        for number, (title, person, climb) in enumerate(rows, start=1):
            values = {"kind": kind, "level": number, "title": title, "contact_id": person.id}
            matrix.save_level(values | {"climb": climb}, actor=manager, now=None)


def past_escalation(record, kind, reason, *, people, opened, climbed, confirmer, via, outcome):
    """An escalation of `record` opened at `opened`, climbed one level first if `climbed`,
    then confirmed and closed with its outcome by the manager."""
    contract = get_contract()
    agent, manager = by_email(people, "agent1"), contract.vendor_project_manager
    escalation = services.open_escalation(
        subjects.of(record), kind, reason, owner=manager, actor=agent, now=opened,
        contract=contract,
    )  # fmt: skip
    moment = opened
    if climbed:
        moment = escalation.steps[0].climbs_at
        services.climb_due(moment, contract)
    services.confirm(escalation, confirmer, via=via, now=moment + timedelta(minutes=25))
    services.close(escalation, manager, outcome=outcome, now=moment + timedelta(days=1))


def seed_escalations(people, **_context) -> None:
    contract, now = get_contract(), utcnow()
    manager = contract.vendor_project_manager
    seed_matrix(people, manager)
    ticket = db.session.scalar(
        sa.select(Ticket)
        .where(Ticket.created_at < now - timedelta(days=20), Ticket.status == "closed")
        .order_by(Ticket.priority, Ticket.created_at.desc())
        .limit(1)
    )
    if ticket is not None:
        past_escalation(
            ticket, "service", "主板故障超出驻场维修范围，需客户决定是否自费更换。",
            people=people, opened=ticket.created_at + timedelta(minutes=40), climbed=True,
            confirmer=manager, via="mail",
            outcome="客户管理层同意按保外维修处理，已更换主板，用户恢复使用。",
        )  # fmt: skip
    problem = db.session.scalar(
        sa.select(Problem)
        .where(Problem.status.in_(("resolved", "closed")))
        .order_by(Problem.created_at)
        .limit(1)
    )
    if problem is not None:
        past_escalation(
            problem, "technical", "多名员工受影响，需客户 IT 协调网关证书续签。",
            people=people, opened=problem.created_at + timedelta(hours=2), climbed=False,
            confirmer=by_email(people, "engineer1"), via="portal",
            outcome="客户 IT 已续签证书模板，网关恢复正常。",
        )  # fmt: skip
    triggers = {"p1_opened": "technical", "critical_problem": "technical"}
    matrix.set_triggers(triggers | {"major_incident": "service"}, actor=manager, now=now)
