"""Scenario 8 from the desk: install requests filed for new hires, their approvers asked by
mail (S4: the approvers named for the user's department and for all), sets with a dock."""

import re

import pytest
import sqlalchemy as sa

from app.accounts.models import Department, User
from app.assets.models import Asset, AssetRelation
from app.changes.models import ChangeApprover
from app.extensions import db
from app.installations import policy
from app.mail.models import OutboxMessage
from app.tickets.models import Attachment, Ticket
from tests.conftest import ROLE_EMAILS, make_user
from tests.installations.helpers import installation, signature

SALES_APPROVER = "sales.approver@client.test"
ALL_APPROVER = "all.approver@client.test"
HIRE = "wang.fang@client.test"
INSTALL = {
    "group": "install",
    "catalog_code": "install.new",
    "title": "New hire laptop set",
    "description": "Starts Monday, desk 3F-12.",
    "urgency": "low",
    "impact": "low",
}


@pytest.fixture
def departments(app, users):
    """Finance (appr@ approves, the new hire works there) and Sales; one approver for all,
    who reads mail in Chinese."""
    with app.app_context():
        finance = Department(code="FIN", name_zh="财务部", name_en="Finance")
        sales = Department(code="SAL", name_zh="销售部", name_en="Sales")
        db.session.add_all([finance, sales])
        db.session.flush()
        hire = make_user("employee", HIRE, name="Wang Fang", department_id=finance.id)
        hire.location = "3F-12"
        db.session.get(User, users["employee"]).department_id = sales.id
        other = make_user("approver", SALES_APPROVER, department_id=sales.id)
        every = make_user("approver", ALL_APPROVER, language="zh")
        db.session.add_all(
            [
                ChangeApprover(user_id=users["approver"], department_id=finance.id),
                ChangeApprover(user_id=other.id, department_id=sales.id),
                ChangeApprover(user_id=every.id, department_id=None),
            ]
        )
        db.session.commit()
        return {"finance": finance.id, "sales": sales.id, "hire": hire.id}


def approval_mail(number: str) -> dict[str, OutboxMessage]:
    """The approval mails of one installation, by recipient (they thread under its number)."""
    rows = db.session.scalars(sa.select(OutboxMessage)).all()
    found = [row for row in rows if row.headers.get("X-Deskpact-Change") == number]
    return {row.recipient: row for row in found}


def file_for(client, requester_id: int, **extra) -> str:
    response = client.form("/tickets/new", {**INSTALL, "requester_id": str(requester_id), **extra})
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    return response.headers["Location"].rsplit("/", 1)[-1]


def test_the_agent_files_for_a_finance_hire_and_finance_approvers_are_asked(
    app, login_as, departments
):
    number = file_for(login_as("agent"), departments["hire"])
    with app.app_context():
        record = installation(app, number)
        assert record.ticket.requester.email == HIRE
        assert record.user.email == HIRE and record.status == "requested"
        assert policy.department_of(record) == departments["finance"]
        mails = approval_mail(number)
        assert set(mails) == {ROLE_EMAILS["approver"], ALL_APPROVER}  # not Sales's approver
        english = mails[ROLE_EMAILS["approver"]]
        assert english.subject == f"[{number}] Approval needed: New hire laptop set"
        assert f"Installation request {number} needs your approval." in english.body_text
        assert "Wang Fang · Finance · 3F-12" in english.body_text
        assert "Starts Monday, desk 3F-12." in english.body_text
        chinese = mails[ALL_APPROVER]  # the recipient's saved language, as for change approvals
        assert chinese.subject == f"[{number}] 待审批：New hire laptop set"
        assert "Wang Fang · 财务部" in chinese.body_text
        # the new hire has the acknowledgement of their request
        acknowledged = db.session.scalars(sa.select(OutboxMessage.recipient)).all()
        assert HIRE in acknowledged
        link = re.search(r"http://[^/\s]+(/installations/\S+)", english.body_text).group(1)
    assert link == f"/installations/{number}"
    approver = login_as("approver")
    assert 'data-testid="approve-installation"' in approver.get(link).get_data(as_text=True)
    assert approver.form(f"{link}/approve").status_code == 302
    with app.app_context():
        assert installation(app, number).status == "approved"


def test_an_employee_of_sales_filing_for_themselves_asks_sales(app, users, login_as, departments):
    number = file_for(login_as("employee"), users["employee"])
    with app.app_context():
        assert set(approval_mail(number)) == {SALES_APPROVER, ALL_APPROVER}


