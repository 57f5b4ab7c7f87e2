"""Change pages: the form's bad input, the approver's HTMX decision, 403s, calendar, set-up."""

from datetime import timedelta

import sqlalchemy as sa

from app.changes.models import Change, ChangeApprover, ChangeDecision, ChangeTemplate
from app.extensions import db
from tests.changes.helpers import NOW, WINDOW, new_change, register, step

FORM = {
    "kind": "normal",
    "template_id": "0",
    "category": "printer",
    "title": "Update the print-server driver",
    "initiator": "vendor",
    "department_id": "0",
    "risk_likelihood": "medium",
    "risk_impact": "high",
    "urgency": "medium",
    "backout_plan": "Reinstall 5.1",
    "planned_start": "2026-11-28T22:00",
    "planned_end": "2026-11-29T01:00",
}


def changes_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(Change.id)))


def make(app, *actions, **values) -> str:
    with app.app_context():
        change = step(new_change(**values), *actions)
        db.session.commit()
        return change.number


def test_request_a_change_from_the_form(app, login_as):
    client = login_as("agent")
    assert client.get("/changes/new").status_code == 200
    response = client.form("/changes/new", FORM)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert (
        "Update the print-server driver" in page
        and "likelihood Medium × impact High = 6 → High" in page
    )
    with app.app_context():
        change = db.session.scalar(sa.select(Change))
        assert change.planned_start.isoformat() == "2026-11-28T14:00:00+00:00"  # 22:00 Shanghai


def test_normal_change_without_backout_plan_is_refused(app, login_as):
    response = login_as("agent").form("/changes/new", {**FORM, "backout_plan": ""})
    assert response.status_code == 422
    assert "A backout plan is required for normal and emergency changes." in response.get_data(
        as_text=True
    )
    assert changes_count(app) == 0


def test_window_ending_before_it_starts_is_refused(app, login_as):
    response = login_as("agent").form("/changes/new", {**FORM, "planned_end": "2026-11-28T21:00"})
    assert response.status_code == 422
    assert "The window must end after it starts" in response.get_data(as_text=True)
    assert changes_count(app) == 0


def test_bad_asset_update_lines_are_refused(app, login_as):
    response = login_as("agent").form(
        "/changes/new", {**FORM, "asset_tags": "PRN-1", "asset_updates": "PRN-1 colour=red"}
    )
    assert response.status_code == 422
    assert "line 1" in response.get_data(as_text=True)
    assert changes_count(app) == 0


