"""October 2026, by hand: eight tickets through the real desk services (one across the
National Day week, one across the adjusted working Saturday), surveys, a complaint, changes,
assets. tests/reports/test_figures.py states every expected figure and why."""

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.accounts.models import Department, User
from app.assets.models import Asset, AssetChange, AssetType, Rma
from app.changes.models import Change
from app.complaints.models import Complaint
from app.contracts.services import get_contract
from app.extensions import db
from app.surveys.models import Invitation
from app.tickets import actions
from tests.conftest import ROLE_EMAILS, make_user
from tests.factories import open_ticket, perform
from tests.surveys.helpers import answer

SHANGHAI = ZoneInfo("Asia/Shanghai")
# the report is generated on Tuesday 3 November 2026, 10:00 in Shanghai
NOW = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)


def sh(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A Shanghai wall time in 2026 as an aware datetime."""
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def ids(role: str) -> int:
    return db.session.scalar(sa.select(User.id).where(User.email == ROLE_EMAILS[role]))


@pytest.fixture
def october(app, users):
    """The fixed data set; returns the ticket numbers by name (T1 … T8)."""
    with app.app_context():
        finance = Department(code="FIN", name_zh="财务部", name_en="Finance")
        hr = Department(code="HR", name_zh="人力资源部", name_en="Human resources")
        db.session.add_all([finance, hr])
        db.session.flush()
        emp = db.session.get(User, ids("employee"))
        emp.department_id = finance.id
        emp2 = make_user("employee", "wang@client.test", name="王芳", department_id=hr.id)
        lead = db.session.get(User, ids("approver"))
        contract = get_contract()
        contract.client_name = "示例客户有限公司"
        contract.vendor_name = "示例服务商"
        contract.client_project_lead_id = lead.id
        contract.vendor_project_manager_id = ids("manager")
        db.session.commit()
        agent, engineer = ids("agent"), ids("engineer")
        engineer_user = db.session.get(User, engineer)
        e1, e2 = emp.id, emp2.id
        made = {}

        # T1: web, printer (P3): everything within target
        t = open_ticket(e1, code="hw.printer", channel="web", impact="medium", now=sh(10, 8, 9))
        perform(actions.accept, t, agent, sh(10, 8, 9, 3))
        perform(actions.start_remote, t, agent, sh(10, 8, 9, 4))
        perform(actions.dispatch, t, agent, sh(10, 8, 9, 8), engineer=engineer_user)
        perform(actions.arrive, t, engineer, sh(10, 8, 9, 15))
        perform(actions.resolve, t, engineer, sh(10, 8, 10), note="Toner replaced")
        perform(actions.confirm, t, e1, sh(10, 8, 10, 30))
        t.asset_tags = ["PRN-001"]
        made["T1"] = t.number
        # T2: mail on National Day (a holiday); accepted on the first working day at 09:12
        t = open_ticket(e2, code="sys.network", channel="email", now=sh(10, 1, 10))
        perform(actions.accept, t, agent, sh(10, 8, 9, 12))
        perform(actions.start_remote, t, agent, sh(10, 8, 9, 13))
        perform(actions.resolve, t, agent, sh(10, 8, 9, 20), note="VPN profile renewed")
        perform(actions.confirm, t, e2, sh(10, 8, 9, 30))
        made["T2"] = t.number
        # T3: mail on the holiday's last evening, accepted at 09:03 on 8 October: met
        t = open_ticket(e1, code="sw.client", channel="email", now=sh(10, 6, 20))
        perform(actions.accept, t, agent, sh(10, 8, 9, 3))
        perform(actions.resolve, t, agent, sh(10, 8, 10))
        made["T3"] = t.number
        # T4: phone, 3 rings, laptop P1: remote 9 minutes before dispatch (S6: 5)
        t = open_ticket(
            e1,
            code="hw.laptop",
            channel="phone",
            urgency="high",
            impact="high",
            now=sh(10, 9, 16, 50),
        )
        t.rings = 3
        perform(actions.start_remote, t, agent, sh(10, 9, 16, 56))
        perform(actions.dispatch, t, agent, sh(10, 9, 17, 5), engineer=engineer_user)
        perform(actions.arrive, t, engineer, sh(10, 9, 17, 12))
        perform(actions.resolve, t, engineer, sh(10, 9, 17, 40))
        made["T4"] = t.number
        # T5: phone, 7 rings, Windows P3 accepted Friday 17:00; resolved Tuesday 17:30 —
        # with the adjusted working Saturday: 60 + 540 + 540 + 510 = 1650 > 1620 minutes
        t = open_ticket(e2, code="sys.windows", channel="phone", impact="medium", now=sh(10, 9, 17))
        t.rings = 7
        perform(actions.accept, t, agent, sh(10, 9, 17))
        perform(actions.comment, t, agent, sh(10, 12, 10), "Spare disk arrived late", public=False)
        perform(actions.dispatch, t, agent, sh(10, 13, 16), engineer=engineer_user)
        perform(actions.arrive, t, engineer, sh(10, 13, 16, 8))
        perform(actions.resolve, t, engineer, sh(10, 13, 17, 30), note="Disk replaced")
        made["T5"] = t.number
        # T6: web, cancelled a minute later: not measured
        t = open_ticket(e1, code="hw.desktop", channel="web", urgency="low", now=sh(10, 20, 10))
        perform(actions.cancel, t, agent, sh(10, 20, 10, 1))
        made["T6"] = t.number
        # T7: walk-in, engineer on site after 20 minutes (target 10)
        t = open_ticket(
            e2, code="onsite.engineer", channel="walk_in", impact="medium", now=sh(10, 21, 10)
        )
        perform(actions.accept, t, agent, sh(10, 21, 10, 2))
        perform(actions.dispatch, t, agent, sh(10, 21, 10, 5), engineer=engineer_user)
        perform(actions.arrive, t, engineer, sh(10, 21, 10, 25))
        perform(actions.resolve, t, engineer, sh(10, 21, 11))
        perform(actions.confirm, t, e2, sh(10, 21, 11, 30))
        made["T7"] = t.number
        # T8: web, printer again, waiting for the user: resolution clock paused (open)
        t = open_ticket(
            e1,
            code="hw.printer",
            channel="web",
            impact="medium",
            title='=HYPERLINK("http://x")',
            now=sh(10, 22, 14),
        )
        perform(actions.accept, t, agent, sh(10, 22, 14, 1))
        perform(actions.pend, t, agent, sh(10, 22, 14, 5), waiting_for="customer")
        t.asset_tags = ["PRN-001"]
        made["T8"] = t.number
        # outside October: 30 September and 2 November
        open_ticket(e1, code="hw.other", channel="email", now=sh(9, 30, 17, 55))
        open_ticket(e1, code="hw.other", channel="email", now=sh(11, 2, 9))
        db.session.commit()

        # surveys: T1 and T2 and T7 were confirmed (3 sent); answers 5 and 3 (1 of 2 satisfied)
        invitations = {i.ticket_id: i for i in db.session.scalars(sa.select(Invitation)).all()}
        by_number = {
            n: db.session.scalar(sa.text("select id from tickets where number = :n"), {"n": n})
            for n in made.values()
        }
        answer(invitations[by_number[made["T1"]]], {"overall": "5"}, now=sh(10, 8, 12))
        answer(invitations[by_number[made["T2"]]], {"overall": "3"}, now=sh(10, 8, 12))

        # complaints: one in October, and a major incident from September still open
        db.session.add_all(
            [
                Complaint(
                    number="CMP-2026-000001",
                    kind="complaint",
                    source="manager",
                    title="工程师迟到",
                    severity="medium",
                    status="open",
                    due_at=sh(10, 20, 18),
                    created_at=sh(10, 15, 11),
                ),
                Complaint(
                    number="CMP-2026-000002",
                    kind="major_incident",
                    source="manager",
                    title="Mail outage",
                    severity="high",
                    status="in_progress",
                    due_at=sh(9, 25, 18),
                    created_at=sh(9, 20, 9),
                ),
            ]
        )
        # changes: one completed on 17 October, one scheduled for 7 November
        base = dict(
            kind="normal",
            category="printer",
            risk_likelihood="low",
            risk_impact="medium",
            risk="medium",
            priority="P3",
        )
        db.session.add_all(
            [
                Change(
                    number="CHG-2026-000001",
                    title="打印服务器驱动升级",
                    status="completed",
                    finished_at=sh(10, 17, 22),
                    **base,
                ),
                Change(
                    number="CHG-2026-000002",
                    title="Replace core switch",
                    status="scheduled",
                    planned_start=sh(11, 7, 22),
                    **base,
                ),
            ]
        )
        # assets: the printer model of T1 and T8; an RMA; warranties ending
        kind = db.session.scalar(sa.select(AssetType).where(AssetType.code == "network_printer"))
        if kind is None:  # the migration's asset types are gone after the first test
            kind = AssetType(code="network_printer", name_zh="网络打印机", name_en="Printer")
            db.session.add(kind)
            db.session.flush()
        printer = Asset(
            tag="PRN-001",
            type_id=kind.id,
            model="LaserJet M404",
            manufacturer="HP",
            status="in_use",
            warranty_end=date(2026, 10, 31),
        )
        spare = Asset(
            tag="PRN-002",
            type_id=kind.id,
            model="LaserJet M404",
            manufacturer="HP",
            status="in_stock",
            warranty_end=date(2026, 11, 15),
        )
        db.session.add_all([printer, spare])
        db.session.flush()
        db.session.add_all(
            [
                Rma(
                    asset_id=spare.id,
                    vendor="HP",
                    rma_number="R-77",
                    sent_on=date(2026, 10, 10),
                    returned_on=date(2026, 10, 20),
                    cost=Decimal("350.00"),
                    in_warranty=False,
                    paid_by_client=True,
                ),
                AssetChange(
                    asset_id=printer.id,
                    at=sh(10, 12, 15),
                    field="location",
                    old_value="3F",
                    new_value="5F",
                ),
            ]
        )
        db.session.commit()
        db.session.remove()
    return made
