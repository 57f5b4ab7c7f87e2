"""Sign-in, throttling, CSRF, profile, tokens and the admin's user pages."""

from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

import pytest
import sqlalchemy as sa

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.extensions import db
from app.web.redirects import local_path
from tests.conftest import PASSWORD, ROLE_EMAILS


def test_login_and_logout(client, users):
    response = client.login(ROLE_EMAILS["agent"])
    assert response.headers["Location"] == "/"
    assert "Agent Tester" in client.get("/").get_data(as_text=True)
    client.form("/logout")
    assert client.get("/").status_code == 302


def test_wrong_password_gets_generic_message_and_throttles_after_five(client, users):
    unknown = client.form("/login", {"email": "nobody@x.test", "password": "x"})
    wrong = client.form("/login", {"email": ROLE_EMAILS["agent"], "password": "nope"})
    assert unknown.status_code == wrong.status_code == 401
    message = "Wrong email or password, or too many attempts"
    assert message in unknown.get_data(as_text=True)
    assert message in wrong.get_data(as_text=True)
    for _ in range(4):
        client.form("/login", {"email": ROLE_EMAILS["agent"], "password": "nope"})
    locked = client.form("/login", {"email": ROLE_EMAILS["agent"], "password": PASSWORD})
    assert locked.status_code == 401, "the right password is refused while locked"
    assert message in locked.get_data(as_text=True)


def test_a_lock_holds_only_for_the_source_that_caused_it(client, users):
    office, elsewhere = {"REMOTE_ADDR": "10.1.1.5"}, {"REMOTE_ADDR": "10.9.9.9"}
    for _ in range(5):
        client.form(
            "/login", {"email": ROLE_EMAILS["agent"], "password": "nope"}, environ_base=elsewhere
        )
    right = {"email": ROLE_EMAILS["agent"], "password": PASSWORD}
    assert client.form("/login", right, environ_base=elsewhere).status_code == 401
    assert client.form("/login", right, environ_base=office).status_code == 302


def sign_in(email: str, password: str, at: datetime, source: str = "10.0.0.1", **limits):
    from app.accounts.services import SignInLimits, authenticate

    user = authenticate(email, password, source=source, now=at, limits=SignInLimits(**limits))
    db.session.commit()
    return user


def test_an_office_behind_one_address_is_not_locked_out_by_colleagues(ctx, users):
    start = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
    for n in range(20):  # twenty colleagues mistype, each on their own account
        assert sign_in(f"user{n}@client.test", "Winter2026", start) is None
    assert sign_in(ROLE_EMAILS["agent"], PASSWORD, start) is not None


def test_one_source_trying_many_addresses_is_slowed(ctx, users):
    start = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
    for n in range(20):  # one password sprayed over twenty addresses
        assert sign_in(f"user{n}@client.test", "Winter2026", start, per_address=20) is None
    # every address from that source now waits, the right password included
    assert sign_in(ROLE_EMAILS["agent"], PASSWORD, start) is None
    assert sign_in(ROLE_EMAILS["agent"], PASSWORD, start, source="10.0.0.2") is not None
    assert sign_in(ROLE_EMAILS["agent"], PASSWORD, start + timedelta(minutes=16)) is not None


def test_one_account_tried_from_many_addresses_waits_longer_each_time(ctx, users):
    start = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
    for n in range(10):  # ten addresses, one guess each: no address reaches its own limit
        assert sign_in(ROLE_EMAILS["agent"], "guess", start, source=f"10.1.0.{n}") is None
    # the tenth failure makes the account wait 1 s from anywhere, the eleventh 2 s, …
    assert sign_in(ROLE_EMAILS["agent"], PASSWORD, start, source="10.9.9.9") is None
    later = start + timedelta(seconds=2)
    assert sign_in(ROLE_EMAILS["agent"], "guess", later, source="10.1.1.1") is None
    assert sign_in(ROLE_EMAILS["agent"], PASSWORD, later + timedelta(seconds=1)) is None
    assert sign_in(ROLE_EMAILS["agent"], PASSWORD, later + timedelta(seconds=3)) is not None


def test_failures_count_within_one_lock_period_and_are_audited(ctx, users):
    start = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
    for day in range(4):  # a typo a day for four days, then a fifth: no lock
        sign_in(ROLE_EMAILS["agent"], "typo", start + timedelta(days=day))
    assert sign_in(ROLE_EMAILS["agent"], "typo", start + timedelta(days=5)) is None
    assert sign_in(ROLE_EMAILS["agent"], PASSWORD, start + timedelta(days=5)) is not None
    for _ in range(5):
        sign_in(ROLE_EMAILS["agent"], "typo", start + timedelta(days=6))
    actions = db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions.count("user.login_failed") == 10
    assert actions.count("user.login") == 1 and actions.count("user.login_locked") == 1
    locked = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "user.login_locked")
    ).one()
    assert locked.object_key == f"{ROLE_EMAILS['agent']} from 10.0.0.1"


