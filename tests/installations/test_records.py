"""The installation record comes with its ticket; pages only read; older tickets still work."""

import sqlalchemy as sa

from app.accounts.services import issue_token, user_by_email
from app.extensions import db
from app.installations import workflow
from app.installations.models import Installation
from app.tickets.models import Attachment, Ticket
from tests.conftest import ROLE_EMAILS
from tests.installations.helpers import SET, installation, request_installation, signature


def row_counts() -> dict[str, int]:
    with db.engine.connect() as connection:
        return {
            table.name: connection.scalar(sa.select(sa.func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }


def installation_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Installation.id)))


def forget_record(app, number: str) -> None:
    """A ticket opened before installations were recorded with their ticket."""
    with app.app_context():
        db.session.execute(sa.delete(Installation))
        db.session.commit()
        assert db.session.scalar(sa.select(Ticket.id).where(Ticket.number == number))


def api_headers(app, role: str) -> dict:
    with app.app_context():
        token = issue_token(user_by_email(ROLE_EMAILS[role]), actor=None)
        db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def read_everything(clients: dict, number: str, api: dict) -> None:
    """Every page, fragment, sheet and API read of one installation."""
    for role, client in clients.items():
        for headers in ({}, {"HX-Request": "true"}):
            assert client.get(f"/installations/{number}", headers=headers).status_code == 200
            if role != "employee":
                listed = client.get("/installations/?status=requested", headers=headers)
                assert number in listed.get_data(as_text=True)
        assert client.get(f"/installations/{number}/sheet.pdf").status_code == 200
        status = client.get(f"/api/v1/tickets/{number}/installation", headers=api[role])
        assert status.status_code == 200, status.json


def test_requesting_an_installation_creates_its_record(app, login_as):
    number = request_installation(login_as, "install.replace")
    with app.app_context():
        record = installation(app, number)
        assert (record.kind, record.status, record.user.email) == (
            "replace",
            "requested",
            ROLE_EMAILS["employee"],
        )
        assert installation_count() == 1
    login_as("employee").form(
        "/tickets/new",
        {"catalog_code": "sys.network", "title": "Wi-Fi", "urgency": "low", "impact": "low"},
    )
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Ticket.id))) == 2
        assert installation_count() == 1


def test_reading_an_installation_writes_nothing(app, login_as):
    number = request_installation(login_as)
    roles = ("employee", "approver", "agent")
    clients = {role: login_as(role) for role in roles}
    api = {role: api_headers(app, role) for role in roles}
    with app.app_context():
        before = row_counts()
    read_everything(clients, number, api)
    with app.app_context():
        assert row_counts() == before


def test_an_older_ticket_is_shown_not_prepared_until_its_approval(app, login_as):
    number = request_installation(login_as)
    forget_record(app, number)
    roles = ("employee", "approver", "agent")
    clients = {role: login_as(role) for role in roles}
    api = {role: api_headers(app, role) for role in roles}
    engineer = login_as("engineer")  # signed in first: a sign-in is itself audited
    with app.app_context():
        before = row_counts()
    read_everything(clients, number, api)
    page = clients["approver"].get(f"/installations/{number}").get_data(as_text=True)
    assert 'data-testid="not-prepared"' in page
    assert 'data-testid="approve-installation"' in page
    assert "Not prepared yet" in clients["agent"].get("/installations/").get_data(as_text=True)
    status = clients["agent"].get(f"/api/v1/tickets/{number}/installation", headers=api["agent"])
    assert (status.json["status"], status.json["prepared"]) == ("requested", False)
    # a step that cannot be taken yet leaves no half-made record behind
    assert engineer.form(f"/installations/{number}/install", SET).status_code == 409
    with app.app_context():
        assert row_counts() == before
    assert clients["approver"].form(f"/installations/{number}/approve").status_code == 302
    assert clients["approver"].form(f"/installations/{number}/approve").status_code == 409
    with app.app_context():
        assert installation_count() == 1
        record = installation(app, number)
        assert (record.status, record.approved_by.email) == ("approved", ROLE_EMAILS["approver"])
    assert 'data-testid="not-prepared"' not in clients["approver"].get(
        f"/installations/{number}"
    ).get_data(as_text=True)


def test_preparing_an_older_ticket_twice_makes_one_record(app, login_as):
    number = request_installation(login_as)
    forget_record(app, number)
    with app.app_context():
        ticket = db.session.scalar(sa.select(Ticket).where(Ticket.number == number))
        first = workflow.prepare(ticket, now=ticket.created_at)
        second = workflow.prepare(ticket, now=ticket.created_at)
        db.session.commit()
        assert first is second and installation_count() == 1


def test_request_to_signed_sheet_keeps_one_record(app, login_as):
    number = request_installation(login_as)
    with app.app_context():
        record_id = installation(app, number).id
    assert login_as("approver").form(f"/installations/{number}/approve").status_code == 302
    assert login_as("engineer").form(f"/installations/{number}/install", SET).status_code == 302
    employee = login_as("employee")
    signed = employee.form(f"/installations/{number}/sign", {"signature": signature()})
    assert signed.status_code == 302
    sheet = employee.get(f"/installations/{number}/sheet.pdf")
    assert sheet.status_code == 200 and sheet.data.startswith(b"%PDF")
    with app.app_context():
        record = installation(app, number)
        assert (record.id, record.status, record.ticket.status) == (
            record_id,
            "signed_off",
            "closed",
        )
        assert installation_count() == 1
        filed = db.session.scalar(
            sa.select(Attachment.filename).where(Attachment.ticket_id == record.ticket_id)
        )
        assert filed == f"{number}-signed.pdf"


def test_a_concurrent_preparation_is_taken_over(app, login_as, monkeypatch):
    number = request_installation(login_as)
    forget_record(app, number)
    approver = login_as("approver")

    def prepared_meanwhile(ticket, *, now):
        """Another request commits the record between our read and our flush."""
        with db.engine.begin() as connection:
            connection.execute(
                sa.insert(Installation).values(
                    ticket_id=ticket.id, kind="new", status="requested", created_at=now
                )
            )
        db.session.add(workflow.new_record(ticket, created_at=now))
        db.session.flush()

    monkeypatch.setattr(workflow, "prepare", prepared_meanwhile)
    assert approver.form(f"/installations/{number}/approve").status_code == 302
    with app.app_context():
        assert installation_count() == 1
        assert installation(app, number).status == "approved"
