"""Input no database could store never reaches one: NUL bytes, lone surrogates, numbers no
column holds, impossible years and JSON nested without end answer 400/422 with a reason in
the reader's language, on every database; never a server error."""

import pytest
import sqlalchemy as sa

from app.accounts.services import issue_token, user_by_email
from app.extensions import db
from app.tickets.models import Ticket, TicketEvent
from tests.conftest import ROLE_EMAILS

DEEP = "[" * 5000 + "]" * 5000


def bearer(app, role: str) -> dict:
    with app.app_context():
        token = issue_token(user_by_email(ROLE_EMAILS[role]), actor=None, label="test")
        db.session.commit()
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}


def tickets(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(Ticket.id)))


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/tickets?page=99999999999999999999", 400),
        ("/api/v1/tickets?per_page=99999999999999999999", 400),
        ("/api/v1/reports/monthly/0000-01", 400),
        ("/api/v1/reports/monthly/9999-12", 400),
        ("/api/v1/tickets?q=%00", 400),
        ("/api/v1/calendars/office/days?from=9999-01-01&to=9999-12-31", 400),
        ("/api/v1/calendars/office/days?from=0001-01-01&to=0001-01-31", 400),
        ("/api/v1/calendars/office/due?start=9999-12-31T23:00:00%2B08:00&minutes=600", 400),
    ],
)
def test_api_queries_that_cannot_be_answered(app, users, url, status):
    response = app.test_client().get(url, headers=bearer(app, "manager"))
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.get_json()["error"]["message"]


@pytest.mark.parametrize(
    "url",
    [
        "/reports/dashboard?period=0000-01",
        "/reports/dashboard?period=9999-12",
        "/changes/calendar?month=9999-12",
        "/changes/calendar?month=0000-01",
        "/assets?page=99999999999999999999",
        "/desk?page=99999999999999999999",
        "/audit?page=99999999999999999999",
        "/desk?q=%00",
        "/sla/calendars/office?month=9999-12",
        "/sla/years/2999",
    ],
)
def test_pages_answer_bad_arguments_without_a_server_error(login_as, url):
    response = login_as("manager").get(url, follow_redirects=True)
    assert response.status_code in (200, 400, 404), (url, response.status_code)
    if response.status_code == 400:
        page = response.get_data(as_text=True)
        assert "too large" in page or "cannot be stored" in page


def test_the_reason_is_in_the_readers_language(login_as):
    manager = login_as("manager")
    manager.form("/language/zh")
    response = manager.get("/desk?page=99999999999999999999")
    assert response.status_code == 400
    assert "数字过大" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "body",
    [
        DEEP,
        '{"title": "a\\u0000b", "catalog_item": "sys.network"}',
        '{"title": "a\\ud800b", "catalog_item": "sys.network"}',
        '{"title\\u0000": "x", "catalog_item": "sys.network"}',
        '{"title": "x", "catalog_item": "sys.network", "urgency": 1' + "0" * 40 + "}",
    ],
)
def test_json_bodies_no_database_could_store(app, users, body):
    response = app.test_client().post("/api/v1/tickets", data=body, headers=bearer(app, "agent"))
    assert response.status_code in (400, 422), response.get_data(as_text=True)
    assert response.get_json()["error"]["message"]
    assert tickets(app) == 0


def test_text_a_view_lets_through_is_stopped_before_it_is_written(app, users, login_as):
    """A reply has no field rule of its own for NUL bytes: the last screen refuses it."""
    from tests.factories import open_ticket

    with app.app_context():
        number = open_ticket(users["employee"]).number
        db.session.commit()
    employee = login_as("employee")
    response = employee.form(f"/tickets/{number}/reply", {"note": "still\x00broken"})
    assert response.status_code in (400, 422)
    assert "cannot be stored" in response.get_data(as_text=True)
    with app.app_context():
        notes = db.session.scalars(
            sa.select(TicketEvent.note).join(Ticket).where(Ticket.number == number)
        ).all()
    assert not any("still" in (note or "") for note in notes)


def test_a_nul_byte_in_the_unauthenticated_sign_in_form(app, client, users):
    token = client.csrf_token()
    response = client.post(
        "/login",
        data=f"email=a%00b@client.test&password=x&csrf_token={token}",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (400, 422)
    assert "cannot be stored" in response.get_data(as_text=True)