def test_deactivated_user_cannot_sign_in_and_loses_session(app, client, users):
    client.login(ROLE_EMAILS["employee"])
    with app.app_context():
        db.session.get(User, users["employee"]).active = False
        db.session.commit()
    assert client.get("/").status_code == 302
    response = client.form("/login", {"email": ROLE_EMAILS["employee"], "password": PASSWORD})
    assert response.status_code == 401


def test_form_without_csrf_token_gets_400_in_users_language(app, client, users):
    response = client.post(
        "/login",
        data={"email": ROLE_EMAILS["agent"], "password": PASSWORD},
        headers={"Accept-Language": "zh-CN"},
    )
    assert response.status_code == 400
    assert "表单已过期" in response.get_data(as_text=True)
    english = client.post("/login", data={}, headers={"Accept-Language": "en"})
    assert "The form has expired" in english.get_data(as_text=True)


@pytest.mark.parametrize(
    "target", ["//evil.example/", "/%09/evil.example", "/%5Cevil.example", "https://evil.example/"]
)
def test_open_redirect_after_login_is_refused(client, users, target):
    token = client.csrf_token()
    response = client.post(
        f"/login?next={target}",
        data={"email": ROLE_EMAILS["agent"], "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/"
    switched = client.form("/language/en", {"next": unquote(target)})
    assert switched.headers["Location"] == "/"


def test_local_paths_are_followed():
    assert local_path("/tickets/INC-1?tab=sla") == "/tickets/INC-1?tab=sla"
    for bad in (None, "", "tickets", "//x.example", "/\t/x.example", "/\\x", "http://x/"):
        assert local_path(bad) is None


def test_change_password(app, login_as):
    client = login_as("employee")
    bad = client.form(
        "/profile/password",
        {"pw-current": "wrong", "pw-new": "new password 123", "pw-confirm": "new password 123"},
    )
    assert bad.status_code == 422
    assert "The current password is wrong." in bad.get_data(as_text=True)
    ok = client.form(
        "/profile/password",
        {"pw-current": PASSWORD, "pw-new": "new password 123", "pw-confirm": "new password 123"},
    )
    assert ok.status_code == 302
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == ROLE_EMAILS["employee"]))
        assert user.check_password("new password 123")
        assert db.session.scalar(sa.select(AuditEvent.action).where(AuditEvent.actor_id == user.id))


def test_token_shown_once_and_works_for_api(login_as):
    client = login_as("agent")
    page = client.form("/profile/tokens", {"tk-label": "phone system"}).get_data(as_text=True)
    token = page.split('data-testid="new-token">')[1].split("<")[0]
    assert token.startswith("dp_")
    assert token not in client.get("/profile").get_data(as_text=True)
    api = client.get("/api/v1/openapi.json", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200


def test_admin_creates_edits_and_deactivates_user(app, login_as):
    client = login_as("admin")
    data = {
        "email": "New.Hire@client.test",
        "name": "<b>新员工</b>",
        "role": "employee",
        "department_id": "0",
        "language": "zh",
        "active": "y",
        "password": "a long password",
    }
    assert client.form("/admin/users/new", data).status_code == 302
    duplicate = client.form("/admin/users/new", data)
    assert duplicate.status_code == 422
    assert "already has an account" in duplicate.get_data(as_text=True)
    listing = client.get("/admin/users?q=new.hire").get_data(as_text=True)
    assert "&lt;b&gt;新员工&lt;/b&gt;" in listing and "<b>新员工</b>" not in listing
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "new.hire@client.test"))
        user_id = user.id
    data.pop("active")
    data["password"] = ""
    assert client.form(f"/admin/users/{user_id}", data).status_code == 302
    with app.app_context():
        assert db.session.get(User, user_id).active is False
        actions = db.session.scalars(
            sa.select(AuditEvent.action).where(AuditEvent.object_key == str(user_id))
        ).all()
        assert actions == ["user.create", "user.update"]


def test_admin_cannot_deactivate_self(login_as, users):
    client = login_as("admin")
    response = client.form(
        f"/admin/users/{users['admin']}",
        {
            "email": ROLE_EMAILS["admin"],
            "name": "A",
            "role": "admin",
            "department_id": "0",
            "language": "en",
        },
    )
    assert response.status_code == 422
    assert "cannot deactivate or demote yourself" in response.get_data(as_text=True)


def test_cli_creates_user_and_prints_only_a_token(app):
    runner = app.test_cli_runner()
    made = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "cli@x.test",
            "--name",
            "CLI",
            "--role",
            "agent",
            "--password",
            "a long password",
        ]
    )
    assert made.exit_code == 0, made.output
    again = runner.invoke(
        args=["users", "create", "--email", "cli@x.test", "--name", "CLI", "--role", "agent"]
    )
    assert again.exit_code != 0 and "already has an account" in again.output
    token = runner.invoke(args=["users", "token", "cli@x.test"])
    assert token.exit_code == 0
    assert token.output.strip().startswith("dp_") and "\n" not in token.output.strip()
