"""The mail's signed links: no sign-in, GET changes nothing, single use, expiry, tampering."""

from datetime import timedelta
from unittest import mock

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.surveys import links
from app.surveys.models import Answer, Invitation, Response
from tests.conftest import CSRF_RE, ROLE_EMAILS
from tests.factories import closed_ticket
from tests.surveys.helpers import NOW, links_in, survey_mails


@pytest.fixture
def mailed(app, users):
    """A closed ticket's survey; returns (invitation id, [link 5, 4, 3, 2, 1, form link])."""
    with app.test_request_context():
        ticket = closed_ticket(users["employee"], users["agent"], now=NOW)
        (mail,) = survey_mails(ROLE_EMAILS["employee"])
        invitation_id = db.session.scalar(
            sa.select(Invitation.id).where(Invitation.ticket_id == ticket.id)
        )
        found = [url.split("127.0.0.1:5000", 1)[1] for url in links_in(mail.body_text)]
        db.session.remove()
    return invitation_id, found


def frozen(now):
    """The app's clock at `now` (links are checked against utcnow in the routes)."""
    return mock.patch("app.surveys.routes.utcnow", return_value=now)


def question_ids(app, invitation_id):
    with app.app_context():
        invitation = db.session.get(Invitation, invitation_id)
        return {q.code: q.id for q in invitation.questionnaire.questions}


def responses(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(Response.id)))


def post_form(client, path, data):
    page = client.get(path)
    token = CSRF_RE.search(page.get_data(as_text=True)).group(1)
    return client.post(path, data={"csrf_token": token, **data})


def test_get_shows_the_clicked_rating_chosen_and_saves_nothing(app, client, mailed):
    invitation_id, found = mailed
    ids = question_ids(app, invitation_id)
    with frozen(NOW + timedelta(minutes=3)):
        page = client.get(found[1])  # the "4" link
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'name="q{ids["overall"]}" value="4" checked' in body
    assert 'data-testid="preselected"' in body
    assert "Sign in" not in body.split("<main", 1)[1][:200]
    assert responses(app) == 0  # a link scanner following the link records nothing
    with app.app_context():
        assert db.session.get(Invitation, invitation_id).answered is False


def test_sending_records_the_answers_once(app, client, mailed):
    invitation_id, found = mailed
    ids = question_ids(app, invitation_id)
    with frozen(NOW + timedelta(minutes=3)):
        done = post_form(
            client,
            found[0],
            {f"q{ids['overall']}": "5", f"q{ids['solved']}": "yes", f"q{ids['comment']}": "快！"},
        )
        assert done.status_code == 200
        assert 'data-testid="survey-thanks"' in done.get_data(as_text=True)
        # single use: every link of this mail is spent now, also for another rating
        again = client.get(found[4])
        assert again.status_code == 200
        assert "Already recorded — thank you. Your rating: ★★★★★ 5" in again.text
        replay = post_form(client, found[0], {f"q{ids['overall']}": "1"})
    assert replay.status_code == 409
    with app.app_context():
        (response,) = db.session.scalars(sa.select(Response)).all()
        assert response.overall_rating == 5
        assert response.invitation_id == invitation_id
        texts = db.session.scalars(
            sa.select(Answer.value_text).where(Answer.value_text.is_not(None))
        )
        assert list(texts) == ["快！"]


def test_an_expired_link_is_refused(app, client, mailed):
    invitation_id, found = mailed
    with frozen(NOW + timedelta(days=14, minutes=1)):
        page = client.get(found[0])
        assert page.status_code == 410
        assert "expired" in page.get_data(as_text=True)
    assert responses(app) == 0


