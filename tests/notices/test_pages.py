"""Notices: publishing with refusals, the banner per audience, closing it, mailing once (in
the request or by the worker), the change announcement, and the client's notices."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.accounts.models import Department
from app.extensions import db, utcnow
from app.mail.models import OutboxMessage
from app.notices import rules, services
from app.notices.models import ClientNotice, Notice
from tests.changes.helpers import NOW, WINDOW, new_change, step
from tests.conftest import ROLE_EMAILS, make_user
from tests.meetings.helpers import user


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def publish(title, *, hours=(-1, 3), department_ids=(), locations="", kind="maintenance"):
    now = utcnow()
    return services.save_notice(
        None,
        services.NoticeInput(
            kind=kind,
            title=title,
            starts_at=now + timedelta(hours=hours[0]),
            ends_at=now + timedelta(hours=hours[1]),
            department_ids=list(department_ids),
            locations=locations,
        ),
        actor=user("manager"),
        now=now,
    )


@pytest.fixture
def departments(app, users):
    with app.app_context():
        finance = Department(code="FIN", name_zh="财务部", name_en="Finance")
        sales = Department(code="SAL", name_zh="销售部", name_en="Sales")
        db.session.add_all([finance, sales])
        db.session.flush()
        employee = user("employee")
        employee.department_id, employee.location = finance.id, "3F 12号工位"
        db.session.commit()
        return {"FIN": finance.id, "SAL": sales.id}


def test_an_employee_sees_only_the_banners_meant_for_them(app, departments, login_as):
    with app.app_context():
        publish("给所有人")
        publish("给财务部", department_ids=[departments["FIN"]])
        publish("给销售部", department_ids=[departments["SAL"]])
        publish("给三楼", locations="3F")
        publish("给五楼", locations="5F")
        publish("已结束", hours=(-5, -1))
        publish("还没开始", hours=(1, 5))
        db.session.commit()
    page = login_as("employee").get("/tickets/new")  # every page, not only home
    banners = page.text.split('data-testid="notice-banners"')[1].split("</main>")[0]
    for shown in ("给所有人", "给财务部", "给三楼"):
        assert shown in banners
    for hidden in ("给销售部", "给五楼", "已结束", "还没开始"):
        assert hidden not in page.text
    agent_page = login_as("agent").get("/")
    assert "给所有人" in agent_page.text and "给财务部" not in agent_page.text


def test_closing_a_banner_is_per_user(app, departments, login_as):
    with app.app_context():
        notice_id = publish("邮件系统维护").id
        db.session.commit()
    employee = login_as("employee")
    closed = employee.form(
        f"/notices/{notice_id}/dismiss", {"next": "/tickets/new"}, headers={"HX-Request": "true"}
    )
    assert closed.status_code == 200 and closed.text == ""
    assert "邮件系统维护" not in employee.get("/").text
    assert "邮件系统维护" in login_as("approver").get("/").text
    again = employee.form(f"/notices/{notice_id}/dismiss", {"next": "/tickets/new"})
    assert again.status_code == 302 and again.headers["Location"] == "/tickets/new"


def notice_form(**overrides):
    data = {
        "kind": "maintenance",
        "title": "打印服务器升级",
        "body": "周六 22:00 起约两小时",
        "starts_at": "2026-12-05T22:00",
        "ends_at": "2026-12-06T00:00",
        "locations": "",
    }
    data.update(overrides)
    return data


def test_publishing_refuses_bad_input_and_writes_nothing(app, departments, login_as):
    agent = login_as("agent")
    for change, message in [
        ({"ends_at": "2026-12-05T21:00"}, "The notice must end after it starts."),
        ({"starts_at": "2026-13-01T10:00"}, "Not a valid datetime value"),
        ({"starts_at": "0001-01-01T00:00"}, "between the years 1900 and 2100"),
        ({"title": "x\x00y"}, "cannot be stored"),
        ({"title": ""}, "This field is required."),
        ({"department_ids": "999"}, "is not a valid choice"),
    ]:
        response = agent.form("/notices/new", notice_form(**change))
        assert response.status_code == 422 and message in response.text, change
    with app.app_context():
        assert count(Notice) == 0
    saved = agent.form("/notices/new", notice_form(department_ids=str(departments["FIN"])))
    assert saved.status_code == 302
    listing = agent.get("/notices/").text
    assert "打印服务器升级" in listing and "Finance" in listing
    assert login_as("engineer").get("/notices/new").status_code == 403
    assert login_as("employee").get("/notices/").status_code == 403


def test_a_notice_is_mailed_once_to_its_audience(app, departments, login_as):
    with app.app_context():
        notice_id = publish("财务系统停机", department_ids=[departments["FIN"]]).id
        db.session.commit()
    manager = login_as("manager")
    assert manager.form(f"/notices/{notice_id}/mail", {}).status_code == 302
    assert manager.form(f"/notices/{notice_id}/mail", {}).status_code == 302  # once only
    with app.app_context():
        (message,) = db.session.scalars(sa.select(OutboxMessage)).all()
        assert message.recipient == ROLE_EMAILS["employee"] and "财务系统停机" in message.subject


def test_a_large_audience_is_mailed_by_the_worker(app, users, monkeypatch):
    monkeypatch.setattr(rules, "MAIL_IN_REQUEST", 1)
    with app.app_context():
        for n in range(3):
            make_user("employee", email=f"e{n}@client.test")
        notice = publish("全员通知")
        assert services.request_mail(notice, actor=user("manager"), now=utcnow()) is None
        assert count(OutboxMessage) == 0
        db.session.commit()
        from app.notices.jobs import notice_mail_job

        assert notice_mail_job(utcnow()) == 5  # four employees and the approver
        assert notice_mail_job(utcnow()) == 0
        assert count(OutboxMessage) == 5


def test_a_planned_change_announcement_becomes_a_notice(app, users):
    with app.test_request_context():
        change = new_change(title="更换核心交换机")
        step(change, "submit", "approve", "schedule", at=NOW)
        notice = db.session.scalar(sa.select(Notice).where(Notice.change_number == change.number))
        assert notice.kind == "maintenance" and change.number in notice.title
        assert (notice.starts_at, notice.ends_at) == (NOW, WINDOW[1])
        assert rules.is_valid_at(notice.starts_at, notice.ends_at, WINDOW[0])
        db.session.remove()


def test_client_notices_recorded_acknowledged_once(app, users, login_as):
    from app.contracts.services import get_contract
    from tests.conftest import make_user

    with app.app_context():
        get_contract().client_project_lead_id = users["approver"]
        make_user("approver", "dept.approver@client.test")
        db.session.commit()
    other = app.test_client()
    other.login("dept.approver@client.test")  # an approver the contract does not name
    assert other.form("/client-notices/", {"kind": "move"}).status_code == 403
    approver = login_as("approver")
    bad = approver.form(
        "/client-notices/", {"kind": "move", "effective_on": "2026-02-30", "description": "搬"}
    )
    assert bad.status_code == 422 and "Not a valid date value" in bad.text
    empty = approver.form("/client-notices/", {"kind": "move", "effective_on": "2026-12-20"})
    assert empty.status_code == 422 and "This field is required." in empty.text
    nul = approver.form(
        "/client-notices/", {"kind": "move", "effective_on": "2026-12-20", "description": "a\x00"}
    )
    assert nul.status_code == 422 and "cannot be stored" in nul.text
    with app.app_context():
        assert count(ClientNotice) == 0
    recorded = approver.form(
        "/client-notices/",
        {"kind": "move", "effective_on": "2026-12-20", "description": "财务部搬到 5F"},
    )
    assert recorded.status_code == 302
    assert login_as("employee").get("/client-notices/").status_code == 403
    assert login_as("agent").form("/client-notices/", {}).status_code == 403
    manager = login_as("manager")
    home = manager.get("/").text
    assert 'data-testid="client-notices-waiting"' in home and "财务部搬到 5F" in home
    with app.app_context():
        notice_id = db.session.scalar(sa.select(ClientNotice.id))
    url = f"/client-notices/{notice_id}/acknowledge"
    assert manager.form(url, {"follow_up": "CHG-2026-000123"}).status_code == 302
    assert manager.form(url, {"follow_up": "again"}).status_code == 409
    page = manager.get("/client-notices/").text
    assert "CHG-2026-000123" in page and "again" not in page
    assert 'href="/changes/CHG-2026-000123"' in page  # the follow-up links the change
    assert 'data-testid="client-notices-waiting"' not in manager.get("/").text
    assert approver.form(url, {"follow_up": "x"}).status_code == 403
