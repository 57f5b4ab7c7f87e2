"""Answering signed in, someone else's survey, low ratings that open complaints."""

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.complaints.models import Complaint
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.mail.models import OutboxMessage
from app.surveys import services
from app.surveys.models import Invitation, Response
from tests.conftest import ROLE_EMAILS, make_user
from tests.factories import MONDAY_0940, closed_ticket
from tests.surveys.helpers import answer, invitation_of


def make_invitation(app, users, requester="employee", now=MONDAY_0940) -> int:
    with app.test_request_context():
        ticket = closed_ticket(
            users[requester], users["agent"], now=now, engineer=users["engineer"]
        )
        invitation_id = invitation_of(ticket).id
        db.session.remove()
    return invitation_id


def overall_field(app, invitation_id) -> str:
    with app.app_context():
        invitation = db.session.get(Invitation, invitation_id)
        return f"q{invitation.questionnaire.questions[0].id}"


def test_my_surveys_page_lists_and_answers_it(app, users, login_as):
    # the page lists what is still open by the real clock, so the survey starts now too
    invitation_id = make_invitation(app, users, now=utcnow())
    employee = login_as("employee")
    listing = employee.get("/surveys").get_data(as_text=True)
    assert f"/surveys/{invitation_id}" in listing
    home = employee.get("/").get_data(as_text=True)
    assert 'data-testid="surveys-waiting"' in home
    page = employee.get(f"/surveys/{invitation_id}")
    assert page.status_code == 200
    assert "Overall, how satisfied" in page.get_data(as_text=True)
    done = employee.form(f"/surveys/{invitation_id}", {overall_field(app, invitation_id): "4"})
    assert done.status_code == 200
    assert "Your answers are saved" in done.get_data(as_text=True)
    assert 'data-testid="surveys-waiting"' not in employee.get("/").get_data(as_text=True)
    with app.app_context():
        response = db.session.scalars(sa.select(Response)).one()
        assert (response.overall_rating, response.respondent_id) == (4, users["employee"])
        assert response.engineer_id == users["engineer"]
        assert response.catalog_group == "sys"
        assert (
            db.session.scalar(
                sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.action == "survey.answer")
            )
            == 1
        )


def test_someone_elses_survey_is_not_found_and_nothing_is_saved(app, users, login_as):
    invitation_id = make_invitation(app, users, requester="employee")
    with app.app_context():
        make_user("employee", "other@client.test")
        db.session.commit()
    other = app.test_client()
    other.login("other@client.test")
    assert other.get(f"/surveys/{invitation_id}").status_code == 404
    field = overall_field(app, invitation_id)
    response = other.form(f"/surveys/{invitation_id}", {field: "1"})
    assert response.status_code == 404
    assert "not visible to you" in response.get_data(as_text=True)
    assert login_as("approver").form(f"/surveys/{invitation_id}", {field: "1"}).status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 0
        assert db.session.get(Invitation, invitation_id).answered is False


def test_a_low_rating_opens_a_complaint_for_the_owner(app, users):
    with app.test_request_context():
        get_contract().customer_service_manager_id = users["manager"]
        db.session.commit()
        ticket = closed_ticket(users["employee"], users["agent"])
        invitation = invitation_of(ticket)
        response = answer(invitation, {"overall": "4", "speed": "2", "comment": "Took two days"})
        complaint = response.complaint
        assert complaint is not None
        assert complaint.source == "survey"
        assert complaint.status == "open"
        assert complaint.severity == "medium"  # lowest rating 2
        assert complaint.complainant_id == users["employee"]
        assert complaint.owner_id == users["manager"]
        assert complaint.ticket_id == ticket.id
        assert "Took two days" in complaint.description
        assert "2/5" in complaint.title
        mail = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.recipient == ROLE_EMAILS["manager"])
        ).one()
        assert complaint.number in mail.subject


def test_a_rating_of_one_makes_it_severe_and_three_opens_nothing(app, users):
    with app.test_request_context():
        first = invitation_of(closed_ticket(users["employee"], users["agent"]))
        assert answer(first, {"overall": "1"}).complaint.severity == "high"
        second = invitation_of(closed_ticket(users["approver"], users["agent"]))
        assert answer(second, {"overall": "3", "speed": "3"}).complaint is None
        assert db.session.scalar(sa.select(sa.func.count(Complaint.id))) == 1


def test_the_complaint_threshold_is_a_setting(app, users):
    with app.test_request_context():
        get_contract().survey_complaint_rating = 0  # never
        db.session.commit()
        invitation = invitation_of(closed_ticket(users["employee"], users["agent"]))
        assert answer(invitation, {"overall": "1"}).complaint is None


def test_two_submissions_of_one_invitation_save_one_response(app, users):
    with app.test_request_context():
        invitation = invitation_of(closed_ticket(users["employee"], users["agent"]))
        answer(invitation, {"overall": "5"})
        stale = db.session.get(Invitation, invitation.id)
        db.session.expunge(stale)
        stale.answered = False  # as a second tab that loaded it before the first saved
        raw = {stale.questionnaire.questions[0].id: "1"}
        with pytest.raises(services.SurveyClosed) as closed:
            services.submit(stale, raw, now=stale.sent_at, contract=get_contract())
        assert closed.value.reason == "answered"
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 1


@pytest.mark.parametrize(
    ("lang", "title", "glued"),
    [
        ("zh", "满意度低分（2/5）：", "Low survey rating"),
        ("en", "Low survey rating (2/5): ", "满意度低分"),
    ],
)
def test_a_complaint_from_a_rating_reads_in_one_language(app, users, login_as, lang, title, glued):
    with app.test_request_context():
        ticket = closed_ticket(users["employee"], users["agent"])
        complaint = answer(
            invitation_of(ticket), {"overall": "4", "speed": "2", "comment": "Took two days"}
        ).complaint
        db.session.commit()
        number, ticket_number = complaint.number, ticket.number
        speed = next(q for q in invitation_of(ticket).questionnaire.questions if q.code == "speed")
    manager = login_as("manager")
    manager.form(f"/language/{lang}")
    page = manager.get(f"/complaints/{number}").get_data(as_text=True)
    assert title + ticket_number in page
    assert f"{speed.text_zh if lang == 'zh' else speed.text_en}: 2/5" in page
    assert "Took two days" in page
    assert glued not in page
