"""Escalation pages as each role uses them: the panel on a record, the confirm link, the
log, the matrix, and bad input."""

import re
from urllib.parse import urlsplit

import sqlalchemy as sa

from app.escalations.models import Escalation, MatrixLevel
from app.extensions import db
from tests.conftest import ROLE_EMAILS
from tests.escalations.helpers import mails_to, set_matrix
from tests.factories import open_ticket, person

LINK = re.compile(r"(http://\S+/e/confirm/\S+)")
HTMX = {"HX-Request": "true"}


def escalated(app, login_as, reason="Out of scope: the client must decide"):
    with app.app_context():
        set_matrix()
        number = open_ticket().number
    agent = login_as("agent")
    answer = agent.form(
        "/escalations",
        {
            "subject": number,
            "kind": "service",
            "reason": reason,
            "owner_id": person_id(app, "agent"),
        },
    )
    assert answer.status_code == 302 and answer.location.endswith(f"/tickets/{number}")
    with app.app_context():
        escalation = db.session.scalar(sa.select(Escalation))
        return number, escalation.number


def person_id(app, role):
    with app.app_context():
        return person(role).id


def confirm_link(app) -> str:
    with app.app_context():
        body = mails_to(ROLE_EMAILS["engineer"])[-1].body_text
    return urlsplit(LINK.search(body).group(1)).path


def test_the_ticket_page_shows_its_escalation_with_the_contact_to_call(app, users, login_as):
    ticket, number = escalated(app, login_as)
    page = login_as("agent").get(f"/tickets/{ticket}").get_data(as_text=True)
    assert 'data-testid="escalations-panel"' in page and number in page
    assert "Vendor escalation engineer" in page and "waiting for confirmation" in page
    # the requester sees nothing of it
    assert number not in login_as("employee").get(f"/tickets/{ticket}").get_data(as_text=True)


def test_an_escalation_without_a_reason_is_refused_and_nothing_is_written(app, users, login_as):
    with app.app_context():
        set_matrix()
        ticket = open_ticket().number
    agent = login_as("agent")
    form = {
        "subject": ticket,
        "kind": "service",
        "reason": "  ",
        "owner_id": person_id(app, "agent"),
    }
    answer = agent.form("/escalations", form, headers=HTMX)
    assert answer.status_code == 422
    assert "Give the reason for the escalation" in answer.get_data(as_text=True)
    no_level = agent.form(
        "/escalations", form | {"kind": "contract", "reason": "Fee dispute"}, headers=HTMX
    )
    assert no_level.status_code == 422 and "no level for this kind" in no_level.get_data(
        as_text=True
    )
    assert "Fee dispute" in no_level.get_data(as_text=True)  # what was typed is kept
    assert agent.form("/escalations", form | {"subject": "INC-2099-000001"}).status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Escalation.id))) == 0


def test_the_contact_confirms_from_the_mail_link_once(app, users, login_as, client):
    _ticket, number = escalated(app, login_as)
    link = confirm_link(app)
    shown = client.get(link)
    assert shown.status_code == 200 and number in shown.get_data(as_text=True)
    with app.app_context():  # a GET (a mail scanner's prefetch) confirms nothing
        assert db.session.scalar(sa.select(Escalation)).steps[0].confirmed_at is None
    done = client.form(link, {"note": "On my way"})
    assert done.status_code == 200 and 'data-testid="link-done"' in done.get_data(as_text=True)
    again = client.form(link, {})
    assert again.status_code == 410 and 'data-testid="link-confirmed"' in again.get_data(
        as_text=True
    )
    tampered = client.get(link[:-3] + "xyz")
    assert tampered.status_code == 410 and 'data-testid="link-invalid"' in tampered.get_data(
        as_text=True
    )
    with app.app_context():
        step = db.session.scalar(sa.select(Escalation)).steps[0]
        assert step.confirmed_via == "mail" and step.note == "On my way"
        assert step.confirmed_by.email == ROLE_EMAILS["engineer"]


def test_only_the_person_called_or_a_manager_confirms(app, users, login_as):
    _ticket, number = escalated(app, login_as)
    version = lambda: db.session.scalar(sa.select(Escalation)).version  # noqa: E731
    with app.app_context():
        current = version()
    refused = login_as("agent").form(f"/escalations/{number}/confirm", {"version": current})
    assert refused.status_code == 403
    assert login_as("approver").get(f"/escalations/{number}").status_code == 404
    confirmed = login_as("engineer").form(f"/escalations/{number}/confirm", {"version": current})
    assert confirmed.status_code == 302


