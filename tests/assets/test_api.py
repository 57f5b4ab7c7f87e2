"""The Assets section of API.md: register, list, read, change with authority, relate."""

import pytest

from tests.conftest import ROLE_EMAILS
from tests.web.test_api_base import token_for


@pytest.fixture
def api(app, users):
    """api(role) → headers with that role's bearer token."""
    tokens = {}

    def headers(role: str) -> dict:
        if role not in tokens:
            tokens[role] = token_for(app, role)
        return {"Authorization": f"Bearer {tokens[role]}"}

    return headers


NEW = {
    "tag": "lap-000100",
    "type": "laptop",
    "model": "Latitude 7440",
    "serial": "DL100",
    "status": "in_use",
    "owner": ROLE_EMAILS["employee"],
    "location": "A座 5F 12号工位",
    "warranty_end": "2027-03-31",
    "parameters": {"ip": "10.20.0.7", "ram_gb": "16"},
}


def test_register_read_and_list(client, api):
    created = client.post("/api/v1/assets", json=NEW, headers=api("engineer"))
    assert created.status_code == 201, created.json
    body = created.json
    assert (body["tag"], body["owner"], body["parameters"]) == (
        "LAP-000100",
        ROLE_EMAILS["employee"],
        {"ip": "10.20.0.7", "ram_gb": 16},
    )
    assert body["history"][0]["field"] == "created"
    again = client.post("/api/v1/assets", json=NEW, headers=api("engineer"))
    assert again.status_code == 409 and "already registered" in again.json["error"]["message"]
    listed = client.get("/api/v1/assets?q=DL10&type=laptop", headers=api("agent")).json
    assert [a["tag"] for a in listed["items"]] == ["LAP-000100"] and listed["total"] == 1
    mine = client.get("/api/v1/assets", headers=api("employee")).json
    assert [a["tag"] for a in mine["items"]] == ["LAP-000100"]
    own = client.get("/api/v1/assets/lap-000100", headers=api("employee")).json
    # as on the page: the owner sees the device and its set, not the vendor's records
    assert (own["tag"], own["set"], own["relations"], own["history"]) == ("LAP-000100", [], [], [])
    for vendor_only in ("notes", "supplier", "purchase_cost", "security"):
        assert vendor_only not in own, vendor_only
    assert client.get("/api/v1/assets/LAP-000100", headers=api("approver")).status_code == 404
    assert client.post("/api/v1/assets", json=NEW, headers=api("employee")).status_code == 403


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"owner": "ghost@client.test"}, "owner"),
        ({"warranty_end": "2026-02-30"}, "warranty_end"),
        ({"tag": "LAP 1"}, "tag"),
        ({"purchase_cost": "a lot"}, "purchase_cost"),
        ({"parameters": {"mac": "nope"}}, "parameters.mac"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_answers_400_with_the_field(client, api, change, field):
    response = client.post("/api/v1/assets", json={**NEW, **change}, headers=api("engineer"))
    assert response.status_code == 400
    assert field in response.json["error"]["fields"]
    assert client.get("/api/v1/assets", headers=api("agent")).json["total"] == 0


def test_patch_needs_an_authorising_ticket(client, api, register):
    url = "/api/v1/assets/LAP-000001"
    refused = client.patch(url, json={"location": "B 3F"}, headers=api("engineer"))
    assert refused.status_code == 422
    assert refused.json["error"]["code"] == "not_authorised"
    assert "authorized_by" in refused.json["error"]["fields"]
    wrong = client.patch(
        url, json={"location": "B 3F", "authorized_by": "INC-2026-999999"}, headers=api("engineer")
    )
    assert wrong.status_code == 422
    changed = client.patch(
        url, json={"location": "B 3F", "authorized_by": register["ticket"]}, headers=api("engineer")
    )
    assert changed.status_code == 200, changed.json
    assert changed.json["location"] == "B 3F"
    line = changed.json["history"][0]
    assert (line["field"], line["old"], line["new"], line["authorized_by"]) == (
        "location",
        "",
        "B 3F",
        register["ticket"],
    )
    stale = client.patch(
        url,
        json={"location": "C", "authorized_by": register["ticket"], "version": 1},
        headers=api("engineer"),
    )
    assert stale.status_code == 409
    assert client.patch(url, json={"location": "X"}, headers=api("employee")).status_code == 403


def test_relations(client, api, register):
    client.post(
        "/api/v1/assets", json={"tag": "OS-WIN11", "type": "operating_system"}, headers=api("agent")
    )
    url = "/api/v1/assets/LAP-000001/relations"
    made = client.post(url, json={"kind": "runs", "target": "os-win11"}, headers=api("agent"))
    assert made.status_code == 201, made.json
    assert {"kind": "runs", "direction": "out", "target": "OS-WIN11"} in made.json["relations"]
    assert made.json["set"] == ["LAP-000001", "MON-000001"]
    duplicate = client.post(url, json={"kind": "runs", "target": "OS-WIN11"}, headers=api("agent"))
    assert duplicate.status_code == 409
    itself = client.post(
        url, json={"kind": "set_member", "target": "LAP-000001"}, headers=api("agent")
    )
    assert itself.status_code == 400 and "itself" in itself.json["error"]["message"]
    unknown = client.post(url, json={"kind": "runs", "target": "NOPE"}, headers=api("agent"))
    assert unknown.status_code == 400
    detail = client.get("/api/v1/assets/OS-WIN11", headers=api("agent")).json
    assert detail["relations"] == [{"kind": "runs", "direction": "in", "target": "LAP-000001"}]
