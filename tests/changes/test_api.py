"""The Changes API (API.md)."""

import pytest
import sqlalchemy as sa

from app.accounts.services import issue_token, user_by_email
from app.changes.models import Change
from app.extensions import db
from tests.changes.helpers import register
from tests.conftest import ROLE_EMAILS

BODY = {
    "title": "Update the print-server driver",
    "kind": "normal",
    "category": "printer",
    "description": "Driver 6.0",
    "risk_likelihood": "medium",
    "risk_impact": "high",
    "backout_plan": "Reinstall 5.1",
    "planned_start": "2026-11-28T22:00",
    "planned_end": "2026-11-29T01:00:00+08:00",
    "initiator": "vendor",
    "assets": [],
}


@pytest.fixture
def auth(app, users):
    def headers(role: str) -> dict:
        with app.app_context():
            token = issue_token(user_by_email(ROLE_EMAILS[role]), actor=None)
            db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return headers


def test_create_returns_the_derived_risk(client, auth):
    response = client.post("/api/v1/changes", json=BODY, headers=auth("agent"))
    assert response.status_code == 201, response.json
    body = response.json
    assert (body["risk"], body["status"], body["approval"]) == ("high", "draft", "pending")
    assert body["planned_start"] == "2026-11-28T22:00:00+08:00"
    got = client.get(f"/api/v1/changes/{body['number']}", headers=auth("approver"))
    assert got.json["title"] == BODY["title"]
    assert body["risk_reason"].startswith("likelihood Medium × impact High")


def test_the_risk_reason_is_in_the_token_owners_language(app, client, auth):
    with app.app_context():
        user_by_email(ROLE_EMAILS["approver"]).language = "zh"
        db.session.commit()
    number = client.post("/api/v1/changes", json=BODY, headers=auth("agent")).json["number"]
    got = client.get(f"/api/v1/changes/{number}", headers=auth("approver"))
    assert "可能性" in got.json["risk_reason"] and "likelihood" not in got.json["risk_reason"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"backout_plan": ""}, "backout_plan"),
        ({"planned_end": "2026-11-28T21:00"}, "planned_end"),
        ({"assets": ["NO-SUCH-TAG"]}, "assets"),
        ({"kind": "whenever"}, "kind"),
        ({"planned_start": "tomorrow"}, "planned_start"),
    ],
)
def test_bad_input_is_400_and_saves_nothing(app, client, auth, change, field):
    response = client.post("/api/v1/changes", json={**BODY, **change}, headers=auth("agent"))
    assert response.status_code == 400
    assert field in response.json["error"]["fields"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Change.id))) == 0


def test_approvers_do_not_create_and_employees_do_not_see(client, auth):
    assert client.post("/api/v1/changes", json=BODY, headers=auth("approver")).status_code == 403
    assert client.get("/api/v1/changes", headers=auth("employee")).status_code == 403


def test_actions_with_only_approvers_deciding(app, client, auth):
    with app.app_context():
        register("PRN-0003")
        db.session.commit()
    number = client.post(
        "/api/v1/changes", json={**BODY, "assets": ["PRN-0003"]}, headers=auth("agent")
    ).json["number"]
    act = lambda role, action, **extra: client.post(  # noqa: E731
        f"/api/v1/changes/{number}/actions", json={"action": action, **extra}, headers=auth(role)
    )
    assert act("agent", "submit").json["status"] == "submitted"
    assert act("agent", "start").status_code == 409
    for role in ("agent", "manager", "admin", "engineer"):
        assert act(role, "approve").status_code == 403
    assert act("approver", "submit").status_code == 403
    approved = act("approver", "approve", note="OK")
    assert approved.status_code == 200
    assert approved.json["decisions"][0]["via"] == "api"
    again = act("approver", "approve")
    assert again.status_code == 200 and len(again.json["decisions"]) == 1
    for action in ("schedule", "start", "complete", "close"):
        assert act("agent", action).status_code == 200, action
    assert act("agent", "nonsense").status_code == 400


def test_unknown_change_is_404(client, auth):
    assert client.get("/api/v1/changes/CHG-2026-999999", headers=auth("agent")).status_code == 404
