"""Group-chat robots: each service's message format and signature as the recording server
receives them, delivery by the worker with retries, once, and the manager's robot pages."""

import base64
import hashlib
import hmac
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.chat import delivery
from app.chat.models import ChatMessage, ChatRobot
from app.extensions import db, utcnow
from app.tickets import actions
from tests.factories import MONDAY_0912, open_ticket, perform, person

DING_SECRET = "SEC0123456789abcdef"
FEISHU_SECRET = "feishu-secret-42"
ALL_EVENTS = ["dispatch", "p1_opened", "sla_warning", "sla_breach"]


@pytest.fixture
def robots(app, users, chat_server, monkeypatch):
    """One robot of each service on the recording server, all carrying the ticket events."""
    monkeypatch.setitem(app.config, "CHAT_WEBHOOK_HOSTS", [chat_server.host])
    monkeypatch.setitem(app.config, "CHAT_ALLOW_HTTP", True)
    monkeypatch.setitem(app.config, "CHAT_TIMEOUT", 2)
    with app.app_context():
        for name, service, path, secret in (
            ("桌面运维群", "wecom", "/cgi-bin/webhook/send?key=wk-1", ""),
            ("工程师钉钉群", "dingtalk", "/robot/send?access_token=dt-1", DING_SECRET),
            ("Feishu desk", "feishu", "/open-apis/bot/v2/hook/fs-1", FEISHU_SECRET),
        ):
            db.session.add(
                ChatRobot(
                    name=name,
                    service=service,
                    webhook_url=chat_server.url(path),
                    secret=secret,
                    events=ALL_EVENTS,
                )
            )
        db.session.commit()
    return chat_server


def p1_ticket(app):
    with app.app_context():
        ticket = open_ticket("employee", title="财务系统无法登录", urgency="high", impact="high")
        return ticket.number


def deliver(app, now):
    with app.app_context():
        return delivery.deliver_pending(now)


def by_path(server, part):
    return [r for r in server.received if part in r.path]


def test_p1_reaches_each_service_in_its_format_and_signed(app, robots):
    number = p1_ticket(app)
    sent_at = MONDAY_0912 + timedelta(seconds=5)
    assert deliver(app, sent_at) == 3
    assert deliver(app, sent_at + timedelta(minutes=1)) == 0  # once

    (wecom,) = by_path(robots, "/cgi-bin/webhook/send")
    assert wecom.query == {"key": "wk-1"} and wecom.body["msgtype"] == "markdown"
    content = wecom.body["markdown"]["content"]
    assert f"P1 工单 {number}" in content and "财务系统无法登录" in content
    assert f"/tickets/{number})" in content and "在门户中打开" in content

    (ding,) = by_path(robots, "/robot/send")
    timestamp = ding.query["timestamp"]
    assert int(timestamp) == int(sent_at.timestamp() * 1000)
    expected = base64.b64encode(
        hmac.new(
            DING_SECRET.encode(), f"{timestamp}\n{DING_SECRET}".encode(), hashlib.sha256
        ).digest()
    ).decode()
    assert ding.query["sign"] == expected and ding.query["access_token"] == "dt-1"
    assert ding.body["msgtype"] == "markdown" and number in ding.body["markdown"]["title"]
    assert "财务系统无法登录" in ding.body["markdown"]["text"]

    (feishu,) = by_path(robots, "/open-apis/bot/v2/hook/fs-1")
    seconds = feishu.body["timestamp"]
    key = f"{seconds}\n{FEISHU_SECRET}".encode()
    assert (
        feishu.body["sign"]
        == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    )
    post = feishu.body["content"]["post"]["zh_cn"]
    assert feishu.body["msg_type"] == "post" and number in post["title"]
    link = post["content"][-1][0]
    assert link["tag"] == "a" and link["href"].endswith(f"/tickets/{number}")


def test_dispatch_announced_once_per_dispatch(app, users, robots):
    with app.app_context():
        ticket = open_ticket("employee")
        perform(actions.accept, ticket, "agent", MONDAY_0912 + timedelta(minutes=1))
        perform(
            actions.dispatch,
            ticket,
            "agent",
            MONDAY_0912 + timedelta(minutes=2),
            engineer=person("engineer"),
        )
        messages = db.session.scalars(sa.select(ChatMessage)).all()
    assert {m.event for m in messages} == {"dispatch"} and len(messages) == 3
    assert all("Engineer Tester" in m.title for m in messages)