def test_a_link_older_than_the_setting_is_refused_by_its_signature_time(app, mailed):
    with app.test_request_context():
        invitation = db.session.get(Invitation, mailed[0])
        token = links.answer_token(invitation, None, None)
        # the link's own signing time, whatever the clock said when it was made
        signed_at = links.serializer().loads(token, return_timestamp=True)[1]
        with pytest.raises(links.LinkError) as error:
            links.read_token(token, now=signed_at + timedelta(days=15), days=14)
        assert error.value.reason == "expired"
        assert links.read_token(token, now=signed_at + timedelta(days=13), days=14)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature
        lambda t: t.replace(t.split(".")[0], t.split(".")[0][::-1]),  # payload
        lambda t: "not-a-token",
    ],
)
def test_a_tampered_link_is_refused(app, client, mailed, tamper):
    _, found = mailed
    path = found[0]
    bad = path.rsplit("/", 1)[0] + "/" + tamper(path.rsplit("/", 1)[1])
    with frozen(NOW + timedelta(minutes=1)):
        page = client.get(bad)
        assert page.status_code == 404
        assert "not valid" in page.get_data(as_text=True)
        assert client.post(bad, data={"q1": "5"}).status_code in (400, 404)
    assert responses(app) == 0


def test_a_forged_rating_in_a_validly_signed_link_for_another_secret_is_refused(app, mailed):
    from itsdangerous import URLSafeTimedSerializer

    forged = URLSafeTimedSerializer("guessed-secret", salt=links.SALT).dumps(
        {"i": mailed[0], "q": 1, "v": 5}
    )
    with app.test_request_context(), pytest.raises(links.LinkError) as error:
        links.read_token(forged, now=NOW, days=14)
    assert error.value.reason == "invalid"


def test_a_rating_outside_one_to_five_is_refused_with_a_message(app, client, mailed):
    invitation_id, found = mailed
    ids = question_ids(app, invitation_id)
    with frozen(NOW + timedelta(minutes=3)):
        for bad in ("0", "6", "9", "abc"):
            page = post_form(client, found[5], {f"q{ids['overall']}": bad})
            assert page.status_code == 422
            assert "Choose a rating from 1 to 5" in page.get_data(as_text=True)
        page = post_form(client, found[5], {f"q{ids['overall']}": "4", f"q{ids['speed']}": "7"})
        assert page.status_code == 422
        page = post_form(client, found[5], {f"q{ids['solved']}": "yes"})
        assert "Please answer this question" in page.get_data(as_text=True)
    assert responses(app) == 0
    with app.app_context():
        assert db.session.get(Invitation, invitation_id).answered is False


def test_the_link_opened_while_signed_in_as_someone_else_is_refused(app, login_as, mailed):
    _, found = mailed
    other = login_as("approver")
    with frozen(NOW + timedelta(minutes=3)):
        page = other.get(found[0])
        assert page.status_code == 403
        assert "sent to someone else" in page.get_data(as_text=True)
        assert other.form(found[0], {"q1": "5"}).status_code == 403
    assert responses(app) == 0


def test_the_link_needs_a_csrf_token_to_save(app, client, mailed):
    _, found = mailed
    with frozen(NOW + timedelta(minutes=3)):
        assert client.post(found[0], data={"q1": "5"}).status_code == 400
    assert responses(app) == 0


def rate_path(link: str) -> str:
    return link + "/rate"


def test_a_prefetch_records_nothing_the_pages_own_request_records_once(app, client, mailed):
    invitation_id, found = mailed
    four = found[1]
    with frozen(NOW + timedelta(minutes=3)):
        for _ in range(3):  # a mail scanner, a preview pane, the person's browser
            page = client.get(four)
            assert page.status_code == 200
        assert responses(app) == 0
        # the page carries its own request: htmx posts it on load, a button without scripts
        assert f'hx-post="{rate_path(four)}" hx-trigger="load"' in page.text
        assert 'data-testid="record-button"' in page.text
        token = CSRF_RE.search(page.text).group(1)
        recorded = client.post(rate_path(four), data={"csrf_token": token})
        assert recorded.status_code == 200
        assert "Your rating is recorded: ★★★★☆ 4" in recorded.text
        again = client.post(rate_path(four), data={"csrf_token": token})  # reload, double tap
        assert again.status_code == 200 and 'data-already="yes"' in again.text
        assert responses(app) == 1
        other = client.get(found[0])  # the 5 link of the same mail, later
        assert other.status_code == 200
        assert "Already recorded — thank you. Your rating: ★★★★☆ 4" in other.text
        assert "expired" not in other.text
    with app.app_context():
        (response,) = db.session.scalars(sa.select(Response)).all()
        assert (response.overall_rating, response.details_at) == (4, None)
        assert db.session.get(Invitation, invitation_id).answered is True


