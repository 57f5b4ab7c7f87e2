"""SLA warnings, breaches and escalations, sent by the worker, speak each recipient's language."""

import pytest

from app.accounts.services import user_by_email
from app.extensions import db
from app.sla.models import EscalationLevel
from app.tickets import actions
from app.worker import run_once
from tests.conftest import ROLE_EMAILS
from tests.factories import open_ticket, perform
from tests.mail.language import assert_speaks, mails_to
from tests.sla.helpers import sh, staff_contract

LEAD = "lead@vendor.test"
# (recipient, template, phrases) — warning to the assignee and the desk lead at 80 %, breach to
# the vendor's project manager at 100 %, a further level to the client's IT contact at 150 %
EXPECTED = {
    "zh": [
        (
            ROLE_EMAILS["agent"],
            "sla_warning",
            ("SLA 预警：解决", "已用去解决时限的 81%", "截止时间为 2026-11-23 17:00"),
        ),
        (LEAD, "sla_warning", ("SLA 预警：解决", "Desk Lead，您好：", "优先级：P2")),
        (
            ROLE_EMAILS["manager"],
            "sla_breach",
            ("SLA 超时：解决", "未达到解决时限：应于 2026-11-23 17:00 前完成", "目标时限：8 小时"),
        ),
        (
            ROLE_EMAILS["approver"],
            "sla_escalation",
            ("SLA 升级：解决", "已用去解决时限的 150%", "类型：故障 · 网络连接"),
        ),
    ],
    "en": [
        (
            ROLE_EMAILS["agent"],
            "sla_warning",
            (
                "SLA warning: Resolution",
                "has used 81% of its Resolution target",
                "due at 2026-11-23 17:00",
            ),
        ),
        (LEAD, "sla_warning", ("SLA warning: Resolution", "Hello Desk Lead,", "Priority: P2")),
        (
            ROLE_EMAILS["manager"],
            "sla_breach",
            (
                "SLA breached: Resolution",
                "missed its Resolution target: it was due at 2026-11-23 17:00",
                "Target: 8 h",
            ),
        ),
        (
            ROLE_EMAILS["approver"],
            "sla_escalation",
            (
                "SLA escalation: Resolution",
                "has used 150% of its Resolution target",
                "Type: Incident · Network connection",
            ),
        ),
    ],
}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_scan_mails_each_recipient_in_their_language(app, users, language):
    with app.app_context():
        staff_contract()
        for address, _, _ in EXPECTED[language]:
            user_by_email(address).language = language
        db.session.add(
            EscalationLevel(
                metric="resolution", percent=150, recipients=["client_it_contact"], any_time=True
            )
        )
        ticket = open_ticket(
            now=sh(2026, 11, 23, 8, 59), urgency="high", impact="medium"
        )  # P2: 8 h to resolve
        perform(actions.accept, ticket, "agent", sh(2026, 11, 23, 9, 0))
        db.session.commit()
        number = ticket.number
    with app.app_context():  # the worker, without any request
        for now in (sh(2026, 11, 23, 15, 30), sh(2026, 11, 23, 17, 0), sh(2026, 11, 24, 12, 0)):
            assert run_once(["sla_scan"], now=now)["sla_scan"]["notifications"] == 1
        for address, template, phrases in EXPECTED[language]:
            (message,) = mails_to(address)
            assert message.subject.startswith(f"[{number}] ")
            assert_speaks(message, template, language, *phrases)
            # the calendar by its name, not its code
            assert ("工作时间" if language == "zh" else "Office hours") in message.body_text
            assert "calendar office" not in message.body_text
