"""S17 in the browser: an agent escalates a P1 with a reason; the level-1 contact confirms
from the mail link on a phone; a manager closes it with an outcome; the escalation shows on
the ticket and in the log."""

import re

import sqlalchemy as sa

from app.extensions import db, utcnow
from app.mail.models import OutboxMessage
from tests.conftest import ROLE_EMAILS, sign_in
from tests.escalations.helpers import set_matrix
from tests.factories import open_ticket

LINK = re.compile(r"http://[^/\s]+(/e/confirm/\S+)")


def test_escalate_a_p1_confirm_on_a_phone_and_close(app, users, new_page, tmp_path):
    with app.app_context():
        set_matrix()
        ticket = open_ticket(
            urgency="high", impact="high", title="财务打印机全部离线", now=utcnow()
        )
        number = ticket.number
        assert ticket.priority == "P1"

    agent = new_page()
    sign_in(agent, ROLE_EMAILS["agent"])
    agent.goto(f"/tickets/{number}")
    panel = agent.locator("[data-testid=escalations-panel]")
    panel.locator("summary").click()
    panel.locator("[data-testid=escalate]").click()
    agent.locator("[data-testid=reason-error]").wait_for()  # no reason: refused on the panel
    assert "Give the reason" in agent.inner_text("[data-testid=reason-error]")
    agent.fill(
        "[data-testid=escalations-panel] textarea[name=reason]",
        "Board meeting at 10:00: the client must approve a loan printer",
    )
    agent.click("[data-testid=escalations-panel] [data-testid=escalate]")
    agent.locator("[data-testid=escalation-row]").wait_for()
    assert "waiting for confirmation" in agent.inner_text("[data-testid=escalations-panel]")

    with app.app_context():
        mail = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.recipient == ROLE_EMAILS["engineer"])
        ).all()[-1]
        link = LINK.search(mail.body_text).group(1)

    phone = new_page(phone=True)
    phone.goto(link)
    assert "Board meeting at 10:00" in phone.content()
    phone.click("[data-testid=link-confirm]")
    phone.locator("[data-testid=link-done]").wait_for()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    phone.screenshot(path=str(tmp_path / "confirm-phone.png"))

    manager = new_page()
    sign_in(manager, ROLE_EMAILS["manager"])
    manager.goto("/escalations")
    row = manager.locator("[data-testid=escalation-log] tr", has_text=number)
    row.locator("a").click()
    manager.wait_for_url(re.compile(r"/escalations/ESC-"))
    assert "Confirmed by Engineer Tester" in manager.inner_text("[data-testid=escalation-steps]")
    manager.click("[data-testid=escalation-close]")
    manager.locator("text=Write the outcome before closing").wait_for()
    manager.fill(
        "textarea[name=note]", "Loan printer approved and set up; the board printed on time."
    )
    manager.click("[data-testid=escalation-close]")
    manager.locator("[data-testid=escalation-outcome]").wait_for()
    manager.screenshot(path=str(tmp_path / "escalation.png"), full_page=True)
    manager.goto("/escalations?status=closed")
    assert number in manager.inner_text("[data-testid=escalation-log]")
    manager.goto(f"/tickets/{number}")
    assert "Closed" in manager.inner_text("[data-testid=escalations-panel]")