def test_the_rating_is_not_recorded_without_the_pages_csrf_token(app, client, mailed):
    _, found = mailed
    with frozen(NOW + timedelta(minutes=3)):
        assert client.post(rate_path(found[1])).status_code == 400
        form_link = found[5]  # the whole survey, no rating in the link
        token = CSRF_RE.search(client.get(form_link).text).group(1)
        assert client.post(rate_path(form_link), data={"csrf_token": token}).status_code == 404
    assert responses(app) == 0


def test_the_optional_answers_follow_the_recorded_rating_once(app, client, mailed):
    invitation_id, found = mailed
    ids = question_ids(app, invitation_id)
    with frozen(NOW + timedelta(minutes=3)):
        page = client.get(found[0])
        token = CSRF_RE.search(page.text).group(1)
        recorded = client.post(rate_path(found[0]), data={"csrf_token": token})
        assert 'data-testid="send-details"' in recorded.text
        assert f'name="q{ids["overall"]}"' not in recorded.text  # the rating is not asked again
        details = {f"q{ids['solved']}": "yes", f"q{ids['comment']}": "工程师很专业"}
        sent = client.post(found[0], data={"csrf_token": token, **details})
        assert sent.status_code == 200 and 'data-testid="survey-thanks"' in sent.text
        replay = client.post(found[0], data={"csrf_token": token, **details})
        assert replay.status_code == 409
        after = client.get(found[0])
        assert "Already recorded" in after.text and 'data-testid="send-details"' not in after.text
    with app.app_context():
        (response,) = db.session.scalars(sa.select(Response)).all()
        assert response.overall_rating == 5 and response.details_at is not None
        texts = [a.value_text for a in response.answers if a.value_text]
        assert texts == ["工程师很专业"]


def test_a_low_one_click_rating_tells_the_employee_how_the_complaint_is_handled(
    app, users, client, mailed
):
    from app.complaints.models import Complaint
    from app.contracts.services import get_contract
    from app.mail.models import OutboxMessage

    with app.app_context():
        get_contract().customer_service_manager_id = users["manager"]
        db.session.commit()
    _, found = mailed
    one = found[4]
    with frozen(NOW + timedelta(minutes=3)):
        page = client.get(one)
        token = CSRF_RE.search(page.text).group(1)
        recorded = client.post(rate_path(one), data={"csrf_token": token})
    assert 'data-testid="complaint-opened"' in recorded.text
    with app.app_context():
        complaint = db.session.scalars(sa.select(Complaint)).one()
        assert complaint.complainant_id == users["employee"]
        mails = {
            m.template: m
            for m in db.session.scalars(
                sa.select(OutboxMessage).where(OutboxMessage.template.like("complaint%"))
            )
        }
        told = mails["complaint_opened"]
        assert told.recipient == ROLE_EMAILS["employee"]
        assert complaint.number in told.subject and complaint.number in told.body_text
        assert "(1 of 5)" in told.body_text and "Manager Tester" in told.body_text
        assert complaint.due_at.strftime("%Y-%m") in told.body_text
        assert "accept the outcome" in told.body_text
        assert mails["complaint"].recipient == ROLE_EMAILS["manager"]  # the owner


def test_a_good_rating_opens_no_complaint_and_sends_no_mail(app, users, client, mailed):
    from app.mail.models import OutboxMessage

    _, found = mailed
    with frozen(NOW + timedelta(minutes=3)):
        token = CSRF_RE.search(client.get(found[0]).text).group(1)
        client.post(rate_path(found[0]), data={"csrf_token": token})
    with app.app_context():
        kinds = db.session.scalars(
            sa.select(OutboxMessage.template).where(OutboxMessage.template.like("complaint%"))
        ).all()
        assert kinds == []
