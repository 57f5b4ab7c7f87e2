"""Shared fixtures: one migrated database per run (SQLite, or PostgreSQL via
TEST_DATABASE_URL), emptied after every test; clients that carry CSRF tokens like a browser."""

import os
import re
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_migrate import upgrade
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from app import create_app
from app.accounts.models import User
from app.accounts.services import issue_token, user_by_email
from app.config import normalise_database_url
from app.extensions import db

pytest_plugins = ["tests.mailservers"]

PASSWORD = "correct horse battery"
ROLE_EMAILS = {
    "employee": "emp@client.test",
    "approver": "appr@client.test",
    "agent": "agent@vendor.test",
    "engineer": "eng@vendor.test",
    "manager": "mgr@vendor.test",
    "admin": "admin@vendor.test",
}
CSRF_RE = re.compile(r'name="csrf-token" content="([^"]+)"')


class Client(FlaskClient):
    """A test client that sends the page's CSRF token with every form post, as a browser does."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"

    def csrf_token(self) -> str:
        page = self.get("/login", follow_redirects=True).get_data(as_text=True)
        return CSRF_RE.search(page).group(1)

    def form(self, url: str, data: dict | None = None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)

    def login(self, email: str, password: str = PASSWORD):
        response = self.form("/login", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response


def fresh_database_url(tmp_dir: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_dir / 'test.sqlite'}"
    url = normalise_database_url(url)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    tmp_dir = tmp_path_factory.mktemp("deskpact")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": fresh_database_url(tmp_dir),
            "UPLOAD_FOLDER": str(tmp_dir / "uploads"),
            "WORKER_QUEUE_URL": os.environ.get("TEST_QUEUE_URL")
            or f"sqlite:///{tmp_dir / 'queue.sqlite'}",
            "JOB_RESULTS_FOLDER": str(tmp_dir / "jobs"),
            "SERVER_NAME": None,
            # every test signs in from 127.0.0.1; tests/web/test_rate_limits.py has its own app
            "RATE_LIMITS_ENABLED": False,
        }
    )
    app.test_client_class = Client
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _empty_database(request):
    """Every test starts from empty tables (the schema stays)."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
                )
            else:
                for table in tables:
                    connection.execute(sa.text(f"DELETE FROM {table}"))
        # reference data the migrations ship (S1 catalog, asset types) comes back for the next test
        from app.assets.services import ensure_types
        from app.tickets.demo import ensure_catalog

        ensure_catalog()
        ensure_types()
        db.session.commit()
        db.session.remove()


@pytest.fixture
def ctx(app):
    """An application context for tests that call services directly."""
    with app.app_context():
        yield
        db.session.remove()


_password_hash = None


def make_user(role: str, email: str | None = None, **fields) -> User:
    """A user whose password is PASSWORD (hashed once per run, for speed)."""
    global _password_hash
    if _password_hash is None:
        probe = User()
        probe.set_password(PASSWORD)
        _password_hash = probe.password_hash
    user = User(
        email=email or ROLE_EMAILS[role],
        name=fields.pop("name", f"{role.title()} Tester"),
        role=role,
        password_hash=_password_hash,
        language=fields.pop("language", "en"),
        **fields,
    )
    db.session.add(user)
    db.session.flush()
    return user


@pytest.fixture
def users(app):
    """One user per role, keyed by role."""
    with app.app_context():
        made = {role: make_user(role) for role in ROLE_EMAILS}
        db.session.commit()
        ids = {role: user.id for role, user in made.items()}
        db.session.remove()
    return ids


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login_as(app, users):
    """login_as("agent") → a client signed in as that role's user."""

    def sign_in(role: str) -> Client:
        client = app.test_client()
        client.login(ROLE_EMAILS[role])
        return client

    return sign_in


@pytest.fixture
def api(app, users):
    """api(role) → a client whose calls carry that role's bearer token (or an e-mail's)."""

    def client_for(role: str):
        with app.app_context():
            owner = user_by_email(ROLE_EMAILS.get(role, role))
            token = issue_token(owner, actor=None, label="test")
            db.session.commit()
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}

        class Api:
            def get(self, url, **kw):
                return client.get(url, headers=headers, **kw)

            def post(self, url, body):
                return client.post(url, json=body, headers=headers)

        return Api()

    return client_for


@pytest.fixture(scope="session")
def live_server(app):
    """The app served on 127.0.0.1 in a thread, for the browser tests."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


# Playwright driving Debian's Chromium; defined once here so every test directory shares
# one browser (two sync Playwright instances cannot run in one process).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def _screenshot_keeping_the_caret(screenshot):
    """Playwright hides the caret with an inline style, which the content security policy
    refuses (and the test would see as a violation); the caret may as well show."""

    def take(self, *args, caret="initial", **kwargs):
        return screenshot(self, *args, caret=caret, **kwargs)

    return take


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import Locator, Page

    Page.screenshot = _screenshot_keeping_the_caret(Page.screenshot)
    Locator.screenshot = _screenshot_keeping_the_caret(Locator.screenshot)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """new_page(phone=False, lang='en') → a fresh browser page at the portal. Every page
    a test opens is watched: a content-security-policy violation fails the test."""
    contexts = []
    violations = []

    def open_page(phone: bool = False, lang: str = "en"):
        options = {"base_url": live_server, "locale": "zh-CN" if lang == "zh" else "en-US"}
        if phone:
            options.update(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                violations.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not violations, violations


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit].primary")
    page.wait_for_url(lambda url: "/login" not in url)
