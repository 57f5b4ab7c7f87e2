"""What the domains announce reaches the group chats that carry the event, in the contract's
language with a link: SLA warning and breach from the worker's scan, an approved change, a
disputed settlement sheet."""

import pytest
import sqlalchemy as sa

from app.accounts.services import user_by_email
from app.chat.models import ChatMessage, ChatRobot
from app.contracts.services import get_contract
from app.escalations import services as escalations
from app.escalations import subjects
from app.extensions import db
from app.settlements import services as settlements
from app.tickets import actions
from app.worker import run_once
from tests.changes.helpers import new_change, step
from tests.conftest import ROLE_EMAILS
from tests.escalations.helpers import set_matrix
from tests.factories import MONDAY_0912, open_ticket, perform, person
from tests.settlements.conftest import november  # noqa: F401
from tests.settlements.helpers import NOVEMBER_4
from tests.settlements.test_flow import setup_october
from tests.sla.helpers import sh, staff_contract


@pytest.fixture
def robot(app, users):
    with app.app_context():
        robot = ChatRobot(
            name="运维群",
            service="wecom",
            webhook_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
            events=["sla_warning", "sla_breach", "change_approved", "settlement_disputed"],
        )
        db.session.add(robot)
        db.session.commit()
        return robot.id


def queued(app):
    with app.app_context():
        rows = db.session.scalars(sa.select(ChatMessage).order_by(ChatMessage.id)).all()
        return [(m.event, m.title, m.text, m.link) for m in rows]


def test_sla_warning_and_breach_from_the_scan(app, robot):
    with app.app_context():
        staff_contract()
        ticket = open_ticket(now=sh(2026, 11, 23, 8, 59), urgency="high", impact="medium")
        perform(actions.accept, ticket, "agent", sh(2026, 11, 23, 9, 0))
        number = ticket.number
    with app.app_context():
        for now in (sh(2026, 11, 23, 15, 30), sh(2026, 11, 23, 17, 0), sh(2026, 11, 23, 18, 0)):
            run_once(["sla_scan"], now=now)
    (warning, breach) = queued(app)
    assert warning[0] == "sla_warning" and warning[1] == f"{number}：解决即将超时"
    assert breach[0] == "sla_breach" and breach[1] == f"{number}：解决已超时"
    assert "优先级：P2" in breach[2] and breach[3].endswith(f"/tickets/{number}")


def test_approved_change(app, robot):
    with app.app_context():
        change = step(new_change(), "submit", "approve")
        db.session.commit()
        number = change.number
    ((event, title, text, link),) = queued(app)
    assert (event, title) == ("change_approved", f"变更 {number} 已批准")
    assert "Update the print-server driver" in text and link.endswith(f"/changes/{number}")


def test_rejected_change_is_not_announced(app, robot):
    with app.app_context():
        step(new_change(), "submit", "reject")
        db.session.commit()
    assert queued(app) == []


def test_disputed_settlement(app, users, robot, november):  # noqa: F811
    setup_october(app)
    with app.app_context():
        contract = get_contract()
        sheet = settlements.store_draft(2026, 10, contract=contract, now=NOVEMBER_4)
        settlements.send(sheet, contract=contract, actor=None, now=NOVEMBER_4)
        lead = user_by_email(ROLE_EMAILS["approver"])
        settlements.answer(
            sheet, "dispute", "天数不对", contract=contract, actor=lead, now=NOVEMBER_4
        )
        db.session.commit()
    ((event, title, text, link),) = queued(app)
    assert event == "settlement_disputed" and "2026-10" in title and "有异议" in title
    assert text == "天数不对" and link.endswith("/settlements/2026-10")


def test_robots_without_the_event_hear_nothing(app, users):
    with app.app_context():
        db.session.add(
            ChatRobot(
                name="x",
                service="feishu",
                webhook_url="https://open.feishu.cn/open-apis/bot/v2/hook/x",
                events=["dispatch"],
            )
        )
        db.session.commit()
        step(new_change(), "submit", "approve")
        db.session.commit()
    assert queued(app) == []


def test_escalation_levels_reach_the_group_once_each(app, users, robot):
    with app.app_context():
        db.session.get(ChatRobot, robot).events = ["escalation"]
        set_matrix()
        ticket = open_ticket()
        escalation = escalations.open_escalation(
            subjects.of(ticket),
            "service",
            "主板不在保修范围",
            actor=person("agent"),
            now=MONDAY_0912,
            contract=get_contract(),
        )
        db.session.commit()
        number = escalation.number
        later = escalation.steps[0].climbs_at
        escalations.climb_due(later, get_contract())
        escalations.climb_due(later, get_contract())
        db.session.commit()
    titles = [title for _, title, _, _ in queued(app)]
    assert titles == [f"{number} 已升级到第 1 级", f"{number} 已升级到第 2 级"]
