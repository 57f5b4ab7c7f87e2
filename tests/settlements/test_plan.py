"""The manager keeps the price list versions and the staffing plan on pages (S21)."""

from app.extensions import db
from app.settlements import queries


def test_price_list_and_staffing_pages(app, users, login_as, november):
    manager = login_as("manager")
    assert manager.get("/settlements/plan").status_code == 200
    saved = manager.form(
        "/settlements/plan/prices",
        {
            "valid_from": "2026-01-01",
            "resident_engineer": "20000.00",
            "desk_staff": "12000",
            "replacement": "150.5",
            "handling_fee_kind": "percent",
            "handling_fee_value": "10",
        },
    )
    assert saved.status_code == 302
    bad = manager.form(
        "/settlements/plan/prices",
        {"valid_from": "2026-02-01", "resident_engineer": "1.001", "handling_fee_kind": "fixed"},
    )
    assert bad.status_code == 422 and "Too many decimals" in bad.text
    person = manager.form(
        "/settlements/plan/staffing",
        {"position": "resident_engineer", "person_name": "赵工", "starts_on": "2026-10-12"},
    )
    assert person.status_code == 302
    backwards = manager.form(
        "/settlements/plan/staffing",
        {
            "position": "desk_staff",
            "person_name": "钱",
            "starts_on": "2026-10-12",
            "ends_on": "2026-10-01",
        },
    )
    assert backwards.status_code == 422
    with app.app_context():
        (prices,) = queries.price_lists()
        assert prices.replacement_fen == 15050 and prices.handling_fee_value == 1000
        assert [a.person_name for a in queries.staffing()] == ["赵工"]
        db.session.remove()
    page = manager.get("/settlements/plan").text
    assert "20,000.00" in page and "赵工" in page
    assert login_as("approver").get("/settlements/plan").status_code == 403
