"""The worker's S21 days: the draft on day X, the manager mailed once per late step, and the
dashboard showing what is late."""

from datetime import UTC, datetime

import sqlalchemy as sa
import time_machine

from app.contracts.services import get_contract
from app.extensions import db
from app.mail.models import OutboxMessage
from app.settlements import services
from app.worker import run_once
from tests.conftest import ROLE_EMAILS
from tests.settlements.test_flow import setup_october

JOB = ["settlement_steps"]


def at(day: int, hour_utc: int = 2) -> datetime:
    return datetime(2026, 11, day, hour_utc, 0, tzinfo=UTC)


def manager_mails() -> list[str]:
    rows = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.recipient == ROLE_EMAILS["manager"])
    )
    return [m.subject for m in rows]


def test_compute_on_day_x_then_remind_once_per_step(app, users, login_as):
    setup_october(app)
    with app.app_context():
        assert run_once(JOB, now=at(2)) == {"settlement_steps": 0}  # before day X
        assert services.get_sheet("2026-10") is None
        assert run_once(JOB, now=at(3)) == {"settlement_steps": 1}
        sheet = services.get_sheet("2026-10")
        assert sheet.status == "draft" and [e.code for e in sheet.events] == ["computed"]
        assert run_once(JOB, now=at(5, 15)) == {"settlement_steps": 0}  # day Y ends in Shanghai
        assert run_once(JOB, now=at(5, 16)) == {"settlement_steps": 1}  # 6 Nov there: late
        assert run_once(JOB, now=at(7)) == {"settlement_steps": 0}  # once per step
        assert manager_mails() == ["Settlement overdue · 2026-10"]
    with time_machine.travel(at(7), tick=False):
        page = login_as("manager").get("/")
        assert "Settlement steps overdue" in page.text and "not sent to the client" in page.text
    with app.app_context():
        sheet = services.get_sheet("2026-10")
        services.send(sheet, contract=get_contract(), actor=None, now=at(7))
        db.session.commit()
        assert run_once(JOB, now=at(10)) == {"settlement_steps": 0}
        assert run_once(JOB, now=at(11)) == {"settlement_steps": 1}  # no answer after day Z
        assert run_once(JOB, now=at(12)) == {"settlement_steps": 0}
        sheet = services.get_sheet("2026-10")
        assert [e.code for e in sheet.events] == [
            "computed",
            "reminder_send",
            "sent",
            "reminder_confirm",
        ]
    with time_machine.travel(at(12), tick=False):
        home = login_as("approver").get("/")
        assert "Settlement sheets waiting for your confirmation" in home.text
