"""The Tickets section of API.md, exactly."""

from app.accounts.services import issue_token, user_by_email
from app.extensions import db
from tests.conftest import ROLE_EMAILS, make_user

NEW = {
    "title": "Printer down",
    "description": "Board meeting at 10",
    "catalog_item": "hw.printer",
    "channel": "phone",
    "urgency": "high",
    "impact": "medium",
}


def bearer(app, role_or_email: str) -> dict:
    email = ROLE_EMAILS.get(role_or_email, role_or_email)
    with app.app_context():
        token = issue_token(user_by_email(email), actor=None)
        db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_create_get_list_and_act(app, client, users):
    agent = bearer(app, "agent")
    created = client.post(
        "/api/v1/tickets", json={**NEW, "requester": ROLE_EMAILS["employee"]}, headers=agent
    )
    assert created.status_code == 201, created.json
    body = created.json
    assert body["number"].startswith("INC-") and body["priority"] == "P2"
    assert body["requester"] == {
        "email": ROLE_EMAILS["employee"],
        "name": "Employee Tester",
        "vip": False,
    }
    assert body["created_at"].endswith("+08:00") and body["status"] == "new"
    assert body["history"][0]["action"] == "created"
    assert (
        {
            "metric",
            "target_minutes",
            "calendar",
            "started_at",
            "due_at",
            "stopped_at",
            "paused_minutes",
            "state",
        }
        <= set(body["sla"][0])
        if body["sla"]
        else True
    )
    number = body["number"]
    listed = client.get("/api/v1/tickets?status=new&priority=P2", headers=agent).json
    assert listed["total"] == 1 and listed["items"][0]["number"] == number
    assert {"items", "page", "per_page", "total"} == set(listed)
    accepted = client.post(
        f"/api/v1/tickets/{number}/actions", json={"action": "accept"}, headers=agent
    )
    assert accepted.status_code == 200 and accepted.json["status"] == "accepted"
    illegal = client.post(
        f"/api/v1/tickets/{number}/actions", json={"action": "arrive"}, headers=agent
    )
    assert illegal.status_code == 409 and illegal.json["error"]["code"] == "conflict"
    no_engineer = client.post(
        f"/api/v1/tickets/{number}/actions", json={"action": "dispatch"}, headers=agent
    )
    assert no_engineer.status_code == 400 and "engineer" in no_engineer.json["error"]["fields"]
    dispatched = client.post(
        f"/api/v1/tickets/{number}/actions",
        json={"action": "dispatch", "engineer": ROLE_EMAILS["engineer"], "note": "desk 12"},
        headers=agent,
    )
    assert dispatched.json["assignee"] == ROLE_EMAILS["engineer"]
    metrics = {clock["metric"]: clock for clock in dispatched.json["sla"]}
    assert metrics["onsite_arrival"]["target_minutes"] == 10


def test_vip_raises_priority_via_api(app, client, users):
    with app.app_context():
        make_user("employee", "cfo@client.test", vip=True)
        db.session.commit()
    created = client.post(
        "/api/v1/tickets",
        json={**NEW, "requester": "cfo@client.test"},
        headers=bearer(app, "agent"),
    )
    assert created.json["priority"] == "P1"


def test_employee_files_only_for_self_and_sees_only_own(app, client, users):
    with app.app_context():
        make_user("employee", "other@client.test")
        db.session.commit()
    mine = bearer(app, "employee")
    theirs = bearer(app, "other@client.test")
    for_other = client.post(
        "/api/v1/tickets", json={**NEW, "requester": "other@client.test"}, headers=mine
    )
    assert for_other.status_code == 403
    own = client.post("/api/v1/tickets", json={**NEW, "channel": "web"}, headers=theirs)
    assert own.status_code == 201 and own.json["requester"]["email"] == "other@client.test"
    number = own.json["number"]
    assert client.get(f"/api/v1/tickets/{number}", headers=mine).status_code == 404
    assert (
        client.post(
            f"/api/v1/tickets/{number}/actions",
            json={"action": "comment", "note": "x"},
            headers=mine,
        ).status_code
        == 404
    )
    assert client.get("/api/v1/tickets", headers=mine).json["total"] == 0
    refused = client.post(
        f"/api/v1/tickets/{number}/actions", json={"action": "accept"}, headers=theirs
    )
    assert refused.status_code == 403


def test_bad_input_is_400_with_fields_and_nothing_saved(app, client, users):
    agent = bearer(app, "agent")
    cases = [
        ({**NEW, "catalog_item": "hw.toaster"}, "catalog_item"),
        ({**NEW, "urgency": "extreme"}, "urgency"),
        ({**NEW, "requester": "ghost@nowhere.test"}, "requester"),
        ({**NEW, "title": ""}, "title"),
        ({**NEW, "title": "x" * 201}, "title"),
        ({**NEW, "channel": "pigeon"}, "channel"),
        ({**NEW, "assets": "PC-1"}, "assets"),
        ({**NEW, "title": 5}, "title"),
    ]
    for body, field in cases:
        response = client.post("/api/v1/tickets", json=body, headers=agent)
        assert response.status_code == 400, (field, response.json)
        assert response.json["error"]["code"] == "validation_error"
        assert field in response.json["error"]["fields"], (field, response.json)
    not_json = client.post("/api/v1/tickets", data="x", headers=agent)
    assert not_json.status_code == 400
    assert client.get("/api/v1/tickets", headers=agent).json["total"] == 0
    assert client.get("/api/v1/tickets?per_page=500", headers=agent).status_code == 400
    assert client.get("/api/v1/tickets?status=bogus", headers=agent).status_code == 400
