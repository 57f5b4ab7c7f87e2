"""Each role signs in, sees its dashboard, and switches language."""

import pytest

from tests.conftest import ROLE_EMAILS, sign_in

NAV_BY_ROLE = {
    "employee": [],
    "approver": [],
    "agent": [],
    "engineer": [],
    "manager": ["Contract", "Audit trail"],
    "admin": ["Users", "Contract"],
}


@pytest.mark.parametrize("role", list(ROLE_EMAILS))
def test_role_signs_in_and_switches_language(new_page, users, role):
    page = new_page()
    sign_in(page, ROLE_EMAILS[role])
    assert page.locator("h1").first.inner_text().startswith("Hello")
    nav = page.locator("nav.mainnav").inner_text()
    for label in NAV_BY_ROLE[role]:
        assert label in nav
    if role != "admin":
        assert "Users" not in nav
    page.click("[data-testid=switch-language]")
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().startswith("您好")
    assert "退出登录" in page.locator("header").inner_text()


def test_wrong_password_shows_generic_message(new_page, users):
    page = new_page(lang="zh")
    page.goto("/login")
    page.fill("input[name=email]", ROLE_EMAILS["agent"])
    page.fill("input[name=password]", "wrong")
    page.click("button[type=submit].primary")
    assert "邮箱或密码错误" in page.locator(".flash-error").inner_text()
