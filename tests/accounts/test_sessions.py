"""Sessions live on the server: a cookie copied before signing out, a password change, a role
change or a disabled account no longer opens a page; the user sees and ends their sessions."""

from datetime import timedelta

import sqlalchemy as sa
import time_machine

from app.accounts.models import ApiToken, User, UserSession
from app.accounts.services import issue_token, update_user, user_by_email
from app.audit.models import AuditEvent
from app.extensions import db, utcnow
from tests.conftest import PASSWORD, ROLE_EMAILS


def copy_of(app, client):
    """A second client carrying the same session cookie, as a thief's browser would."""
    thief = app.test_client()
    cookie = client.get_cookie("session")
    thief.set_cookie("session", cookie.value)
    return thief


def test_a_cookie_copied_before_sign_out_is_refused_after_it(app, login_as):
    agent = login_as("agent")
    thief = copy_of(app, agent)
    assert thief.get("/profile").status_code == 200
    agent.form("/logout")
    assert thief.get("/profile").status_code == 302
    assert agent.get("/profile").status_code == 302
    with app.app_context():
        row = db.session.scalar(sa.select(UserSession))
        assert row.ended_at is not None
        ended = db.session.scalars(
            sa.select(AuditEvent.action).where(AuditEvent.action == "user.session_end")
        ).all()
        assert ended == ["user.session_end"]


def test_signing_out_ends_the_sessions_on_other_machines_too(app, login_as):
    desk, phone = login_as("agent"), login_as("agent")
    assert phone.get("/profile").status_code == 200
    desk.form("/logout")
    assert phone.get("/profile").status_code == 302
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count(UserSession.id)).where(UserSession.ended_at.is_(None))
            )
            == 0
        )
        assert db.session.scalar(
            sa.select(AuditEvent.details).where(AuditEvent.action == "user.sessions_end")
        ) == {"count": 1, "source": "127.0.0.1"}


def test_a_password_change_ends_the_other_sessions_but_not_this_one(app, login_as):
    desk, phone = login_as("agent"), login_as("agent")
    response = desk.form(
        "/profile/password",
        {
            "pw-current": PASSWORD,
            "pw-new": "a much newer secret 42",
            "pw-confirm": "a much newer secret 42",
        },
    )
    assert response.status_code == 302
    assert desk.get("/profile").status_code == 200
    assert phone.get("/profile").status_code == 302


def test_a_role_change_or_disabling_ends_every_session(app, login_as, users):
    agent = login_as("agent")
    employee = login_as("employee")
    with app.app_context():
        update_user(db.session.get(User, users["agent"]), {"role": "engineer"}, actor=None)
        update_user(db.session.get(User, users["employee"]), {"active": False}, actor=None)
        update_user(db.session.get(User, users["manager"]), {"name": "Renamed"}, actor=None)
        db.session.commit()
    assert agent.get("/profile").status_code == 302
    assert employee.get("/profile").status_code == 302


def test_sessions_time_out_when_idle_and_after_the_longest_day(app, login_as):
    agent = login_as("agent")
    idle = app.config["SESSION_IDLE_MINUTES"]
    with time_machine.travel(utcnow() + timedelta(minutes=idle - 5), tick=False):
        assert agent.get("/profile").status_code == 200  # in use: kept alive
    with time_machine.travel(utcnow() + timedelta(minutes=2 * idle - 8), tick=False):
        assert agent.get("/profile").status_code == 200
    with time_machine.travel(utcnow() + timedelta(minutes=3 * idle), tick=False):
        assert agent.get("/profile").status_code == 302  # idle for too long
    other = login_as("agent")
    longest = timedelta(hours=app.config["SESSION_MAX_HOURS"])
    step = timedelta(minutes=idle // 2)
    signed_in = moment = utcnow()
    while moment < signed_in + longest - step:
        moment += step
        with time_machine.travel(moment, tick=False):
            assert other.get("/profile").status_code == 200
    with time_machine.travel(moment + step, tick=False):
        assert other.get("/profile").status_code == 302  # however busy, it ends


def test_the_profile_lists_sessions_and_ends_another_one(app, login_as):
    desk = login_as("agent")
    phone = login_as("agent")
    page = desk.get("/profile").get_data(as_text=True)
    assert page.count('action="/profile/sessions/') == 2  # the phone's, and "everywhere else"
    with app.app_context():
        rows = db.session.scalars(sa.select(UserSession).order_by(UserSession.created_at)).all()
        phone_id = rows[1].id
    assert desk.form(f"/profile/sessions/{phone_id}/end").status_code == 302
    assert phone.get("/profile").status_code == 302
    assert desk.get("/profile").status_code == 200
    # someone else's session is not found, not ended
    manager = login_as("manager")
    with app.app_context():
        desk_id = db.session.scalar(
            sa.select(UserSession.id).where(UserSession.ended_at.is_(None)).limit(1)
        )
    assert manager.form(f"/profile/sessions/{desk_id}/end").status_code == 404
    assert desk.get("/profile").status_code == 200


def test_sign_out_everywhere_else(app, login_as):
    desk, phone, tablet = login_as("engineer"), login_as("engineer"), login_as("engineer")
    assert desk.form("/profile/sessions/end-others").status_code == 302
    assert desk.get("/profile").status_code == 200
    assert phone.get("/profile").status_code == 302
    assert tablet.get("/profile").status_code == 302


def test_an_expired_api_token_is_refused_and_use_is_recorded(app, users):
    with app.app_context():
        agent = user_by_email(ROLE_EMAILS["agent"])
        short = issue_token(agent, actor=agent, label="script", valid_days=30)
        db.session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {short}"}
    assert client.get("/api/v1/tickets", headers=headers).status_code == 200
    with app.app_context():
        used = db.session.scalar(sa.select(ApiToken.last_used_at))
        assert used is not None
    with time_machine.travel(utcnow() + timedelta(days=31), tick=False):
        assert client.get("/api/v1/tickets", headers=headers).status_code == 401


def test_tokens_are_made_with_a_lifetime_from_the_profile(app, login_as):
    agent = login_as("agent")
    page = agent.form("/profile/tokens", {"tk-label": "nightly export", "tk-lifetime": "30"})
    assert page.status_code == 200
    assert "Last used" in page.get_data(as_text=True)
    with app.app_context():
        token = db.session.scalar(sa.select(ApiToken))
        assert timedelta(days=29) < token.expires_at - token.created_at <= timedelta(days=30)
    refused = agent.form("/profile/tokens", {"tk-label": "x", "tk-lifetime": "99999"})
    assert refused.status_code == 422
