"""A manager adds a DingTalk group chat with its signing secret and chooses its events."""

from tests.conftest import ROLE_EMAILS, sign_in


def test_manager_adds_a_group_chat(app, new_page, users, tmp_path, monkeypatch):
    page = new_page(lang="zh")
    sign_in(page, ROLE_EMAILS["manager"])
    page.click("[data-testid=switch-language]")  # the manager reads English; this page in Chinese
    page.wait_for_load_state()
    page.goto("/group-chats/")
    page.click("text=添加群聊")
    page.fill("input[name=name]", "工程师钉钉群")
    page.select_option("select[name=service]", "dingtalk")
    page.fill("input[name=webhook_url]", "https://oapi.dingtalk.com/robot/send?access_token=abc")
    page.fill("input[name=secret]", "SEC123")
    page.check("input[value=dispatch]")
    page.check("input[value=sla_breach]")
    page.screenshot(path=str(tmp_path / "robot-form.png"), full_page=True)
    page.click("button[type=submit].primary")
    row = page.locator("[data-testid=robot]")
    assert "工程师钉钉群" in row.inner_text() and "钉钉" in row.inner_text()
    assert "SEC123" not in page.content()
    page.screenshot(path=str(tmp_path / "robots.png"), full_page=True)


def test_person_sends_dispatches_to_their_group_chat(app, new_page, users, tmp_path):
    from app.chat.models import ChatLink, ChatRobot
    from app.extensions import db

    with app.app_context():
        db.session.add(
            ChatRobot(
                name="工程师群",
                service="wecom",
                webhook_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
                events=[],
            )
        )
        db.session.commit()
    page = new_page()
    sign_in(page, ROLE_EMAILS["engineer"])
    page.goto("/profile")
    page.click("a[href$='/profile/notifications/']")
    page.select_option("select[name=topic_dispatch]", "chat")
    page.select_option("select[name=robot_id]", label="工程师群 (WeCom)")
    page.fill("input[name=chat_user_id]", "zhang.gong")
    page.screenshot(path=str(tmp_path / "notifications.png"), full_page=True)
    page.click("button[type=submit].primary")
    assert "saved" in page.locator(".flash-success").inner_text()
    with app.app_context():
        assert db.session.scalar(db.select(ChatLink.chat_user_id)) == "zhang.gong"
