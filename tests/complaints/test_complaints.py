"""The complaint log (S10): filing, the agreed steps, outcome and acknowledgement, who sees what."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.accounts.services import issue_token, user_by_email
from app.audit.models import AuditEvent
from app.complaints import rules
from app.complaints.models import Complaint, ComplaintEvent
from app.contracts.services import get_contract
from app.extensions import db
from app.mail.models import OutboxMessage
from tests.conftest import ROLE_EMAILS, make_user


@pytest.mark.parametrize(
    ("status", "action", "after"),
    [
        ("open", "start", "in_progress"),
        ("open", "resolve", "awaiting_acknowledgement"),
        ("in_progress", "add_step", "in_progress"),
        ("in_progress", "resolve", "awaiting_acknowledgement"),
        ("awaiting_acknowledgement", "acknowledge", "closed"),
        ("awaiting_acknowledgement", "dispute", "in_progress"),
        ("closed", "reopen", "in_progress"),
    ],
)
def test_the_agreed_procedure(status, action, after):
    assert rules.next_status(status, action) == after


@pytest.mark.parametrize(
    ("status", "action"),
    [("open", "acknowledge"), ("closed", "resolve"), ("in_progress", "dispute"), ("open", "fly")],
)
def test_steps_out_of_order_are_refused(status, action):
    with pytest.raises(rules.TransitionError):
        rules.next_status(status, action)


def test_due_dates_are_whole_shanghai_days():
    filed = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)  # 23:30 on the 23rd in Shanghai
    due = rules.due_at(filed, 5)
    assert due == datetime(2026, 11, 28, 15, 59, 59, tzinfo=UTC)  # end of the 28th, Shanghai
    assert rules.local_day(due) == date(2026, 11, 28)
    assert rules.end_of_local_day(date(2026, 11, 28)) == due
    later = due + timedelta(seconds=2)
    assert not rules.is_overdue("in_progress", due, due)
    assert rules.is_overdue("in_progress", due, later)
    assert not rules.is_overdue("awaiting_acknowledgement", due, later)
    assert not rules.is_overdue("closed", due, later)


@pytest.fixture
def owner(app, users):
    with app.app_context():
        get_contract().customer_service_manager_id = users["manager"]
        db.session.commit()


def file(client, data) -> str:
    response = client.form("/complaints/new", data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return response.headers["Location"].rsplit("/", 1)[1]


def act(client, number, action, **data):
    return client.form(f"/complaints/{number}/act", {"action": action, **data})


def test_an_employee_files_and_the_complaint_runs_to_agreement(app, users, login_as, owner):
    employee = login_as("employee")
    number = file(employee, {"title": "The engineer came two hours late", "description": "…"})
    assert number.startswith("CMP-")
    with app.app_context():
        complaint = db.session.scalar(sa.select(Complaint).where(Complaint.number == number))
        assert (complaint.source, complaint.status) == ("employee", "open")
        assert complaint.complainant_id == users["employee"]
        assert complaint.owner_id == users["manager"]
        assert complaint.due_at == rules.due_at(complaint.created_at, 5)
        assert (
            db.session.scalar(
                sa.select(OutboxMessage.recipient).where(OutboxMessage.subject.contains(number))
            )
            == ROLE_EMAILS["manager"]
        )
    manager = login_as("manager")
    assert act(manager, number, "start").status_code == 302
    assert act(manager, number, "add_step", note="Call the user back today").status_code == 302
    assert act(manager, number, "add_step", note="Brief the onsite team").status_code == 302
    with app.app_context():
        step = db.session.scalar(sa.select(Complaint).where(Complaint.number == number)).steps[0]
    assert act(manager, number, "complete_step", step_id=str(step.id)).status_code == 302
    assert act(manager, number, "resolve").status_code == 422  # the outcome must be written
    assert (
        act(manager, number, "resolve", note="Apologised; arrival now tracked").status_code == 302
    )
    # the employee disputes once, then accepts
    assert act(employee, number, "dispute", note="Still late yesterday").status_code == 302
    assert act(manager, number, "resolve", note="Second engineer on the floor").status_code == 302
    assert act(employee, number, "acknowledge").status_code == 302
    page = employee.get(f"/complaints/{number}").get_data(as_text=True)
    assert 'data-testid="acknowledged"' in page and "Second engineer on the floor" in page
    with app.app_context():
        complaint = db.session.scalar(sa.select(Complaint).where(Complaint.number == number))
        assert complaint.status == "closed"
        assert complaint.acknowledged_by_id == users["employee"]
        assert [s.done_at is not None for s in complaint.steps] == [True, False]
        actions = db.session.scalars(
            sa.select(ComplaintEvent.action)
            .where(ComplaintEvent.complaint_id == complaint.id)
            .order_by(ComplaintEvent.id)
        ).all()
        assert actions == [
            "created", "start", "add_step", "add_step", "complete_step",
            "resolve", "dispute", "resolve", "acknowledge",
        ]  # fmt: skip
        assert db.session.scalar(
            sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.action.like("complaint.%"))
        ) == len(actions)


def test_an_agent_files_for_a_caller_and_logs_a_major_incident(app, users, login_as, owner):
    agent = login_as("agent")
    missing = agent.form(
        "/complaints/new", {"title": "Rude on the phone", "kind": "complaint", "severity": "medium"}
    )
    assert missing.status_code == 422
    assert "who is complaining" in missing.get_data(as_text=True)
    number = file(
        agent,
        {
            "title": "Rude on the phone",
            "kind": "complaint",
            "severity": "high",
            "complainant": ROLE_EMAILS["approver"],
        },
    )
    incident = file(
        agent,
        {"title": "Mail server down for 3 hours", "kind": "major_incident", "severity": "high"},
    )
    with app.app_context():
        complaint = db.session.scalar(sa.select(Complaint).where(Complaint.number == number))
        assert (complaint.source, complaint.complainant_id, complaint.filed_by_id) == (
            "desk",
            users["approver"],
            users["agent"],
        )
        major = db.session.scalar(sa.select(Complaint).where(Complaint.number == incident))
        assert (major.kind, major.source, major.complainant_id) == (
            "major_incident",
            "manager",
            None,
        )
    # agents keep the log but do not run the procedure
    assert act(agent, number, "start").status_code == 403
    assert act(agent, number, "comment", note="Called back, left a message").status_code == 302


def test_who_sees_which_complaint(app, users, login_as, owner):
    employee = login_as("employee")
    own = file(employee, {"title": "Printer still broken"})
    agent = login_as("agent")
    major = file(agent, {"title": "Network outage", "kind": "major_incident", "severity": "high"})
    with app.app_context():
        make_user("employee", "other@client.test")
        db.session.commit()
    other = app.test_client()
    other.login("other@client.test")
    assert other.get(f"/complaints/{own}").status_code == 404
    assert own not in other.get("/complaints").get_data(as_text=True)
    assert act(other, own, "comment", note="me too").status_code == 404
    assert employee.get(f"/complaints/{major}").status_code == 404
    approver = login_as("approver")
    assert approver.get(f"/complaints/{major}").status_code == 200  # client-wide
    assert approver.get(f"/complaints/{own}").status_code == 404
    assert login_as("engineer").get("/complaints").status_code == 403
    assert employee.form(f"/complaints/{own}/edit", {"severity": "low"}).status_code == 403


def test_an_employee_cannot_attach_someone_elses_ticket(app, users, login_as, owner):
    from tests.factories import open_ticket

    with app.test_request_context():
        number = open_ticket(users["approver"]).number
    response = login_as("employee").form(
        "/complaints/new", {"title": "About that", "ticket_number": number}
    )
    assert response.status_code == 422
    assert "No such ticket of yours" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Complaint.id))) == 0


def test_the_manager_sets_owner_severity_and_due_date(app, users, login_as, owner):
    number = file(login_as("employee"), {"title": "Slow"})
    manager = login_as("manager")

    def edit(owner_role):
        fields = {"severity": "high", "kind": "complaint", "due_on": "2026-12-01"}
        return manager.form(
            f"/complaints/{number}/edit", {"owner_id": str(users[owner_role]), **fields}
        )

    assert edit("agent").status_code == 302
    with app.app_context():
        complaint = db.session.scalar(sa.select(Complaint).where(Complaint.number == number))
        assert (complaint.owner_id, complaint.severity) == (users["agent"], "high")
        assert rules.local_day(complaint.due_at) == date(2026, 12, 1)
    assert edit("employee").status_code == 422  # owners are vendor staff
    manager.form("/language/zh")
    page = manager.get(f"/complaints/{number}").get_data(as_text=True)
    assert "严重程度：中 → 高" in page and "截止日期：" in page and "→ 2026-12-01" in page
    assert "Agent Tester" in page
    assert "owner_id:" not in page and "severity:" not in page


def test_managers_record_acknowledgement_only_with_a_note(app, users, login_as, owner):
    number = file(login_as("employee"), {"title": "Slow"})
    manager = login_as("manager")
    act(manager, number, "resolve", note="Done")
    assert act(manager, number, "acknowledge").status_code == 422
    assert act(manager, number, "acknowledge", note="Accepted by phone, 14:05").status_code == 302


def test_a_stale_page_cannot_overwrite(app, users, login_as, owner):
    number = file(login_as("employee"), {"title": "Slow"})
    manager = login_as("manager")
    assert act(manager, number, "start", version="1").status_code == 302
    assert act(manager, number, "resolve", note="x", version="1").status_code == 409


def api_headers(app, role):
    with app.app_context():
        token = issue_token(user_by_email(ROLE_EMAILS[role]), actor=None, label="t")
        db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_api_lists_and_shows_complaints_as_the_pages_do(app, users, client, login_as, owner):
    own = file(login_as("employee"), {"title": "Printer still broken"})
    major = file(
        login_as("agent"), {"title": "Outage", "kind": "major_incident", "severity": "high"}
    )
    manager = api_headers(app, "manager")
    listed = client.get("/api/v1/complaints", headers=manager).json
    assert listed["total"] == 2 and {i["number"] for i in listed["items"]} == {own, major}
    detail = client.get(f"/api/v1/complaints/{own}", headers=manager).json
    assert detail["complainant"]["email"] == ROLE_EMAILS["employee"]
    assert detail["history"][0]["action"] == "created"
    assert detail["due_at"].endswith("+08:00")
    employee = api_headers(app, "employee")
    mine = client.get("/api/v1/complaints", headers=employee).json
    assert [i["number"] for i in mine["items"]] == [own]
    assert client.get(f"/api/v1/complaints/{major}", headers=employee).status_code == 404
    assert client.get("/api/v1/complaints?status=bogus", headers=manager).status_code == 400
    assert client.get("/api/v1/complaints?kind=major_incident", headers=manager).json["total"] == 1
    assert client.get("/api/v1/complaints", headers=api_headers(app, "engineer")).status_code == 403
