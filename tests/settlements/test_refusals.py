"""Bad input is refused with a clear message in the caller's language, and changes nothing."""

import pytest

from app.accounts.services import user_by_email
from app.extensions import db
from app.settlements import services
from tests.conftest import ROLE_EMAILS, make_user
from tests.settlements.test_flow import setup_october, token

URL = "/api/v1/settlements/2026-10"
GOOD = {"item": "other", "note": "CF-1", "quantity": "1", "unit_price": "10.00"}


@pytest.fixture
def api(app, users, november):
    setup_october(app)
    return app.test_client(), token(app, "manager")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"quantity": "-1"}, "quantity", "Must not be negative."),
        ({"quantity": -2}, "quantity", "Must not be negative."),
        ({"unit_price": "12.345"}, "unit_price", "Too many decimals"),
        ({"unit_price": 1e300}, "unit_price", "Too large."),
        ({"quantity": "9" * 5000}, "quantity", "Too large."),
        ({"unit_price": "1\x00"}, "unit_price", "Enter a number."),
        ({"note": "CF\x00-1"}, "note", "cannot be stored"),
        ({"note": ""}, "note", "Please write a comment."),
        ({"note": "x" * 2001}, "note", "too long"),
        ({"item": "bonus"}, "item", "Choose an item."),
        ({"quantity": None}, "quantity", "Enter a number."),
        ({"refers_to": "2026-09"}, "refers_to", "earlier month that is confirmed"),
    ],
)
def test_bad_adjustments(app, api, change, field, message):
    client, headers = api
    response = client.post(f"{URL}/adjustments", json={**GOOD, **change}, headers=headers)
    assert response.status_code == 422, response.json
    assert message in response.json["error"]["fields"][field]
    with app.app_context():
        assert services.get_sheet("2026-10") is None  # nothing stored, not even the draft


def test_refusals_speak_the_callers_language(app, api):
    client, headers = api
    with app.app_context():
        user_by_email(ROLE_EMAILS["manager"]).language = "zh"
        db.session.commit()
    response = client.post(f"{URL}/adjustments", json={**GOOD, "quantity": "-1"}, headers=headers)
    assert response.json["error"]["fields"]["quantity"] == "不能为负数。"


def test_bodies_months_and_states(app, api):
    client, headers = api
    assert client.post(f"{URL}/adjustments", data="[]", headers=headers).status_code == 400
    assert client.get("/api/v1/settlements/2026-13", headers=headers).status_code == 404
    future = client.get("/api/v1/settlements/2027-01", headers=headers)
    assert future.status_code == 422 and "not begun" in future.json["error"]["message"]
    open_month = client.post(
        "/api/v1/settlements/2026-11/actions", json={"action": "send"}, headers=headers
    )
    assert open_month.status_code == 409 and "not over" in open_month.json["error"]["message"]
    unknown = client.post(f"{URL}/actions", json={"action": "approve"}, headers=headers)
    assert unknown.status_code == 422
    confirm_unsent = client.post(f"{URL}/actions", json={"action": "confirm"}, headers=headers)
    assert confirm_unsent.status_code == 403  # the manager does not answer for the client
    lead = token(app, "approver")
    assert (
        client.post(f"{URL}/actions", json={"action": "confirm"}, headers=lead).status_code == 409
    )
    assert (
        client.post(f"{URL}/actions", json={"action": "send"}, headers=headers).status_code == 200
    )
    no_note = client.post(f"{URL}/actions", json={"action": "dispute", "note": " "}, headers=lead)
    assert (
        no_note.status_code == 422 and no_note.json["error"]["message"] == "Please write a comment."
    )
    assert (
        client.post(f"{URL}/actions", json={"action": "confirm"}, headers=lead).status_code == 200
    )
    twice = client.post(f"{URL}/actions", json={"action": "confirm"}, headers=lead)
    assert twice.status_code == 409 and "locked" in twice.json["error"]["message"]
    with app.app_context():
        sheet = services.get_sheet("2026-10")
        assert sheet.status == "confirmed" and [e.code for e in sheet.events][-1] == "confirmed"


def test_who_sees_nothing(app, api):
    client, _ = api
    for role, status in (("employee", 403), ("engineer", 403), ("agent", 403)):
        assert client.get(URL, headers=token(app, role)).status_code == status
    with app.app_context():
        other = make_user("approver", "other.approver@client.test")
        db.session.commit()
        from app.accounts.services import issue_token

        other_token = issue_token(other, actor=None, label="t")
        db.session.commit()
    response = client.get(URL, headers={"Authorization": f"Bearer {other_token}"})
    assert response.status_code == 404  # not the contract's project lead: no sign of it


def test_page_refusals(app, api, login_as):
    manager = login_as("manager")
    bad = manager.form(
        "/settlements/2026-10/adjustments",
        {"item": "other", "note": "x", "quantity": "-1", "unit_price": "1.005"},
        headers={"HX-Request": "true"},
    )
    assert bad.status_code == 422
    assert "Must not be negative." in bad.text and "Too many decimals" in bad.text
    assert "<html" not in bad.text  # the sheet's fragment only
    future = manager.get("/settlements/2027-02")
    assert future.status_code == 422 and "has not begun" in future.text
    assert manager.get("/settlements/nonsense").status_code == 404
    assert login_as("employee").get("/settlements/2026-10").status_code == 403
    lead = login_as("approver")
    assert "Settlements" in lead.get("/").text
    with app.app_context():
        assert services.get_sheet("2026-10") is None


def test_forms_without_csrf_and_a_lost_race(app, api, login_as):
    import sqlalchemy as sa
    from sqlalchemy.orm.exc import StaleDataError

    from app.contracts.services import get_contract
    from app.settlements.models import SettlementSheet
    from tests.settlements.helpers import NOVEMBER_4

    manager = login_as("manager")
    no_token = manager.post("/settlements/2026-10/actions", data={"action": "send"})
    assert no_token.status_code == 400
    long_note = manager.form("/settlements/2026-10/actions", {"action": "send", "note": "x" * 2001})
    assert long_note.status_code == 422 and "too long" in long_note.text
    with app.app_context():
        sheet = services.store_draft(2026, 10, contract=get_contract(), now=NOVEMBER_4)
        db.session.commit()
        # another request changed the sheet meanwhile: this one's write is refused (409 page)
        db.session.execute(
            sa.update(SettlementSheet).where(SettlementSheet.id == sheet.id).values(version=9),
            execution_options={"synchronize_session": False},
        )
        sheet.total_fen = 1
        with pytest.raises(StaleDataError):
            db.session.flush()
        db.session.rollback()
