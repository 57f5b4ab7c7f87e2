"""Password reset by mail: one answer for known and unknown addresses, a signed link that
works once within 30 minutes, every reset audited, the account's sessions ended."""

import email
import re
import time
from datetime import timedelta

import sqlalchemy as sa
import time_machine

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.extensions import db, utcnow
from app.mail import delivery
from app.mail.models import OutboxMessage
from tests.conftest import PASSWORD, ROLE_EMAILS

LINK = re.compile(r"(http\S+/password/reset/\S+)")
NEW_PASSWORD = "a quiet morning in hangzhou"


def outbox(app):
    with app.app_context():
        return db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def ask(client, address):
    return client.form("/password/forgot", {"email": address})


def reset_link(app, client, address=ROLE_EMAILS["employee"]):
    assert ask(client, address).status_code == 302
    (message,) = outbox(app)
    return "/" + LINK.search(message.body_text).group(1).split("/", 3)[3]


def actions(app):
    with app.app_context():
        return db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()


def test_same_answer_whether_or_not_the_address_exists(app, users, client):
    known = ask(client, ROLE_EMAILS["employee"])
    flash_known = client.get("/login").text
    unknown = ask(client, "nobody@client.test")
    flash_unknown = client.get("/login").text
    assert known.status_code == unknown.status_code == 302
    assert known.location == unknown.location
    assert "a link to reset it is on its way" in flash_known
    assert flash_known == flash_unknown
    (message,) = outbox(app)
    assert message.recipient == ROLE_EMAILS["employee"]
    assert "30" in message.body_text and "/password/reset/" in message.body_text


def test_similar_time_for_known_and_unknown_addresses(app, users, client):
    def timed(address):
        started = time.perf_counter()
        ask(client, address)
        return time.perf_counter() - started

    ask(client, "warm-up@client.test")
    known = min(timed(ROLE_EMAILS["engineer"]) for _ in range(3))
    unknown = min(timed(f"nobody{n}@client.test") for n in range(3))
    assert abs(known - unknown) < 0.1


def test_link_resets_once_and_ends_sessions(app, users, login_as):
    signed_in = login_as("employee")  # a session opened with the old password
    assert signed_in.get("/profile").status_code == 200
    visitor = app.test_client()
    link = reset_link(app, visitor)
    page = visitor.get(link)
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    weak = visitor.form(link, {"new": "password1234", "confirm": "password1234"})
    assert weak.status_code == 422 and "too common" in weak.text
    done = visitor.form(link, {"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.location.endswith("/login")
    assert visitor.get(link).status_code == 400  # used: the link works once
    assert "does not work" in visitor.get(link).text
    assert signed_in.get("/profile").status_code == 302  # the old session has ended
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == ROLE_EMAILS["employee"]))
        assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)
    app.test_client().login(ROLE_EMAILS["employee"], NEW_PASSWORD)
    trail = actions(app)
    assert "user.password_reset_mailed" in trail and "user.password_reset" in trail
    assert "user.sessions_ended" in trail


def test_expired_link_refused(app, users, client):
    link = reset_link(app, client)
    with time_machine.travel(utcnow() + timedelta(minutes=31)):
        assert client.get(link).status_code == 400
    with time_machine.travel(utcnow() + timedelta(minutes=29)):
        assert client.get(link).status_code == 200


def test_tampered_links_refused(app, users, client):
    link = reset_link(app, client)
    token = link.rsplit("/", 1)[1]
    payload, _, signature = token.partition(".")
    forged = [
        link[:-2] + ("AA" if not link.endswith("AA") else "BB"),
        "/password/reset/" + payload,
        "/password/reset/" + "x" * 40,
        "/password/reset/%00",
    ]
    for bad in forged:
        assert client.get(bad).status_code in (400, 404), bad
        assert client.form(bad, {"new": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code in (
            400,
            404,
        )
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == ROLE_EMAILS["employee"]))
        assert user.check_password(PASSWORD)


def test_inactive_account_gets_no_mail(app, users, client):
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == ROLE_EMAILS["agent"]))
        user.active = False
        db.session.commit()
    assert ask(client, ROLE_EMAILS["agent"]).status_code == 302
    assert outbox(app) == []


def test_repeated_requests_send_one_mail_a_minute(app, users, client):
    for _ in range(3):
        ask(client, ROLE_EMAILS["employee"])
    assert len(outbox(app)) == 1


def test_form_needs_csrf_and_an_address(app, users, client):
    assert client.post("/password/forgot", data={"email": ROLE_EMAILS["employee"]}).status_code in (
        400,
        422,
    )
    assert ask(client, "").status_code == 422
    assert outbox(app) == []


def test_reset_mail_delivered_in_the_users_language(app, users, client, smtp_server, monkeypatch):
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == ROLE_EMAILS["employee"]))
        user.language = "zh"
        db.session.commit()
    for name, value in {
        "SMTP_HOST": smtp_server.host,
        "SMTP_PORT": smtp_server.port,
        "SMTP_USERNAME": None,
        "SMTP_STARTTLS": False,
    }.items():
        monkeypatch.setitem(app.config, name, value)
    ask(client, ROLE_EMAILS["employee"])
    with app.app_context():
        delivery.deliver_pending(utcnow())
    ((_, rcpt, raw),) = smtp_server.wait_for(1)
    message = email.message_from_bytes(raw)
    assert rcpt == [ROLE_EMAILS["employee"]]
    body = message.get_payload(decode=True).decode()
    assert "重置" in body and "/password/reset/" in body
