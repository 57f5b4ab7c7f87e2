"""In the browser: the manager records the monthly service review with an action item for the
desk agent, in Chinese, and the agent finds it on the home page."""

from datetime import timedelta

from app.extensions import db, utcnow
from app.meetings.queries import local_today
from app.notices import services as notices
from tests.conftest import ROLE_EMAILS, sign_in
from tests.meetings.helpers import user


def test_manager_records_a_meeting_and_the_owner_sees_the_action_item(app, users, new_page):
    with app.app_context():
        user("manager").language = "zh"
        user("agent").language = "zh"
        db.session.commit()
    due = (local_today(utcnow()) + timedelta(days=7)).isoformat()
    page = new_page(lang="zh")
    sign_in(page, ROLE_EMAILS["manager"])
    page.goto("/meetings/")
    page.click("[data-testid=new-meeting]")
    page.wait_for_url("**/meetings/new")
    page.select_option("select[name=kind]", "service_review")
    page.fill("input[name=title]", "十二月服务回顾会")
    page.fill("input[name=starts_at]", "2026-12-08T10:00")
    page.fill("input[name=ends_at]", "2026-12-08T11:30")
    page.fill("input[name=location]", "客户总部 3F 会议室 A")
    page.select_option("select[name=attendee_ids]", [str(users["manager"]), str(users["approver"])])
    page.fill("textarea[name=external]", "Frank Schulz（客户财务总监）")
    page.fill(
        "textarea[name=minutes_markdown]", "## 服务回顾\n\n- SLA 达成率 **97.8%**\n- 打印机故障最多"
    )
    page.fill("textarea[name=decisions]", "会议室设备纳入每周巡检")
    page.click("[data-testid=save-meeting]")
    page.wait_for_url("**/meetings/*")
    page.locator("text=会议已记录。").wait_for()
    assert "Frank Schulz" in page.locator("[data-testid=attendees]").inner_text()

    page.evaluate("window.__sameDocument = true")
    page.click("[data-testid=add-item]")  # no title, no owner: refused in place
    page.locator("text=请选择此行动项的负责人。").wait_for()
    page.fill("input[name=title]", "整理打印机故障清单并提交问题分析")
    page.select_option("select[name=owner_id]", str(users["agent"]))
    page.fill("input[name=due_on]", due)
    page.click("[data-testid=add-item]")
    page.locator("[data-testid=action-item]").wait_for()
    assert page.evaluate("window.__sameDocument === true")  # HTMX swap, no reload
    assert "整理打印机故障清单" in page.locator("#items").inner_text()
    page.screenshot(path="/tmp/meeting-detail-zh.png", full_page=True)

    owner = new_page(lang="zh")
    sign_in(owner, ROLE_EMAILS["agent"])
    owner.goto("/")
    panel = owner.locator("[data-testid=my-action-items]")
    assert "整理打印机故障清单" in panel.inner_text() and due in panel.inner_text()
    owner.screenshot(path="/tmp/meeting-owner-home-zh.png", full_page=True)


def test_a_notice_banner_shows_on_every_page_until_closed(app, users, new_page):
    now = utcnow()
    with app.app_context():
        user("employee").language = "zh"
        notices.save_notice(
            None,
            notices.NoticeInput(
                kind="maintenance",
                title="邮件系统周末维护",
                starts_at=now - timedelta(hours=1),
                ends_at=now + timedelta(days=1),
                body="维护期间 Outlook 可能无法收发邮件约 2 小时。",
            ),
            actor=user("manager"),
            now=now,
        )
        db.session.commit()
    page = new_page(lang="zh")
    sign_in(page, ROLE_EMAILS["employee"])
    page.goto("/tickets/new")
    banner = page.locator("[data-testid=notice-banner]")
    assert "计划维护" in banner.inner_text() and "邮件系统周末维护" in banner.inner_text()
    page.screenshot(path="/tmp/notice-banner-zh.png")
    page.click("[data-testid=notice-dismiss]")
    banner.wait_for(state="detached")
    page.goto("/")
    assert page.locator("[data-testid=notice-banner]").count() == 0
