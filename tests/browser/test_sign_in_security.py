"""A forgotten password reset from the mailed link, and two-factor sign-in, in Chromium."""

import re

import pyotp
import sqlalchemy as sa

from app.extensions import db
from app.mail.models import OutboxMessage
from tests.conftest import ROLE_EMAILS, sign_in

NEW_PASSWORD = "lanterns over the west lake"
LINK = re.compile(r"http\S+(/password/reset/\S+)")


def test_password_reset_journey(app, new_page, users, tmp_path):
    page = new_page(lang="zh")
    page.goto("/login")
    page.click("text=忘记密码？")
    page.fill("input[name=email]", ROLE_EMAILS["employee"])
    page.click("button[type=submit].primary")
    assert "重置链接已发往该邮箱" in page.locator(".flash-info").inner_text()
    with app.app_context():
        body = db.session.scalar(sa.select(OutboxMessage.body_text))
    page.goto(LINK.search(body).group(1))
    page.fill("input[name=new]", "password1234")
    page.fill("input[name=confirm]", "password1234")
    page.click("button[type=submit].primary")
    assert "太常见" in page.locator(".error").inner_text()
    page.fill("input[name=new]", NEW_PASSWORD)
    page.fill("input[name=confirm]", NEW_PASSWORD)
    page.screenshot(path=str(tmp_path / "reset.png"), full_page=True)
    page.click("button[type=submit].primary")
    assert "密码已修改" in page.locator(".flash-success").inner_text()
    sign_in(page, ROLE_EMAILS["employee"], NEW_PASSWORD)
    assert page.locator("h1").first.inner_text().startswith("Hello")  # the user's language


def test_two_factor_enrolment_and_sign_in(new_page, users, tmp_path):
    page = new_page()
    sign_in(page, ROLE_EMAILS["engineer"])
    page.goto("/profile")
    page.click("a[href$='/profile/two-factor']")
    assert page.locator("[data-testid=totp-qr] svg").is_visible()
    secret = page.locator("[data-testid=totp-secret]").inner_text()
    page.screenshot(path=str(tmp_path / "enrol.png"), full_page=True)
    page.fill("input[name=tf-code]", pyotp.TOTP(secret).now())
    page.click("button[type=submit].primary")
    codes = page.locator("[data-testid=recovery-codes] li").all_inner_texts()
    assert len(codes) == 10
    page.click("button:has-text('Sign out')")
    page.fill("input[name=email]", ROLE_EMAILS["engineer"])
    page.fill("input[name=password]", "correct horse battery")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/login/code")
    page.fill("input[name=code]", codes[0])
    page.screenshot(path=str(tmp_path / "code.png"), full_page=True)
    page.click("button[type=submit].primary")
    page.wait_for_url(lambda url: "/login" not in url)
    assert page.locator("h1").first.inner_text().startswith("Hello")
