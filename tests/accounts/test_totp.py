"""Two-factor sign-in for vendor staff: enrolment with a QR code, sign-in with a code or a
recovery code, codes used once, the contract's requirement for managers and admins."""

import re
from datetime import timedelta

import pyotp
import sqlalchemy as sa
import time_machine

from app.accounts.models import RecoveryCode, User
from app.audit.models import AuditEvent
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from tests.concurrency import at_once
from tests.conftest import PASSWORD, ROLE_EMAILS

SECRET = re.compile(r'data-testid="totp-secret">([A-Z2-7]+)<')
CODES = re.compile(r"<li><code>([0-9a-f]{5}-[0-9a-f]{5})</code></li>")


def enrol(client, when=None):
    """Turn two-factor sign-in on; returns (secret, recovery codes)."""
    page = client.get("/profile/two-factor")
    assert page.status_code == 200 and "<svg" in page.text
    secret = SECRET.search(page.text).group(1)
    code = pyotp.TOTP(secret).at(when or utcnow())
    done = client.form("/profile/two-factor", {"tf-code": code})
    assert done.status_code == 200, done.text[:300]
    codes = CODES.findall(done.text)
    assert len(codes) == 10
    return secret, codes


def password_step(app, email=ROLE_EMAILS["engineer"]):
    client = app.test_client()
    response = client.form("/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 302 and response.location.endswith("/login/code")
    assert client.get("/profile").status_code == 302  # not signed in before the code
    return client


def actions(app):
    with app.app_context():
        return db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()


def test_enrol_then_sign_in_with_a_code(app, users, login_as):
    secret, _ = enrol(login_as("engineer"))
    assert "user.totp_enrolled" in actions(app)
    with time_machine.travel(utcnow() + timedelta(seconds=60)):
        client = password_step(app)
        assert client.form("/login/code", {"code": "000000"}).status_code == 401
        code = pyotp.TOTP(secret).now()
        assert client.form("/login/code", {"code": code}).status_code == 302
        assert client.get("/profile").status_code == 200
        replay = password_step(app)  # the same code does not work twice
        assert replay.form("/login/code", {"code": code}).status_code == 401
    assert {"user.totp_login", "user.totp_failed"} <= set(actions(app))


def test_sign_in_with_a_recovery_code_once(app, users, login_as):
    _, codes = enrol(login_as("agent"))
    client = password_step(app, ROLE_EMAILS["agent"])
    assert client.form("/login/code", {"code": codes[3].upper()}).status_code == 302
    assert client.get("/profile").status_code == 200
    again = password_step(app, ROLE_EMAILS["agent"])
    assert again.form("/login/code", {"code": codes[3]}).status_code == 401
    with app.app_context():
        left = db.session.scalar(
            sa.select(sa.func.count(RecoveryCode.id)).where(RecoveryCode.used_at.is_(None))
        )
        assert left == 9
    assert "user.totp_recovery_login" in actions(app)


def test_wrong_enrolment_code_keeps_it_off(app, users, login_as):
    client = login_as("engineer")
    client.get("/profile/two-factor")
    refused = client.form("/profile/two-factor", {"tf-code": "12345x"})
    assert refused.status_code == 422 and "not right" in refused.text
    with app.app_context():
        assert not db.session.scalar(
            sa.select(User).where(User.email == ROLE_EMAILS["engineer"])
        ).totp_enabled


def test_too_many_wrong_codes_start_over(app, users, login_as):
    enrol(login_as("engineer"))
    client = password_step(app)
    for _ in range(4):
        assert client.form("/login/code", {"code": "999999"}).status_code == 401
    assert client.form("/login/code", {"code": "999999"}).status_code == 302
    assert client.get("/login/code").location.endswith("/login")


def test_pending_sign_in_expires(app, users, login_as):
    secret, _ = enrol(login_as("engineer"))
    client = password_step(app)
    with time_machine.travel(utcnow() + timedelta(minutes=6)):
        late = client.form("/login/code", {"code": pyotp.TOTP(secret).now()})
        assert late.status_code == 302 and late.location.endswith("/login")


def test_clients_cannot_enrol(app, users, login_as):
    assert login_as("employee").get("/profile/two-factor").status_code == 403


def test_turn_off_with_password(app, users, login_as):
    client = login_as("engineer")
    enrol(client)
    assert client.form("/profile/two-factor/off", {"off-password": "wrong"}).status_code == 422
    assert client.form("/profile/two-factor/off", {"off-password": PASSWORD}).status_code == 302
    app.test_client().login(ROLE_EMAILS["engineer"])  # the password alone is enough again
    assert "user.totp_disabled" in actions(app)


def test_contract_requires_it_for_managers(app, users, login_as):
    with app.app_context():
        get_contract().two_factor_for_managers = True
        db.session.commit()
    manager = login_as("manager")
    forced = manager.get("/desk")
    assert forced.status_code == 302 and forced.location.endswith("/profile/two-factor")
    assert login_as("agent").get("/desk").status_code == 200  # not for other staff
    enrol(manager)
    assert manager.get("/desk").status_code == 200
    assert manager.form("/profile/two-factor/off", {"off-password": PASSWORD}).status_code == 403


def test_api_tokens_unaffected(app, users, api):
    with app.app_context():
        get_contract().two_factor_for_managers = True
        db.session.commit()
    assert api("manager").get("/api/v1/tickets").status_code == 200


def test_renew_recovery_codes(app, users, login_as):
    client = login_as("engineer")
    secret, old = enrol(client)
    with time_machine.travel(utcnow() + timedelta(seconds=60)):
        renewed = client.form(
            "/profile/two-factor/recovery-codes", {"rc-code": pyotp.TOTP(secret).now()}
        )
    new = CODES.findall(renewed.text)
    assert len(new) == 10 and not set(new) & set(old)
    stale = password_step(app)
    assert stale.form("/login/code", {"code": old[0]}).status_code == 401


def test_a_replayed_cookie_gains_no_more_guesses(app, users, login_as):
    """The wrong-code count is the account's, on the server: replaying the cookie from after
    the password step, or signing in again, does not reset it."""
    secret, _ = enrol(login_as("engineer"))
    client = password_step(app)
    saved = client.get_cookie("session").value
    for _ in range(3):
        assert client.form("/login/code", {"code": "999999"}).status_code == 401
    client.set_cookie("session", saved)  # back to before the wrong codes
    client.form("/login/code", {"code": "999999"})
    locked = client.form("/login/code", {"code": "999999"})
    assert locked.status_code == 302 and locked.location.endswith("/login")
    again = password_step(app)  # a fresh sign-in with the password
    right = again.form("/login/code", {"code": pyotp.TOTP(secret).now()})
    # locked for the lock period, even with the right code: back to the start, not signed in
    assert right.status_code == 302 and right.location.endswith("/login")
    assert again.get("/profile").status_code == 302
    assert "user.login_locked" in actions(app)


def test_one_code_sent_twice_at_the_same_moment_signs_in_once(app, users, login_as):
    from app.accounts import totp
    from app.accounts.services import user_by_email

    secret, _ = enrol(login_as("engineer"))
    later = utcnow() + timedelta(seconds=31)  # the enrolment used the current step's code
    code, answers = pyotp.TOTP(secret).at(later), []

    def sign_in_with_the_code(ready):
        with app.app_context():
            user = user_by_email(ROLE_EMAILS["engineer"])
            ready()
            try:
                answers.append(totp.verify(user, code, source="", now=later))
                db.session.commit()
            except sa.exc.OperationalError:  # SQLite: the loser waits out the writer's lock
                db.session.rollback()
                answers.append(False)
            finally:
                db.session.remove()

    at_once(sign_in_with_the_code, sign_in_with_the_code)
    assert sorted(answers) == [False, True]
