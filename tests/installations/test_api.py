"""The installation status of a ticket over the API (API.md)."""

import pytest

from tests.web.test_api_base import token_for


@pytest.fixture
def auth(app, users):
    return lambda role: {"Authorization": f"Bearer {token_for(app, role)}"}


def test_ticket_installation_status(client, auth):
    filed = client.post(
        "/api/v1/tickets",
        json={"title": "New laptop for a new hire", "catalog_item": "install.new"},
        headers=auth("employee"),
    )
    number = filed.json["number"]
    assert number.startswith("INS-")
    status = client.get(f"/api/v1/tickets/{number}/installation", headers=auth("employee"))
    assert status.status_code == 200
    assert (status.json["status"], status.json["signed_off"]) == ("requested", False)
    incident = client.post(
        "/api/v1/tickets",
        json={"title": "Wi-Fi", "catalog_item": "sys.network"},
        headers=auth("employee"),
    ).json["number"]
    assert (
        client.get(f"/api/v1/tickets/{incident}/installation", headers=auth("agent")).status_code
        == 404
    )
    # while the contract names no approver, every approver sees it (scope: test_scope)
    approver = client.get(f"/api/v1/tickets/{number}/installation", headers=auth("approver"))
    assert approver.status_code == 200 and approver.json["prepared"] is True
