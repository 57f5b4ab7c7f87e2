"""Story 1 in the browser, the knowledge base's part: an employee types a title on the request
form on the phone, a matching article appears beside it, answers the question, and no ticket
is filed; then the desk puts a canned response into a reply."""

import sqlalchemy as sa

from app.extensions import db, utcnow
from app.knowledge import services
from app.knowledge.models import Deflection
from app.tickets.models import Ticket
from tests.conftest import ROLE_EMAILS, sign_in
from tests.factories import open_ticket, person
from tests.knowledge.helpers import article


def test_employee_finds_the_answer_while_typing_and_files_nothing(app, users, new_page):
    with app.app_context():
        person("employee").language = "zh"
        article(
            "Wi-Fi 证书过期，无法连接公司无线网络",
            "1. 打开**设置**。\n2. 忘记 `CORP-WIFI` 后重新连接，接受新证书。",
            category="sys",
        )
        article("Wi-Fi 证书续期（内部）", visibility="staff")
        db.session.commit()
    page = new_page(phone=True, lang="zh")
    sign_in(page, ROLE_EMAILS["employee"])
    page.goto("/tickets/new")
    page.fill("input[name=title]", "连不上 wifi 证书")
    suggestion = page.locator("[data-testid=suggestion]")
    suggestion.first.wait_for()
    assert suggestion.count() == 1 and "Wi-Fi 证书过期" in suggestion.inner_text()
    page.screenshot(path="/tmp/knowledge-suggest-zh.png", full_page=True)

    suggestion.click()
    body = page.locator("[data-testid=kb-peek] [data-testid=article-body]")
    body.wait_for()
    assert "CORP-WIFI" in body.inner_text()
    assert page.input_value("input[name=title]") == "连不上 wifi 证书"  # the request is kept
    page.screenshot(path="/tmp/knowledge-peek-zh.png", full_page=True)

    page.click("[data-testid=solved]")
    page.wait_for_url("**/tickets/mine")
    page.locator("text=问题已解决，未提交请求。").wait_for()
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 0
        assert db.session.scalar(sa.select(Deflection.typed_title)) == "连不上 wifi 证书"


def test_agent_puts_a_canned_response_into_the_reply(app, users, new_page):
    with app.app_context():
        requester = person("employee")
        requester.language, requester.name = "zh", "张伟"
        number = open_ticket(requester).number
        article_id = article("Wi-Fi 证书过期", "更新证书。").id
        services.save_canned(
            None,
            title="已远程解决",
            body_zh="{requester}，您好：{ticket} 已远程处理。",
            body_en="Dear {requester}, {ticket} was fixed remotely.",
            shared=True,
            actor=person("agent"),
            now=utcnow(),
        )
        db.session.commit()
    page = new_page()
    sign_in(page, ROLE_EMAILS["agent"])
    page.goto(f"/tickets/{number}")
    page.click("[data-testid=reply-tools] summary")
    page.click("text=已远程解决")
    box = page.locator("form[action$='/reply'] textarea")
    page.wait_for_function(
        "() => document.querySelector(\"form[action$='/reply'] textarea\").value"
    )
    assert box.input_value() == f"张伟，您好：{number} 已远程处理。"
    page.fill("[data-testid=article-pick-q]", "证书")
    page.click("[data-testid=insert-article]")
    page.wait_for_function(
        "() => document.querySelector(\"form[action$='/reply'] textarea\")"
        ".value.includes('/knowledge/')"
    )
    assert box.input_value().endswith(f"/knowledge/{article_id}")
    page.screenshot(path="/tmp/knowledge-reply-tools.png", full_page=True)
