"""The request form as the desk uses it: filing for the person a request is for (scenario 8)."""

from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.tickets.models import Ticket, TicketEvent
from tests.conftest import make_user

INSTALL = {
    "group": "install",
    "catalog_code": "install.new",
    "title": "New hire laptop set",
    "urgency": "low",
    "impact": "low",
}


def new_hire(name: str, email: str, **fields) -> int:
    return make_user("employee", email, name=name, **fields).id


def tickets() -> list[Ticket]:
    return db.session.scalars(sa.select(Ticket).order_by(Ticket.id)).all()


def test_the_desk_finds_the_person_and_files_for_them(app, users, login_as):
    with app.app_context():
        hire = new_hire("Wang Fang", "wang.fang@client.test", phone="13900000011")
        db.session.commit()
    agent = login_as("agent")
    page = agent.get("/tickets/new?group=install").get_data(as_text=True)
    assert 'name="caller_query"' in page and 'id="requester_id"' in page
    assert 'data-testid="file-another"' in page
    found = agent.get("/desk/callers?caller_query=wang").get_data(as_text=True)
    assert f'data-choose-caller="{hire}"' in found  # phone intake's lookup, as it is
    response = agent.form("/tickets/new", {**INSTALL, "requester_id": str(hire)})
    assert response.status_code == 302
    number = response.headers["Location"].rsplit("/", 1)[1]
    with app.app_context():
        (ticket,) = tickets()
        assert (ticket.number, ticket.requester_id, ticket.channel) == (number, hire, "web")
        created = db.session.scalar(sa.select(TicketEvent).where(TicketEvent.action == "created"))
        assert created.actor_id == users["agent"]  # the desk filed it; the history says so
    # the new hire follows their request; the agent sees it from the desk
    hire_client = app.test_client()
    hire_client.login("wang.fang@client.test")
    assert number in hire_client.get("/tickets/mine").get_data(as_text=True)


def test_file_another_keeps_the_item_and_clears_the_person(app, users, login_as):
    with app.app_context():
        hires = [new_hire(f"New Hire {n}", f"hire{n}@client.test") for n in range(5)]
        db.session.commit()
    agent = login_as("agent")
    for n, hire in enumerate(hires):
        response = agent.form(
            "/tickets/new", {**INSTALL, "requester_id": str(hire), "another": "1"}
        )
        assert response.status_code == 302
        target = urlsplit(response.headers["Location"])
        assert target.path == "/tickets/new"
        assert parse_qs(target.query)["catalog_code"] == ["install.new"]
        page = agent.get(response.headers["Location"]).get_data(as_text=True)
        assert f"opened for New Hire {n}" in page
        assert '<option selected value="install.new">' in page
        assert 'value="New hire laptop set"' in page
        assert 'id="requester_id" name="requester_id" type="hidden" value=""' in page
        assert 'data-testid="requester-chosen">—<' in page
    with app.app_context():
        filed = tickets()
        assert [t.requester_id for t in filed] == hires
        assert {t.catalog_item.code for t in filed} == {"install.new"}


def test_an_employee_files_for_themselves_only(app, users, login_as):
    with app.app_context():
        colleague = new_hire("Colleague", "colleague@client.test")
        db.session.commit()
    employee = login_as("employee")
    page = employee.get("/tickets/new").get_data(as_text=True)
    assert 'name="caller_query"' not in page and 'name="requester_id"' not in page
    assert 'data-testid="file-another"' not in page
    refused = employee.form("/tickets/new", {**INSTALL, "requester_id": str(colleague)})
    assert refused.status_code == 403
    assert employee.get("/desk/callers?caller_query=coll").status_code == 403
    with app.app_context():
        assert tickets() == []
    own = employee.form("/tickets/new", {**INSTALL, "requester_id": str(users["employee"])})
    assert own.status_code == 302 and "/tickets/INS-" in own.headers["Location"]
    with app.app_context():
        assert [t.requester_id for t in tickets()] == [users["employee"]]


@pytest.mark.parametrize("role", ["engineer", "approver"])
def test_other_roles_cannot_file_for_someone_else(app, users, login_as, role):
    assert (
        login_as(role)
        .form("/tickets/new", {**INSTALL, "requester_id": str(users["employee"])})
        .status_code
        == 403
    )


def test_the_desk_must_name_a_known_person(app, users, login_as):
    with app.app_context():
        gone = new_hire("Left The Company", "gone@client.test", active=False)
        db.session.commit()
    agent = login_as("agent")
    for bad in ("999999", "x1", str(gone)):
        response = agent.form("/tickets/new", {**INSTALL, "requester_id": bad})
        assert response.status_code == 422
        assert "Find and choose the person first." in response.get_data(as_text=True)
    # an installation is for the person who gets the device, never the agent by default
    response = agent.form("/tickets/new", INSTALL)
    assert response.status_code == 422
    assert "Choose the person the device is for." in response.get_data(as_text=True)
    with app.app_context():
        assert tickets() == []
    # any other request may still be the desk's own
    own = agent.form(
        "/tickets/new",
        {
            "catalog_code": "sys.network",
            "title": "Desk PC offline",
            "urgency": "low",
            "impact": "low",
        },
    )
    assert own.status_code == 302
    with app.app_context():
        assert [t.requester_id for t in tickets()] == [users["agent"]]


def test_a_form_error_keeps_the_chosen_person(app, users, login_as):
    agent = login_as("agent")
    response = agent.form(
        "/tickets/new", {**INSTALL, "title": "", "requester_id": str(users["employee"])}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'value="{users["employee"]}"' in page
    assert 'data-testid="requester-chosen">Employee Tester<' in page


def test_in_a_browser_the_agent_chooses_each_new_hire(app, users, new_page):
    """The phone intake's caller lookup, reused on the request form; "file another" twice."""
    from tests.conftest import ROLE_EMAILS, sign_in

    with app.app_context():
        hires = [
            new_hire("Wang Fang", "wang.fang@client.test"),
            new_hire("Wang Lei", "wang.lei@client.test"),
        ]
        db.session.commit()
    page = new_page()
    sign_in(page, ROLE_EMAILS["agent"])
    page.goto("/tickets/new?group=install&catalog_code=install.new")
    for name in ("Wang Fang", "Wang Lei"):
        assert page.locator("[data-testid=requester-chosen]").inner_text() == "—"
        assert page.locator("select[name=catalog_code]").input_value() == "install.new"
        page.fill("input[name=caller_query]", name)
        page.click(f"#callers button:has-text('{name}')")
        assert page.locator("[data-testid=requester-chosen]").inner_text().startswith(name)
        page.fill("input[name=title]", "New hire laptop set")
        page.click("[data-testid=file-another]")
        page.wait_for_url("**/tickets/new?**")
        assert f"opened for {name}" in page.locator(".flash-success").inner_text()
    page.screenshot(path="/tmp/request-for-someone.png", full_page=True)
    with app.app_context():
        assert [t.requester_id for t in tickets()] == hires
