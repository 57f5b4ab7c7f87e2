"""Rules on one object that the role matrix alone does not catch: whose visit an engineer may
record, which devices a request may name, how long a comment may be, what a title may hold."""

import sqlalchemy as sa

from app.assets.services import create_asset
from app.extensions import db
from app.mail.models import OutboxMessage
from app.tickets import actions
from app.tickets.models import Ticket
from tests.conftest import ROLE_EMAILS, make_user
from tests.factories import MONDAY_0912, open_ticket, perform, person


def dispatched_to_the_test_engineer(app) -> str:
    with app.app_context():
        ticket = open_ticket("employee")
        perform(actions.accept, ticket, "agent", MONDAY_0912)
        perform(actions.dispatch, ticket, "agent", MONDAY_0912, person("engineer"))
        make_user("engineer", "other.eng@vendor.test")
        db.session.commit()
        return ticket.number


def test_only_the_dispatched_engineer_records_the_visit(app, users, login_as, api):
    number = dispatched_to_the_test_engineer(app)
    other = app.test_client()
    other.login("other.eng@vendor.test")
    refused = other.form(f"/tickets/{number}/act", {"action": "arrive"})
    assert refused.status_code == 403
    page = other.get(f"/tickets/{number}").get_data(as_text=True)
    assert 'value="arrive"' not in page
    # a comment is still theirs to add
    assert (
        other.form(f"/tickets/{number}/reply", {"note": "I can cover if needed"}).status_code == 302
    )
    assert (
        login_as("engineer").form(f"/tickets/{number}/act", {"action": "arrive"}).status_code == 302
    )
    with app.app_context():
        assert db.session.scalar(sa.select(Ticket.status)) == "onsite"


def add_device(tag: str, owner_role: str) -> None:
    values = {
        "tag": tag,
        "type": "laptop",
        "model": "ThinkPad T14",
        "owner": ROLE_EMAILS[owner_role],
    }
    create_asset(values, actor=None, now=MONDAY_0912)
    db.session.commit()


def test_a_request_names_only_devices_that_exist_and_the_person_may_see(app, users, api):
    with app.app_context():
        add_device("LT-MINE", "employee")
        add_device("LT-BOSS", "manager")
    employee = api("employee")
    body = {"title": "Slow laptop", "catalog_item": "sys.network"}
    assert employee.post("/api/v1/tickets", {**body, "assets": ["LT-MINE"]}).status_code == 201
    for tags in (["LT-BOSS"], ["NO-SUCH-TAG"], ["X" * 100_000], [f"T{n}" for n in range(5000)]):
        refused = employee.post("/api/v1/tickets", {**body, "assets": tags})
        assert refused.status_code == 400, tags[:1]
        assert "assets" in refused.get_json()["error"]["fields"]
    # the desk names any device in the register
    assert api("agent").post("/api/v1/tickets", {**body, "assets": ["LT-BOSS"]}).status_code == 201
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Ticket.id))) == 2


def test_employees_file_web_requests_only(app, users, api):
    body = {"title": "Printer", "catalog_item": "sys.network", "channel": "phone"}
    refused = api("employee").post("/api/v1/tickets", body)
    assert refused.status_code == 400
    assert "channel" in refused.get_json()["error"]["fields"]
    assert api("agent").post("/api/v1/tickets", body).status_code == 201


def test_api_comments_have_the_forms_length_limit(app, users, api):
    with app.app_context():
        number = open_ticket("employee").number
    agent = api("agent")
    long = agent.post(
        f"/api/v1/tickets/{number}/actions", {"action": "comment", "note": "x" * 5001}
    )
    assert long.status_code == 400
    fine = agent.post(
        f"/api/v1/tickets/{number}/actions", {"action": "comment", "note": "x" * 5000}
    )
    assert fine.status_code == 200


def test_a_line_break_in_a_title_never_reaches_a_mail_header(app, users, api):
    created = api("employee").post(
        "/api/v1/tickets",
        {"title": "Broken\r\nBcc: everyone@client.test", "catalog_item": "sys.network"},
    )
    assert created.status_code == 201
    assert created.get_json()["title"] == "Broken Bcc: everyone@client.test"
    with app.app_context():
        subjects = db.session.scalars(sa.select(OutboxMessage.subject)).all()
    assert subjects and not any("\n" in s or "\r" in s for s in subjects)


def test_the_desk_and_a_manager_may_record_the_visit_over_the_api_too(app, users, api):
    number = dispatched_to_the_test_engineer(app)
    other = api("other.eng@vendor.test")
    refused = other.post(f"/api/v1/tickets/{number}/actions", {"action": "arrive"})
    assert refused.status_code == 403
    arrived = api("agent").post(f"/api/v1/tickets/{number}/actions", {"action": "arrive"})
    assert arrived.status_code == 200 and arrived.get_json()["status"] == "onsite"
    resolved = api("manager").post(
        f"/api/v1/tickets/{number}/actions", {"action": "resolve", "note": "toner replaced"}
    )
    assert resolved.status_code == 200 and resolved.get_json()["status"] == "resolved"


def test_a_line_break_in_a_change_title_is_flattened(app, users):
    from tests.changes.helpers import new_change

    with app.test_request_context():
        change = new_change(title="Printer move\r\nBcc: everyone@client.test")
        db.session.commit()
        assert change.title == "Printer move Bcc: everyone@client.test"
