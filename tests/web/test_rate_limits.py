"""Rate limits: a caller past the limit of the sign-in form, reset requests, a mail's link
page or the API (per token) gets 429 with Retry-After, in their language; others go on."""

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app
from app.accounts.services import issue_token, user_by_email
from app.audit.models import AuditEvent
from app.contracts.services import get_contract
from app.extensions import db
from tests.conftest import ROLE_EMAILS, Client, make_user
from tests.web.test_foundation import contract_form


@pytest.fixture(scope="module")
def limited_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("limits")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'limits.sqlite'}",
            "UPLOAD_FOLDER": str(folder / "uploads"),
            "SERVER_NAME": None,
            "RATE_LIMITS_ENABLED": True,
            "RATE_LIMIT_SIGN_IN": "3/minute",
            "RATE_LIMIT_RESET": "2/hour",
            "RATE_LIMIT_LINKS": "3/minute",
            "RATE_LIMIT_API": "4/minute",
        }
    )
    app.test_client_class = Client
    with app.app_context():
        upgrade()
        make_user("agent")
        make_user("manager")
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def from_address(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def test_sign_in_attempts_past_the_limit_wait(limited_app):
    client = limited_app.test_client()
    token = client.csrf_token()
    form = {"email": ROLE_EMAILS["agent"], "password": "wrong", "csrf_token": token}
    answers = [client.post("/login", data=form, **from_address("10.0.0.7")) for _ in range(4)]
    assert [a.status_code for a in answers] == [401, 401, 401, 429]
    assert int(answers[-1].headers["Retry-After"]) >= 1
    chinese = client.post(
        "/login", data=form, headers={"Accept-Language": "zh-CN"}, **from_address("10.0.0.7")
    )
    assert chinese.status_code == 429 and "请稍候" in chinese.get_data(as_text=True)
    # another address is not held up; reading the page is never limited
    assert client.post("/login", data=form, **from_address("10.0.0.8")).status_code == 401
    assert client.get("/login", **from_address("10.0.0.7")).status_code == 200


def test_reset_requests_and_link_pages_are_limited(limited_app):
    client = limited_app.test_client()
    token = client.csrf_token()
    ask = {"email": "nobody@client.test", "csrf_token": token}
    statuses = [
        client.post("/password/forgot", data=ask, **from_address("10.0.1.1")).status_code
        for _ in range(3)
    ]
    assert statuses == [302, 302, 429]
    # guessing at link tokens: a page each, then a wait
    links = [client.get(f"/c/approve/guess{n}", **from_address("10.0.1.2")) for n in range(4)]
    assert [r.status_code for r in links][-1] == 429
    assert all(r.status_code == 410 for r in links[:3])


def test_the_api_counts_per_token(limited_app):
    with limited_app.app_context():
        first = issue_token(user_by_email(ROLE_EMAILS["agent"]), actor=None)
        second = issue_token(user_by_email(ROLE_EMAILS["manager"]), actor=None)
        db.session.commit()
    client = limited_app.test_client()

    def call(token):
        return client.get("/api/v1/tickets", headers={"Authorization": f"Bearer {token}"})

    assert [call(first).status_code for _ in range(5)] == [200, 200, 200, 200, 429]
    refused = call(first)
    assert refused.get_json()["error"]["code"] == "too_many_requests"
    assert "Retry-After" in refused.headers
    assert call(second).status_code == 200


def test_the_contract_sets_the_limits_and_an_empty_one_keeps_the_default(limited_app):
    with limited_app.app_context():
        token = issue_token(user_by_email(ROLE_EMAILS["agent"]), actor=None)
        db.session.commit()
    manager = limited_app.test_client()
    manager.login(ROLE_EMAILS["manager"])
    page = manager.get("/contract/").get_data(as_text=True)
    assert "Rate limits" in page and "Default: 4 per minute" in page
    saved = manager.form("/contract/", contract_form(api_calls_per_minute="2"))
    assert saved.status_code == 302, saved.get_data(as_text=True)[:300]
    client = limited_app.test_client()

    def call():
        return client.get("/api/v1/tickets", headers={"Authorization": f"Bearer {token}"})

    assert [call().status_code for _ in range(3)] == [200, 200, 429]
    refused = manager.form("/contract/", contract_form(api_calls_per_minute="0"))
    assert refused.status_code == 422
    with limited_app.app_context():
        assert get_contract().api_calls_per_minute == 2  # nothing half-saved
        assert db.session.scalar(
            sa.select(AuditEvent.details).where(AuditEvent.action == "contract.update")
        )["api_calls_per_minute"] == [None, "2"]
    manager.form("/contract/", contract_form(api_calls_per_minute=""))
    with limited_app.app_context():
        assert get_contract().api_calls_per_minute is None
