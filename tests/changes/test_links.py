"""The approval mail link: GET shows, POST approves once; replayed, expired, tampered → a clear
page and no state change."""

import re

import sqlalchemy as sa
from itsdangerous import URLSafeTimedSerializer

from app.changes import links
from app.changes.models import Change, ChangeDecision
from app.extensions import db
from app.mail.models import OutboxMessage
from tests.changes.helpers import new_change, step

LINK = re.compile(r"http://[^/]+(/c/approve/\S+)")


def submitted(app) -> str:
    """Submit a change and return the path of the approval link mailed to the approver."""
    with app.app_context():
        step(new_change(), "submit")
        db.session.commit()
        body = db.session.scalar(sa.select(OutboxMessage.body_text))
    return LINK.search(body).group(1)


def state(app) -> tuple:
    with app.app_context():
        change = db.session.scalar(sa.select(Change))
        decisions = db.session.scalar(sa.select(sa.func.count(ChangeDecision.id)))
        return change.status, change.approval, decisions


def test_get_shows_the_change_and_changes_nothing(app, client, users):
    path = submitted(app)
    page = client.get(path).get_data(as_text=True)
    assert "Approve this change?" in page and "Reinstall driver 5.1" in page
    assert 'data-testid="link-approve"' in page
    client.get(path)
    assert state(app) == ("submitted", "pending", 0)


def test_post_approves_once_via_mail(app, client, users):
    path = submitted(app)
    client.get(path)
    response = client.form(path, {"comment": "OK from my phone"})
    assert response.status_code == 200
    assert 'data-testid="link-approved"' in response.get_data(as_text=True)
    assert state(app) == ("approved", "approved", 1)
    with app.app_context():
        row = db.session.scalar(sa.select(ChangeDecision))
        assert (row.via, row.comment, row.approver.email) == (
            "mail",
            "OK from my phone",
            "appr@client.test",
        )


def test_replayed_link_shows_already_decided(app, client, users):
    path = submitted(app)
    client.form(path)
    again = client.form(path)
    assert again.status_code == 410
    assert 'data-testid="link-decided"' in again.get_data(as_text=True)
    assert "Nothing was changed" in again.get_data(as_text=True)
    assert client.get(path).status_code == 410
    assert state(app) == ("approved", "approved", 1)


def test_tampered_link_is_refused(app, client, users):
    path = submitted(app)
    tampered = path[:-3] + ("aaa" if not path.endswith("aaa") else "bbb")
    for response in (client.get(tampered), client.form(tampered)):
        assert response.status_code == 410
        assert 'data-testid="link-invalid"' in response.get_data(as_text=True)
    assert state(app) == ("submitted", "pending", 0)


def test_expired_link_is_refused(app, client, users, monkeypatch):
    path = submitted(app)
    monkeypatch.setattr(links, "LINK_DAYS", -1)  # every link is older than that
    response = client.form(path)
    assert response.status_code == 410
    assert 'data-testid="link-invalid"' in response.get_data(as_text=True)
    assert state(app) == ("submitted", "pending", 0)


def test_link_signed_with_another_key_is_refused(app, client, users):
    submitted(app)
    forged = URLSafeTimedSerializer("not-our-secret", salt=links.APPROVAL_SALT).dumps(
        {"c": "CHG-2026-000001", "u": users["approver"], "s": ""}
    )
    assert client.form(f"/c/approve/{forged}").status_code == 410
    assert state(app) == ("submitted", "pending", 0)


def test_a_link_from_before_a_resubmission_is_refused(app, client, users):
    path = submitted(app)
    with app.app_context():
        change = db.session.scalar(sa.select(Change))
        change.submitted_at = change.submitted_at.replace(microsecond=1)
        db.session.commit()
    assert client.form(path).status_code == 410
    assert state(app) == ("submitted", "pending", 0)


def test_post_without_csrf_token_changes_nothing(app, client, users):
    path = submitted(app)
    assert client.post(path, data={}).status_code == 400
    assert state(app) == ("submitted", "pending", 0)