def test_while_no_approver_is_named_every_active_approver_is_asked(app, users, login_as):
    with app.app_context():
        make_user("approver", "second.approver@client.test")
        make_user("approver", "former.approver@client.test", active=False)
        db.session.commit()
    number = file_for(login_as("agent"), users["employee"])
    with app.app_context():
        assert set(approval_mail(number)) == {
            ROLE_EMAILS["approver"],
            "second.approver@client.test",
        }


def test_other_requests_ask_no_approver(app, users, login_as, departments):
    login_as("agent").form(
        "/tickets/new",
        {
            "catalog_code": "sys.network",
            "title": "Wi-Fi",
            "urgency": "low",
            "impact": "low",
            "requester_id": str(departments["hire"]),
        },
    )
    with app.app_context():
        recipients = db.session.scalars(sa.select(OutboxMessage.recipient)).all()
        assert recipients == [HIRE]


def test_an_install_request_through_the_api_asks_the_approvers_too(
    app, client, login_as, departments
):
    from app.accounts.services import issue_token

    with app.app_context():
        agent = db.session.scalar(sa.select(User).where(User.email == ROLE_EMAILS["agent"]))
        token = issue_token(agent, actor=agent)
        db.session.commit()
    filed = client.post(
        "/api/v1/tickets",
        json={"title": "Laptop", "catalog_item": "install.new", "requester": HIRE},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert filed.status_code == 201
    with app.app_context():
        assert set(approval_mail(filed.json["number"])) == {ROLE_EMAILS["approver"], ALL_APPROVER}


def test_scenario_8_five_new_hires_get_signed_sets(app, login_as, departments):
    """Five requests filed one after the other, approved, installed as laptop + dock + monitor,
    each signed on the engineer's tablet; the signed sheet is filed with each ticket."""
    with app.app_context():
        finance = departments["finance"]
        hires = [
            make_user("employee", f"hire{n}@client.test", name=f"Hire {n}", department_id=finance)
            for n in range(5)
        ]
        db.session.commit()
        hire_ids = [hire.id for hire in hires]
    agent, approver, engineer = login_as("agent"), login_as("approver"), login_as("engineer")
    for hire in hire_ids:  # "file another for someone else": back to the form each time
        filed = agent.form("/tickets/new", {**INSTALL, "requester_id": str(hire), "another": "1"})
        assert filed.headers["Location"].startswith("/tickets/new?")
    with app.app_context():
        numbers = db.session.scalars(sa.select(Ticket.number).order_by(Ticket.id)).all()
    assert len(numbers) == 5
    for n, number in enumerate(numbers):
        assert approver.form(f"/installations/{number}/approve").status_code == 302
        page = engineer.get(f"/installations/{number}").get_data(as_text=True)
        assert '<option value="dock">Docking station</option>' in page
        the_set = {
            "items-0-tag": f"LT-05{n:02d}",
            "items-0-type": "laptop",
            "items-0-model": "ThinkPad T14",
            "items-0-serial": f"PF3NEW{n:02d}",
            "items-1-tag": f"DK-05{n:02d}",
            "items-1-type": "dock",
            "items-1-model": "ThinkPad USB-C Dock",
            "items-1-serial": f"DK8{n:02d}42",
            "items-2-tag": f"MON-05{n:02d}",
            "items-2-type": "monitor",
            "items-2-model": "Dell P2422H",
        }
        response = engineer.form(f"/installations/{number}/install", the_set)
        assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
        signed = engineer.form(
            f"/installations/{number}/sign", {"signature": signature(), "signer_name": ""}
        )
        assert signed.status_code == 302
    with app.app_context():
        for n, number in enumerate(numbers):
            record = installation(app, number)
            assert record.user_id == hire_ids[n] and record.status == "signed_off"
            assert record.signoff.signer_name == f"Hire {n}"
            assert record.ticket.status == "closed"
            sheet = db.session.scalar(
                sa.select(Attachment).where(Attachment.ticket_id == record.ticket_id)
            )
            assert sheet.filename == f"{number}-signed.pdf"
            laptop = db.session.scalar(sa.select(Asset).where(Asset.tag == f"LT-05{n:02d}"))
            members = db.session.scalars(
                sa.select(AssetRelation).where(AssetRelation.asset_id == laptop.id)
            ).all()
            assert sorted((m.kind, m.target.tag, m.target.type.code) for m in members) == [
                ("set_member", f"DK-05{n:02d}", "dock"),
                ("set_member", f"MON-05{n:02d}", "monitor"),
            ]
            assert {laptop.owner_id, *(m.target.owner_id for m in members)} == {hire_ids[n]}
