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
from tests.surveys.helpers import links_in, survey_mails


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
    # the page records the clicked rating by itself, before anything else is done
    page.wait_for_selector("[data-testid=rating-recorded]")
    assert "★★★★☆ 4" in page.locator("[data-testid=rating-recorded]").inner_text()
    with app.app_context():
        assert db.session.scalars(sa.select(Response.overall_rating)).all() == [4]
    page.screenshot(path="/tmp/survey-phone-link.png", full_page=True)
    page.locator("label:has-text('Yes') input").first.check()
    page.fill("textarea", "工程师很专业，谢谢！")
    page.click("[data-testid=send-details]")
    page.wait_for_selector("[data-testid=survey-thanks]")
    page.screenshot(path="/tmp/survey-phone-thanks.png", full_page=True)

    # the other links of the same mail say it is recorded, with the score
    page.goto(five)
    recorded = page.locator("[data-testid=rating-recorded]")
    assert recorded.get_attribute("data-already") == "yes"
    assert "★★★★☆ 4" in recorded.inner_text()

    with app.app_context():
        response = db.session.scalars(sa.select(Response)).one()
        assert response.overall_rating == 4
        assert response.respondent_id == users["employee"]
        texts = db.session.scalars(
            sa.select(Answer.value_text).where(Answer.response_id == response.id)
        ).all()
        assert "工程师很专业，谢谢！" in texts


def test_without_scripts_the_rating_waits_for_the_button(app, users, browser, live_server):
    with app.test_request_context():
        closed_ticket(users["employee"], users["agent"], now=utcnow())
        (mail,) = [m for m in survey_mails(ROLE_EMAILS["employee"])]
        two = links_in(mail.body_text)[3].replace("http://127.0.0.1:5000", live_server)
        db.session.remove()
    context = browser.new_context(base_url=live_server, locale="zh-CN", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(two)
        button = page.locator("[data-testid=record-button]")
        assert button.is_visible()
        page.screenshot(path="/tmp/survey-no-script-zh.png", full_page=True)
        with app.app_context():
            assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 0
        button.click()
        page.wait_for_selector("[data-testid=rating-recorded]")
        assert "★★☆☆☆ 2" in page.locator("[data-testid=rating-recorded]").inner_text()
        page.screenshot(path="/tmp/survey-no-script-recorded-zh.png", full_page=True)
        page.go_back()
        page.reload()
        assert page.locator("[data-testid=rating-recorded]").get_attribute("data-already") == "yes"
    finally:
        context.close()
    with app.app_context():
        assert db.session.scalars(sa.select(Response.overall_rating)).all() == [2]
