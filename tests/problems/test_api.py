"""/api/v1/problems as API.md promises it: list, detail, create, actions, candidates."""

import pytest

from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.problems import detection
from tests.problems.helpers import analysed, printers, problem, repeated


@pytest.fixture
def stripes(app, users):
    with app.app_context():
        printers("PRN-0001")
        numbers = repeated("PRN-0001")
        get_contract().recurrence_item_incidents = 0
        detection.refresh(utcnow(), get_contract())
        db.session.commit()
    return numbers


def test_create_and_read_a_problem(api, stripes):
    manager = api("manager")
    body = {
        "title": "Stripes on printouts",
        "description": "Three tickets this month",
        "severity": "critical",
        "catalog_items": ["hw.printer"],
        "assets": ["PRN-0001"],
        "incidents": stripes,
    }
    created = manager.post("/api/v1/problems", body)
    assert created.status_code == 201, created.json
    number = created.json["number"]
    assert number.startswith("PRB-") and len(number) == len("PRB-2026-000001")
    assert created.json["status"] == "open" and created.json["incidents"] == stripes
    read = api("agent").get(f"/api/v1/problems/{number}").json
    assert read["assets"] == ["PRN-0001"] and read["catalog_items"] == ["hw.printer"]
    assert read["changes"] == [] and read["root_cause"]["whys"] == []
    assert read["history"][0]["action"] == "created"
    assert read["history"][0]["text"] == "Opened (Critical)"
    listed = manager.get("/api/v1/problems?severity=critical").json
    assert [p["number"] for p in listed["items"]] == [number] and listed["total"] == 1
    assert manager.get("/api/v1/problems?severity=minor").json["items"] == []
    assert manager.get("/api/v1/problems?status=resolved").json["total"] == 0
    assert manager.get("/api/v1/problems?status=nope").status_code == 400


def test_create_refuses_bad_input(api, stripes):
    manager = api("manager")
    refused = manager.post(
        "/api/v1/problems", {"title": "x", "severity": "huge", "incidents": ["INC-1999-000001"]}
    )
    assert refused.status_code == 400
    fields = refused.json["error"]["fields"]
    assert fields["severity"] == "Choose critical, major or minor."
    assert fields["incidents"] == "No such ticket: INC-1999-000001."
    assert manager.post("/api/v1/problems", {"title": "x", "assets": "PRN-1"}).status_code == 400
    assert api("agent").post("/api/v1/problems", {"title": "x"}).status_code == 403
    assert api("employee").get("/api/v1/problems").status_code == 403


def test_actions_follow_the_flow(app, api, users):
    with app.app_context():
        number = problem().number
        db.session.commit()
    manager = api("manager")
    url = f"/api/v1/problems/{number}/actions"
    assert manager.post(url, {"action": "investigate", "note": "on it"}).json["status"] == (
        "under_investigation"
    )
    skipped = manager.post(url, {"action": "close"})
    assert skipped.status_code == 409 and skipped.json["error"]["code"] == "conflict"
    lacking = manager.post(url, {"action": "root_cause_known"})
    assert lacking.status_code == 422
    assert lacking.json["error"]["fields"] == {
        "what_happened": "Write what happened first.",
        "whys": "Write at least one why first.",
    }
    assert manager.post(url, {"action": "fly"}).status_code == 400
    assert api("agent").post(url, {"action": "root_cause_known"}).status_code == 403
    with app.app_context():
        from app.problems.queries import get_by_number

        analysed(db.session.scalar(get_by_number(number)))
        db.session.commit()
    for action, status in [
        ("root_cause_known", "root_cause_known"),
        ("plan_fix", "fix_planned"),
        ("resolve", "resolved"),
        ("close", "closed"),
    ]:
        response = manager.post(url, {"action": action})
        assert response.status_code == 200 and response.json["status"] == status
    body = manager.get(f"/api/v1/problems/{number}").json
    assert body["root_cause"]["fix"] == "Replace the fuser unit"
    assert body["root_cause"]["agreed_by"][0]["side"] == "client"
    assert body["resolved_at"] and body["closed_at"]
    assert manager.get("/api/v1/problems/PRB-1999-000001").status_code == 404


def test_candidates(api, stripes):
    body = api("manager").get("/api/v1/problems/candidates").json
    assert body["items"][0] == {
        **body["items"][0],
        "kind": "asset",
        "value": "PRN-0001",
        "incidents": stripes,
    }
    assert [item["kind"] for item in body["items"]] == ["asset", "model"]
    assert api("agent").get("/api/v1/problems/candidates").status_code == 403


def test_the_change_api_shows_and_sets_its_problems(app, api, users):
    with app.app_context():
        number = problem().number
        db.session.commit()
    created = api("agent").post(
        "/api/v1/changes",
        {
            "title": "Replace the fuser",
            "kind": "normal",
            "category": "printer",
            "backout_plan": "Put the old fuser back",
            "problems": [number],
        },
    )
    assert created.status_code == 201, created.json
    assert created.json["problems"] == [number]
    read = api("manager").get(f"/api/v1/problems/{number}").json
    assert read["changes"] == [created.json["number"]]
    refused = api("agent").post(
        "/api/v1/changes",
        {"title": "x", "kind": "normal", "backout_plan": "y", "problems": ["PRB-1999-000001"]},
    )
    assert refused.status_code == 400 and "problem_numbers" in refused.json["error"]["fields"]