def test_a_manager_closes_with_an_outcome_and_the_log_shows_it(app, users, login_as):
    _ticket, number = escalated(app, login_as)
    manager = login_as("manager")
    with app.app_context():
        current = db.session.scalar(sa.select(Escalation)).version
    empty = manager.form(f"/escalations/{number}/close", {"note": " ", "version": current})
    assert empty.status_code == 422 and "Write the outcome" in empty.get_data(as_text=True)
    stale = manager.form(f"/escalations/{number}/close", {"note": "x", "version": current + 5})
    assert stale.status_code == 409
    closed = manager.form(
        f"/escalations/{number}/close", {"note": "Client approved the repair", "version": current}
    )
    assert closed.status_code == 302
    log = manager.get("/escalations?status=closed&kind=service&level=1").get_data(as_text=True)
    assert number in log
    assert number not in manager.get("/escalations?status=open").get_data(as_text=True)
    assert "YYYY-MM" in manager.get("/escalations?month=0000-01").get_data(as_text=True)
    assert login_as("agent").get("/escalations").status_code == 403


def test_the_matrix_refuses_a_level_without_a_person(app, users, login_as):
    manager = login_as("manager")
    page = manager.get("/escalations/matrix")
    assert page.status_code == 200 and "Vendor escalation engineer" in page.get_data(as_text=True)
    missing = manager.form(
        "/escalations/matrix/levels",
        {"kind": "service", "level": "1", "title": "vendor_manager", "contact_id": ""},
    )
    assert missing.status_code == 422
    assert "Choose the person this level calls" in missing.get_data(as_text=True)
    huge = manager.form(
        "/escalations/matrix/levels",
        {
            "kind": "service",
            "level": "99999999999999999999",
            "title": "vendor_manager",
            "contact_id": person_id(app, "manager"),
        },
    )
    assert huge.status_code == 422
    saved = manager.form(
        "/escalations/matrix/levels",
        {
            "kind": "service",
            "level": "1",
            "title": "vendor_manager",
            "contact_id": person_id(app, "manager"),
            "climb_after_hours": "4",
        },
    )
    assert saved.status_code == 302
    with app.app_context():
        (row,) = db.session.scalars(sa.select(MatrixLevel)).all()
        assert (row.kind, row.level, row.climb_after_minutes) == ("service", 1, 240)
    triggers = manager.form(
        "/escalations/matrix/triggers", {"p1_opened": "service", "sla_breach": "weather"}
    )
    assert triggers.status_code == 422
    assert manager.form("/escalations/matrix/triggers", {"p1_opened": "service"}).status_code == 302


def test_problems_and_complaints_show_their_escalations_too(app, users, login_as):
    from app.complaints import services as complaints
    from app.contracts.services import get_contract
    from app.problems import services as problems
    from tests.factories import MONDAY_0912

    with app.app_context():
        set_matrix("technical")
        contract = get_contract()
        problem = problems.open_problem(
            problems.NewProblem(title="Core switch reboots", severity="major"),
            actor=person("manager"), now=MONDAY_0912, contract=contract,
        ).number  # fmt: skip
        complaint = complaints.file_complaint(
            complaints.NewComplaint(
                title="Slow answers", description="", source="manager",
                complainant=person("employee"),
            ),
            actor=person("manager"), now=MONDAY_0912, contract=contract,
        ).number  # fmt: skip
        db.session.commit()
    manager = login_as("manager")
    for number, url in ((problem, f"/problems/{problem}"), (complaint, f"/complaints/{complaint}")):
        form = {"subject": number, "kind": "technical", "reason": f"{number} needs the client"}
        assert (
            manager.form("/escalations", form | {"owner_id": person_id(app, "manager")}).status_code
            == 302
        )
        page = manager.get(url).get_data(as_text=True)
        assert 'data-testid="escalation-row"' in page and "ESC-" in page


def test_without_scripts_a_refusal_keeps_the_form_and_one_kind_is_open_once(app, users, login_as):
    ticket, number = escalated(app, login_as)
    agent = login_as("agent")
    form = {"subject": ticket, "kind": "service", "owner_id": person_id(app, "agent")}
    again = agent.form("/escalations", form | {"reason": "Still down"})
    assert again.status_code == 422
    page = again.get_data(as_text=True)
    assert "already has an open escalation of this kind" in page and "Still down" in page
    assert "<html" in page  # a whole page when the browser runs no script
    no_owner = agent.form(
        "/escalations", form | {"kind": "technical", "reason": "x", "owner_id": "999999"}
    )
    assert no_owner.status_code == 422
    assert "Choose a person of the vendor to own the solution." in no_owner.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Escalation.id))) == 1
