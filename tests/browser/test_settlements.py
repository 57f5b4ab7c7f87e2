"""S21 in the browser: the client's project lead opens last month's sheet from the mail link
and disputes it; the manager corrects it with an adjustment and sends it again; the lead
confirms from the new mail, and the month is locked."""

import re
from datetime import date

import sqlalchemy as sa

from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.mail.models import OutboxMessage
from app.settlements import services
from tests.conftest import ROLE_EMAILS, sign_in
from tests.settlements.helpers import name_lead, prices, staff

LINK = re.compile(r"http://[^/\s]+(/s/settlement/\S+)")


def last_month() -> tuple[int, int, str]:
    today = services.local_today(utcnow())
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    return year, month, f"{year:04d}-{month:02d}"


def latest_link() -> str:
    message = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.recipient == ROLE_EMAILS["approver"])
        .order_by(OutboxMessage.id.desc())
    ).first()
    return LINK.search(message.body_text).group(1)


def test_dispute_correct_resend_confirm(app, users, new_page):
    year, month, key = last_month()
    with app.app_context():
        prices(valid_from=date(year - 1, 1, 1))
        staff("王工", starts_on=date(year - 1, 1, 1))
        staff("赵工", starts_on=date(year, month, 12))
        name_lead()
        contract = get_contract()
        sheet = services.store_draft(year, month, contract=contract, now=utcnow())
        services.send(sheet, contract=contract, actor=None, now=utcnow())
        total_sent = sheet.total
        db.session.commit()
        link = latest_link()

    lead = new_page()
    lead.goto(link)
    assert f"{total_sent:,.2f}" in lead.locator("[data-testid=settlement-total]").inner_text()
    lead.click("[data-testid=dispute-sheet]")
    lead.locator("[data-testid=settlement-error]").wait_for()
    assert "Please write a comment." in lead.inner_text("[data-testid=settlement-error]")
    lead.fill("[data-testid=answer-note]", "Zhao started on the 12th; overtime CF-77 is missing.")
    lead.click("[data-testid=dispute-sheet]")
    lead.locator("[data-testid=answer-done]").wait_for()

    manager = new_page()
    sign_in(manager, ROLE_EMAILS["manager"])
    manager.goto(f"/settlements/{key}")
    assert "overtime CF-77 is missing" in manager.inner_text("[data-testid=dispute-note]")
    manager.evaluate("window.__sameDocument = true")
    manager.select_option("select[name=item]", "other")
    manager.fill("textarea[name=note]", "Overtime confirmed by the client, CF-77")
    manager.fill("input[name=quantity]", "2")
    manager.fill("input[name=unit_price]", "350.00")
    manager.click("[data-testid=add-adjustment]")
    manager.locator("text=Adjustment added.").wait_for()
    assert manager.evaluate("window.__sameDocument === true")  # an HTMX swap, no reload
    corrected = total_sent + 700
    assert f"{corrected:,.2f}" in manager.inner_text("[data-testid=settlement-total]")
    manager.click("[data-testid=send-sheet]")
    manager.locator("text=Sent to the client's project lead.").wait_for()

    with app.app_context():
        new_link = latest_link()
    assert new_link != link
    lead.goto(link)
    assert "no longer valid" in lead.content()
    lead.goto(new_link)
    assert "Overtime confirmed by the client, CF-77" in lead.inner_text(
        "[data-testid=settlement-lines]"
    )
    lead.click("[data-testid=confirm-sheet]")
    lead.locator("[data-testid=answer-done]").wait_for()
    assert "confirmed and locked" in lead.inner_text("[data-testid=answer-done]")

    manager.goto(f"/settlements/{key}")
    manager.locator("[data-testid=locked]").wait_for()
    assert manager.locator("[data-testid=adjustment-form]").count() == 0
    assert manager.locator("[data-testid=send-sheet]").count() == 0
    history = manager.inner_text("[data-testid=settlement-history]")
    assert "Disputed by the client" in history and "the month is locked" in history
    manager.screenshot(path="/tmp/settlement-sheet-en.png", full_page=True)
    with app.app_context():
        stored = services.get_sheet(key)
        assert stored.status == "confirmed" and stored.total == corrected


def test_the_sheet_page_in_chinese_shows_the_total_in_capital_numerals(app, users, new_page):
    from app.accounts.services import user_by_email
    from app.settlements import rules

    year, month, key = last_month()
    with app.app_context():
        user_by_email(ROLE_EMAILS["manager"]).language = "zh"
        prices(valid_from=date(year - 1, 1, 1))
        staff("王工", starts_on=date(year - 1, 1, 1))
        staff("孙敏", "desk_staff", starts_on=date(year, month, 12))
        name_lead()
        db.session.commit()
    page = new_page(lang="zh")
    sign_in(page, ROLE_EMAILS["manager"])
    page.goto("/")
    page.click("nav >> text=费用结算")
    page.click(f"text={key}")
    page.wait_for_url(f"**/settlements/{key}")
    total = page.inner_text("[data-testid=settlement-total]").replace(",", "")
    lines = page.inner_text("[data-testid=settlement-lines]")
    assert rules.rmb_upper(rules.Decimal(total)) in lines and "驻场桌面工程师" in lines
    page.screenshot(path="/tmp/settlement-sheet-zh.png", full_page=True)
