"""SCENARIOS 5: the ticket closes, the survey mail arrives, one click on a rating and the form
is finished on the phone, without signing in."""

import pytest
import sqlalchemy as sa

from app.extensions import db, utcnow
from app.mail import delivery
from app.mail.inbound import parse_message
from app.surveys.models import Answer, Response
from tests.conftest import ROLE_EMAILS
from tests.factories import closed_ticket
from tests.mail.test_outbox_delivery import smtp  # noqa: F401  (the SMTP sink fixture)
from tests.surveys.helpers import links_in


@pytest.fixture
def mail_to_smtp(app, request, live_server):
    """Mail goes to the aiosmtpd sink (the outbox tests' fixture); links to the live server."""
    server = request.getfixturevalue("smtp")
    saved = app.config["PUBLIC_BASE_URL"]
    app.config["PUBLIC_BASE_URL"] = live_server
    yield server
    app.config["PUBLIC_BASE_URL"] = saved


def test_rating_from_the_delivered_mail_and_finishing_the_form(app, users, new_page, mail_to_smtp):
    with app.test_request_context():
        ticket = closed_ticket(users["employee"], users["agent"], now=utcnow())
        number = ticket.number
        delivery.deliver_pending(utcnow())
        db.session.remove()
    survey = [
        parse_message(raw, own_addresses=frozenset())
        for _, rcpt, raw in mail_to_smtp.messages
        if rcpt == [ROLE_EMAILS["employee"]]
    ]
    survey = [m for m in survey if m.subject.startswith("How did we do?")]
    assert len(survey) == 1 and number in survey[0].subject
    five, four, *_ = links_in(survey[0].body_text)

    page = new_page(phone=True)
    page.goto(four)
    assert page.locator("[data-testid=preselected]").is_visible()
    assert page.locator("input[value='4'][type=radio]").first.is_checked()
    page.screenshot(path="/tmp/survey-phone-link.png", full_page=True)
    page.locator("label:has-text('Yes') input").first.check()
    page.fill("textarea", "工程师很专业，谢谢！")
    page.click("[data-testid=send-survey]")
    page.wait_for_selector("[data-testid=survey-thanks]")
    page.screenshot(path="/tmp/survey-phone-thanks.png", full_page=True)

    # the other links of the same mail are spent
    page.goto(five)
    assert page.locator("[data-testid=survey-closed]").get_attribute("data-reason") == "answered"

    with app.app_context():
        response = db.session.scalars(sa.select(Response)).one()
        assert response.overall_rating == 4
        assert response.respondent_id == users["employee"]
        texts = db.session.scalars(
            sa.select(Answer.value_text).where(Answer.response_id == response.id)
        ).all()
        assert "工程师很专业，谢谢！" in texts
