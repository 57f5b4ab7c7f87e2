"""One unit of work per request: the response decides whether the request's writes are kept."""

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app
from app.accounts.models import Department
from app.accounts.roles import EVERYONE
from app.extensions import db
from app.web.access import allow
from app.web.unit_of_work import keep_writes, on_rollback
from tests.conftest import Client, make_user


@pytest.fixture(scope="module")
def probe_app(tmp_path_factory):
    """An app of its own (SQLite: the unit of work is the same on every database) with a
    route that adds a department, then answers with the status it is asked for."""
    folder = tmp_path_factory.mktemp("unit-of-work")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'probe.sqlite'}",
            "UPLOAD_FOLDER": str(folder / "uploads"),
            "SERVER_NAME": None,
        }
    )
    app.test_client_class = Client
    undone = []

    @allow(EVERYONE)
    def write_then_answer(status: int):
        db.session.add(Department(code=f"D{status}", name_zh="部门", name_en="Department"))
        db.session.flush()
        on_rollback(lambda: undone.append(status))
        if status == 299:
            keep_writes()  # a refusal whose writes are kept is spelled 401 below
            return "", 401
        return "", status

    for method in ("GET", "POST"):
        app.add_url_rule(
            f"/probe/{method.lower()}/<int:status>",
            f"probe_{method.lower()}",
            write_then_answer,
            methods=[method],
        )
    with app.app_context():
        upgrade()
        make_user("employee", "probe@client.test")
        db.session.commit()
    yield app, undone
    with app.app_context():
        db.engine.dispose()


def stored_codes(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(sa.select(Department.code)))


@pytest.mark.parametrize(
    ("method", "status", "kept"),
    [
        ("post", 200, True),
        ("post", 302, True),
        ("post", 409, False),
        ("post", 422, False),
        ("post", 299, True),  # keep_writes: kept although the answer is 401
        ("get", 203, False),  # a read never commits, whatever it answers
    ],
)
def test_writes_are_kept_only_by_a_successful_write_request(probe_app, method, status, kept):
    app, undone = probe_app
    undone.clear()
    client = app.test_client()
    client.login("probe@client.test")
    data = {"csrf_token": client.csrf_token()} if method == "post" else None
    client.open(f"/probe/{method}/{status}", method=method.upper(), data=data)
    assert (f"D{status}" in stored_codes(app)) is kept
    assert (undone == [status]) is not kept  # rollback callbacks run exactly when undone