def test_outage_of_two_minutes_then_every_message_once(app, robots):
    robots.stop()
    numbers = [p1_ticket(app) for _ in range(3)]
    start = MONDAY_0912
    for seconds in (0, 20, 50, 80, 120):  # the chat server is down for two minutes
        assert deliver(app, start + timedelta(seconds=seconds)) == 0
    with app.app_context():
        pending = db.session.scalars(sa.select(ChatMessage)).all()
        assert all(m.status == "pending" and m.attempts >= 2 for m in pending)
        assert all(m.last_error for m in pending)
    robots.start()
    later = start + timedelta(minutes=10)
    assert deliver(app, later) == 9
    assert deliver(app, later + timedelta(minutes=30)) == 0
    assert len(robots.received) == 9
    titles = [r.body.get("markdown", {}).get("content", "") for r in by_path(robots, "/cgi-bin")]
    for number in numbers:
        assert sum(number in title for title in titles) == 1


def test_two_workers_do_not_send_twice(app, robots):
    p1_ticket(app)
    with app.app_context():
        first = delivery._claim(db.session.scalar(sa.select(ChatMessage.id)), "a", MONDAY_0912)
        again = delivery._claim(first.id, "b", MONDAY_0912)
        assert first is not None and again is None


def test_manager_configures_robots_audited(app, users, login_as, chat_server, monkeypatch):
    monkeypatch.setitem(app.config, "CHAT_WEBHOOK_HOSTS", [chat_server.host])
    manager = login_as("manager")
    outside = manager.form(
        "/group-chats/new",
        {"name": "X", "service": "wecom", "webhook_url": "https://10.0.0.5/hook", "events": []},
    )
    assert outside.status_code == 422 and "not the address of a WeCom" in outside.text
    plain = manager.form(
        "/group-chats/new",
        {"name": "X", "service": "wecom", "webhook_url": chat_server.url("/x"), "events": []},
    )
    assert plain.status_code == 422 and "https://" in plain.text
    monkeypatch.setitem(app.config, "CHAT_ALLOW_HTTP", True)
    made = manager.form(
        "/group-chats/new",
        {
            "name": "钉钉工程师群",
            "service": "dingtalk",
            "webhook_url": chat_server.url("/robot/send?access_token=t"),
            "secret": DING_SECRET,
            "events": ["dispatch", "sla_breach"],
            "active": "y",
        },
    )
    assert made.status_code == 302
    page = manager.get("/group-chats/")
    assert "钉钉工程师群" in page.text and "An engineer is dispatched" in page.text
    assert DING_SECRET not in page.text
    with app.app_context():
        robot = db.session.scalar(sa.select(ChatRobot))
        robot_id = robot.id
    form = manager.get(f"/group-chats/{robot_id}")
    assert DING_SECRET not in form.text and "A secret is set." in form.text
    masked = chat_server.url("/robot/send?access_token=••••")
    assert "access_token=t" not in form.text and masked in form.text  # the robot's key is hidden
    kept = manager.form(
        f"/group-chats/{robot_id}",
        {
            "name": "钉钉工程师群",
            "service": "dingtalk",
            "webhook_url": masked,  # sent back as shown: the stored address stays
            "secret": "",
            "events": ["dispatch"],
        },
    )
    assert kept.status_code == 302
    assert manager.form(f"/group-chats/{robot_id}/test").status_code == 302
    assert deliver(app, utcnow() + timedelta(minutes=1)) == 1  # the test message is queued now
    (received,) = chat_server.received
    assert "sign" in received.query  # the kept secret still signs
    with app.app_context():
        robot = db.session.get(ChatRobot, robot_id)
        assert robot.secret == DING_SECRET and robot.events == ["dispatch"] and not robot.active
        assert robot.webhook_url.endswith("access_token=t")
    assert manager.form(f"/group-chats/{robot_id}/delete").status_code == 302
    with app.app_context():
        trail = db.session.scalars(
            sa.select(AuditEvent.action).where(AuditEvent.action.like("chat_robot.%"))
        ).all()
        details = db.session.scalars(sa.select(AuditEvent.details)).all()
    assert trail == [
        "chat_robot.create",
        "chat_robot.update",
        "chat_robot.test",
        "chat_robot.delete",
    ]
    assert not any(DING_SECRET in str(d) for d in details)


def test_only_managers_reach_the_robots(login_as, users):
    assert login_as("agent").get("/group-chats/").status_code == 403
    assert login_as("admin").get("/group-chats/").status_code == 200