def test_approver_approves_with_htmx_and_a_comment(app, login_as):
    number = make(app, "submit")
    client = login_as("approver")
    page = client.get(f"/changes/{number}").get_data(as_text=True)
    assert 'data-testid="approve"' in page
    response = client.form(
        f"/changes/{number}/decide",
        {"decision": "approve", "comment": "Fine for Saturday"},
        headers={"HX-Request": "true"},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="change"') and "<html" not in body
    assert "You approved" in body and "Fine for Saturday" in body
    with app.app_context():
        row = db.session.scalar(sa.select(ChangeDecision))
        assert (row.decision, row.via, row.comment) == ("approved", "portal", "Fine for Saturday")


def test_only_approvers_approve(app, login_as):
    number = make(app, "submit")
    for role in ("agent", "engineer", "manager", "admin", "employee"):
        response = login_as(role).form(f"/changes/{number}/decide", {"decision": "approve"})
        assert response.status_code == 403, role
    api_like = login_as("agent").form(f"/changes/{number}/act", {"action": "approve"})
    assert api_like.status_code == 403
    with app.app_context():
        assert db.session.scalar(sa.select(Change.approval)) == "pending"


def test_an_approver_not_named_for_the_department_gets_403(app, login_as, users):
    number = make(app, "submit")
    with app.app_context():
        from tests.conftest import make_user

        other = make_user("approver", "other@client.test")
        db.session.add(ChangeApprover(user_id=other.id, department_id=None))
        db.session.commit()
    response = login_as("approver").form(f"/changes/{number}/decide", {"decision": "approve"})
    assert response.status_code == 403


def test_rejecting_without_comment_is_422_and_changes_nothing(app, login_as):
    number = make(app, "submit")
    response = login_as("approver").form(
        f"/changes/{number}/decide", {"decision": "reject"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert "reason for rejecting" in response.get_data(as_text=True)


def test_approving_twice_is_idempotent_on_the_page(app, login_as):
    number = make(app, "submit", "approve")
    response = login_as("approver").form(f"/changes/{number}/decide", {"decision": "approve"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ChangeDecision.id))) == 1


def test_staff_walk_a_change_through_its_steps(app, login_as):
    number = make(app, "submit", "approve")
    client = login_as("agent")
    for action in ("schedule", "start", "complete", "close"):
        response = client.form(f"/changes/{number}/act", {"action": action, "note": "ok"})
        assert response.status_code == 302, action
    conflict = client.form(
        f"/changes/{number}/act", {"action": "start"}, headers={"HX-Request": "true"}
    )
    assert conflict.status_code == 409
    assert "not possible while the change is Closed" in conflict.get_data(as_text=True)


def test_employees_do_not_see_changes(app, login_as):
    number = make(app)
    assert login_as("employee").get(f"/changes/{number}").status_code == 403
    assert login_as("approver").get("/changes/CHG-2026-999999").status_code == 404


def test_approvals_page_and_home_panel(app, login_as):
    number = make(app, "submit")
    client = login_as("approver")
    assert number in client.get("/changes/approvals").get_data(as_text=True)
    assert number in client.get("/").get_data(as_text=True)


def test_manager_dashboard_lists_overdue_emergencies(app, login_as):
    with app.app_context():
        change = step(new_change(kind="emergency"), "submit", "start", at=NOW - timedelta(days=30))
        db.session.commit()
        number = change.number
    page = login_as("manager").get("/").get_data(as_text=True)
    assert 'data-testid="overdue-emergencies"' in page and number in page


def test_calendar_marks_clashes_on_one_asset(app, login_as):
    with app.app_context():
        register("PRN-0003", "PC-0001")
        db.session.commit()
    first = make(app, "submit", asset_tags=["PRN-0003"])
    second = make(
        app,
        "submit",
        asset_tags=["PRN-0003", "PC-0001"],
        planned_start=WINDOW[0] + timedelta(hours=1),
        planned_end=WINDOW[1] + timedelta(hours=1),
    )
    client = login_as("agent")
    page = client.get("/changes/calendar?month=2026-11").get_data(as_text=True)
    assert 'data-testid="clash"' in page
    assert page.count("chg-slot kind-normal chg-clash") >= 2
    detail = client.get(f"/changes/{first}").get_data(as_text=True)
    assert second in detail
    fragment = client.get("/changes/calendar?month=2026-12", headers={"HX-Request": "true"})
    assert fragment.get_data(as_text=True).lstrip().startswith('<div id="month">')


def test_change_list_filters(app, login_as):
    make(app, kind="emergency", title="Patch now")
    make(app, title="Quiet one")
    page = login_as("manager").get("/changes/?kind=emergency").get_data(as_text=True)
    assert "Patch now" in page and "Quiet one" not in page


def test_managers_name_approvers_and_templates(app, login_as, users):
    client = login_as("manager")
    response = client.form("/changes/approvers", {"user_id": users["approver"], "department_id": 0})
    assert response.status_code == 302
    assert "All departments" in client.get("/changes/approvers").get_data(as_text=True)
    response = client.form(
        "/changes/templates",
        {
            "name_zh": "打印机设置",
            "name_en": "Printer settings",
            "category": "printer",
            "backout_plan": "",
            "risk_likelihood": "low",
            "risk_impact": "low",
        },
    )
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ChangeTemplate.id))) == 0
        row_id = db.session.scalar(sa.select(ChangeApprover.id))
    assert client.form(f"/changes/approvers/{row_id}/remove").status_code == 302


def test_draft_edit_round_trip(app, login_as):
    number = make(app)
    client = login_as("agent")
    page = client.get(f"/changes/{number}/edit").get_data(as_text=True)
    assert 'value="2026-11-28T10:00"' in page  # 02:00 UTC + 3 days, in Shanghai
    response = client.form(f"/changes/{number}/edit", {**FORM, "title": "Driver 6.0"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(Change.title)) == "Driver 6.0"


def test_unknown_asset_is_refused_with_a_clear_message(app, login_as):
    with app.app_context():
        register("PRN-0003")
        db.session.commit()
    response = login_as("agent").form("/changes/new", {**FORM, "asset_tags": "PRN-0003, nope-1"})
    assert response.status_code == 422
    assert "Not in the asset register: NOPE-1." in response.get_data(as_text=True)
    assert changes_count(app) == 0
