"""Per-person notification preferences: mail by default, a mention in the person's group
chat, or only the portal; files and sign-in mail always go by mail."""

from datetime import timedelta

import sqlalchemy as sa
import time_machine

from app.accounts.services import user_by_email
from app.audit.models import AuditEvent
from app.chat import delivery
from app.chat.models import ChatLink, ChatMessage, ChatRobot
from app.chat.preferences import TOPICS
from app.extensions import db
from app.mail.models import OutboxMessage
from app.tickets import actions
from tests.conftest import ROLE_EMAILS
from tests.factories import MONDAY_0912, open_ticket, perform, person

ENGINEER = ROLE_EMAILS["engineer"]


def add_robot(app, server, service="dingtalk"):
    with app.app_context():
        robot = ChatRobot(
            name="工程师群",
            service=service,
            webhook_url=server.url("/robot/send?access_token=t"),
            events=[],
        )
        db.session.add(robot)
        db.session.commit()
        return robot.id


def choose(client, robot_id=0, chat_user_id="", **topics):
    data = {f"topic_{topic}": "mail" for topic in TOPICS}
    data.update({f"topic_{topic}": channel for topic, channel in topics.items()})
    data.update(robot_id=str(robot_id), chat_user_id=chat_user_id)
    return client.form("/profile/notifications/", data)


def dispatch_to_engineer(app):
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
        return ticket.number


def mails_to(app, address):
    with app.app_context():
        return db.session.scalars(
            sa.select(OutboxMessage.subject).where(OutboxMessage.recipient == address)
        ).all()


def test_default_is_mail(app, users):
    dispatch_to_engineer(app)
    assert len(mails_to(app, ENGINEER)) == 1


def test_dispatch_by_group_chat_mentions_the_engineer(
    app,
    users,
    login_as,
    chat_server,
    monkeypatch,
):
    monkeypatch.setitem(app.config, "CHAT_TIMEOUT", 2)
    robot_id = add_robot(app, chat_server)
    engineer = login_as("engineer")
    page = engineer.get("/profile/notifications/")
    assert page.status_code == 200 and "Tickets dispatched to me" in page.text
    assert 'name="topic_dispatch"' in page.text and "In my group chat" in page.text
    assert choose(engineer, robot_id, "zhang.gong", dispatch="chat").status_code == 302
    with time_machine.travel(MONDAY_0912 + timedelta(minutes=2), tick=False):
        number = dispatch_to_engineer(app)
        assert mails_to(app, ENGINEER) == []
        with app.app_context():
            assert delivery.deliver_pending(MONDAY_0912 + timedelta(minutes=3)) == 1
    (received,) = chat_server.received
    assert received.body["at"] == {"atUserIds": ["zhang.gong"], "isAtAll": False}
    assert number in received.body["markdown"]["title"]
    assert "@zhang.gong" in received.body["markdown"]["text"]
    with app.app_context():
        assert "user.notifications" in db.session.scalars(sa.select(AuditEvent.action)).all()


def test_chat_without_a_linked_group_falls_back_to_mail(app, users, login_as):
    engineer = login_as("engineer")
    assert choose(engineer, dispatch="chat").status_code == 302
    dispatch_to_engineer(app)
    assert len(mails_to(app, ENGINEER)) == 1


def test_portal_only_sends_nothing(app, users, login_as):
    requester = login_as("employee")
    assert choose(requester, my_tickets="portal").status_code == 302
    dispatch_to_engineer(app)
    assert mails_to(app, ROLE_EMAILS["employee"]) == []
    assert len(mails_to(app, ENGINEER)) == 1  # others keep their mail
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ChatMessage.id))) == 0


def test_password_reset_mail_is_never_diverted(app, users, login_as, client):
    choose(login_as("employee"), my_tickets="portal", dispatch="portal", sla="portal")
    client.form("/password/forgot", {"email": ROLE_EMAILS["employee"]})
    assert len(mails_to(app, ROLE_EMAILS["employee"])) == 1


def test_bad_choice_refused(app, users, login_as):
    response = choose(login_as("employee"), dispatch="pigeon")
    assert response.status_code == 422
    with app.app_context():
        user = user_by_email(ROLE_EMAILS["employee"])
        assert (
            db.session.scalar(
                sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.actor_id == user.id)
            )
            == 1
        )  # only the sign-in


def test_only_the_vendors_people_join_its_group_chats(app, users, login_as, chat_server):
    robot_id = add_robot(app, chat_server)
    employee = login_as("employee")
    page = employee.get("/profile/notifications/").get_data(as_text=True)
    assert "工程师群" not in page  # client people do not even see the vendor's groups
    assert choose(employee, robot_id=robot_id, chat_user_id="zhangwei").status_code == 422
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ChatLink)) == 0
    nul = choose(login_as("engineer"), robot_id=robot_id, chat_user_id="eng\x00")
    assert nul.status_code == 422 and "cannot be stored" in nul.get_data(as_text=True)


def test_nul_bytes_in_sign_in_reset_and_robot_forms_are_refused(app, users, login_as):
    client = app.test_client()
    login = client.form("/login", {"email": "a\x00@b.test", "password": "x"})
    assert login.status_code in (400, 401, 422)
    forgot = client.form("/password/forgot", {"email": "a\x00@b.test"})
    assert forgot.status_code in (400, 422)
    robot = login_as("manager").form(
        "/group-chats/new",
        {"name": "群\x00", "service": "wecom", "webhook_url": "https://qyapi.weixin.qq.com/x"},
    )
    assert robot.status_code == 422 and "cannot be stored" in robot.get_data(as_text=True)
