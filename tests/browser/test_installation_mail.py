"""SCENARIOS 8 from the approver's phone: the approval mail's link opens the request, the
approver rejects it with a reason in Chinese, and the link is spent."""

import sqlalchemy as sa

from app.extensions import db
from app.installations.models import Installation
from app.mail.models import OutboxMessage
from tests.browser.test_phone_layout import set_language
from tests.conftest import ROLE_EMAILS
from tests.installations.helpers import request_installation


def test_the_approver_rejects_from_the_mail_on_a_phone(app, users, login_as, new_page):
    set_language(app, "approver", "zh")
    number = request_installation(login_as)
    with app.app_context():
        body = db.session.scalar(
            sa.select(OutboxMessage.body_text).where(
                OutboxMessage.recipient == ROLE_EMAILS["approver"],
                OutboxMessage.template == "installation_approval",
            )
        )
    assert "一步完成批准" in body
    link = next(w for w in body.split() if "/i/decide/" in w).split("127.0.0.1:5000", 1)[1]
    page = new_page(phone=True, lang="zh")
    page.goto(link)
    assert page.locator("h1").inner_text() == "批准这项安装吗？"
    page.screenshot(path="/tmp/installation-decide-zh.png", full_page=True)
    page.click("[data-testid=link-reject]")  # no reason yet: refused, nothing decided
    page.wait_for_selector(".error, [role=alert]")
    page.fill("textarea[name=reason]", "请先走采购流程")
    page.click("[data-testid=link-reject]")
    page.wait_for_selector("[data-testid=link-rejected]")
    page.goto(link)
    assert page.locator("[data-testid=link-decided]").get_attribute("data-status") == "rejected"
    assert "请先走采购流程" in page.locator("[data-testid=link-decided]").inner_text()
    page.screenshot(path="/tmp/installation-decided-zh.png", full_page=True)
    with app.app_context():
        item = db.session.scalars(sa.select(Installation)).one()
        assert (item.number, item.status) == (number, "rejected")
