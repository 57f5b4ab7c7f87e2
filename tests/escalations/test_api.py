"""Escalations over the API: names as API.md gives them, refusals as 4xx, never 500."""

import sqlalchemy as sa

from app.escalations.models import Escalation
from app.extensions import db
from tests.conftest import ROLE_EMAILS
from tests.escalations.helpers import set_matrix
from tests.factories import open_ticket


def test_escalate_confirm_and_close_over_the_api(app, users, api):
    with app.app_context():
        set_matrix()
        ticket = open_ticket().number
    agent = api("agent")
    created = agent.post(
        "/api/v1/escalations", {"subject": ticket, "kind": "service", "reason": "Out of scope"}
    )
    assert created.status_code == 201
    body = created.get_json()
    assert body["number"].startswith("ESC-") and body["level"] == 1
    (step,) = body["steps"]
    assert step["level"] == 1 and step["notified"] == ROLE_EMAILS["engineer"]
    assert step["confirmed_by"] is None and step["confirmed_at"] is None
    assert body["steps"][0]["notified_at"].endswith("+08:00")  # ISO 8601 with its offset
    number = body["number"]
    assert (
        agent.post(f"/api/v1/escalations/{number}/actions", {"action": "confirm"}).status_code
        == 403
    )
    confirmed = api("engineer").post(f"/api/v1/escalations/{number}/actions", {"action": "confirm"})
    assert confirmed.status_code == 200
    assert confirmed.get_json()["steps"][0]["confirmed_by"] == ROLE_EMAILS["engineer"]
    raised = agent.post(f"/api/v1/escalations/{number}/actions", {"action": "raise"})
    assert raised.status_code == 200 and raised.get_json()["level"] == 2
    manager = api("manager")
    no_outcome = manager.post(f"/api/v1/escalations/{number}/actions", {"action": "close"})
    assert no_outcome.status_code == 400
    closed = manager.post(
        f"/api/v1/escalations/{number}/actions", {"action": "close", "note": "Repaired"}
    )
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed"
    again = manager.post(f"/api/v1/escalations/{number}/actions", {"action": "close", "note": "x"})
    assert again.status_code == 403
    listed = agent.get("/api/v1/escalations?status=closed").get_json()
    assert [item["number"] for item in listed["items"]] == [number]


def test_bad_escalations_are_refused_with_the_field_named(app, users, api):
    with app.app_context():
        set_matrix()
        ticket = open_ticket().number
    agent = api("agent")
    cases = [
        {"subject": ticket, "kind": "service", "reason": ""},
        {"subject": ticket, "kind": "weather", "reason": "x"},
        {"subject": "INC-2099-000001", "kind": "service", "reason": "x"},
        {"subject": ticket, "kind": "service", "reason": "x" * 5000},
        {"subject": ticket, "kind": "service", "reason": 12},
    ]
    for body in cases:
        answer = agent.post("/api/v1/escalations", body)
        assert answer.status_code in (400, 422), (body, answer.status_code)
    assert api("employee").post("/api/v1/escalations", cases[0]).status_code == 403
    assert (
        agent.post("/api/v1/escalations/ESC-2026-9999/actions", {"action": "raise"}).status_code
        == 404
    )
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Escalation.id))) == 0
