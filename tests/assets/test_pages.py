"""Register pages: search fragments, who sees what, authorised change via the page, bad input."""

import sqlalchemy as sa

from app.accounts.services import update_user
from app.assets import queries, services
from app.assets.models import Asset, AssetChange
from app.extensions import db
from app.tickets.models import Ticket
from tests.assets.conftest import NOW, make_asset, person
from tests.conftest import ROLE_EMAILS

HTMX = {"HX-Request": "true"}


def text(response) -> str:
    return response.get_data(as_text=True)


def test_register_search_returns_rows_for_htmx(login_as, register):
    agent = login_as("agent")
    page = agent.get("/assets/")
    assert page.status_code == 200 and "LAP-000001" in text(page) and "<html" in text(page)
    for q in ("lap-0000", "SN1", "sh-fin", "Employee Tester", "emp@client"):
        rows = agent.get(f"/assets/?q={q}", headers=HTMX)
        assert "<html" not in text(rows) and 'id="rows"' in text(rows)
        assert "LAP-000001" in text(rows), q
        assert "MON-000001" not in text(rows), q
    none = agent.get("/assets/?q=zzz&status=in_use", headers=HTMX)
    assert "No assets match." in text(none)
    assert "MON-000001" in text(agent.get("/assets/?type=monitor", headers=HTMX))
    assert "LAP-000001" in text(agent.get("/assets/?warranty=unknown", headers=HTMX))


def test_search_follows_owner_renames_and_reassignments(login_as, register, in_app):
    agent = login_as("agent")

    def found(q: str) -> bool:
        return "LAP-000001" in text(agent.get(f"/assets/?q={q}", headers=HTMX))

    with in_app():
        update_user(person("employee"), {"name": "王小明", "email": "wxm@client.test"}, actor=None)
        db.session.commit()
    assert found("王小") and found("wxm@") and not found("Employee Tester")
    with in_app():
        services.update_asset(
            queries.get_by_tag("LAP-000001"),
            {"owner": ROLE_EMAILS["approver"]},
            actor=person("engineer"),
            now=NOW,
            authorized_by=register["ticket"],
        )
        db.session.commit()
        approver_name = person("approver").name
    assert found(approver_name) and not found("wxm@")


def test_paging_without_counting(login_as, in_app):
    with in_app():
        for n in range(55):
            make_asset(f"PC-{n:04d}", "desktop")
        db.session.commit()
    agent = login_as("agent")
    first = text(agent.get("/assets/"))
    assert "PC-0049" in first and "PC-0050" not in first and "page=2" in first
    second = text(agent.get("/assets/?page=2", headers=HTMX))
    assert "PC-0054" in second and "page=3" not in second


def test_employee_sees_own_devices_only(login_as, register):
    employee = login_as("employee")
    assert employee.get("/assets/").status_code == 403
    mine = employee.get("/assets/mine")
    assert "LAP-000001" in text(mine) and "MON-000001" not in text(mine)
    own = employee.get("/assets/lap-000001")
    assert own.status_code == 200 and "Report a problem" in text(own)
    assert "History" not in text(own)
    # the set list names only what the employee may open: no link that leads to a 404
    assert "MON-000001" not in text(own)
    assert employee.get("/assets/MON-000001").status_code == 404
    assert login_as("approver").get("/assets/LAP-000001").status_code == 404
    form = text(employee.get("/tickets/new"))
    assert '<option value="LAP-000001">Laptop · ThinkPad T14 (LAP-000001)</option>' in form
    assert 'multiple name="asset_tags"' in form


def test_a_request_names_several_of_ones_own_devices(app, login_as, register):
    with app.app_context():
        make_asset("MON-000002", "monitor", model="Dell P2422H", owner=ROLE_EMAILS["employee"])
        db.session.commit()
    employee = login_as("employee")
    form = text(employee.get("/tickets/new"))
    assert "Monitor · Dell P2422H (MON-000002)" in form
    filed = employee.form(
        "/tickets/new",
        {
            "group": "hw",
            "catalog_code": "hw.laptop",
            "title": "Screen flickers",
            "urgency": "medium",
            "impact": "low",
            # MON-000001 is not the employee's: a forged choice is dropped
            "asset_tags": ["LAP-000001", "MON-000002", "MON-000001"],
        },
    )
    assert filed.status_code == 302, text(filed)[:2000]
    with app.app_context():
        ticket = db.session.scalar(sa.select(Ticket).where(Ticket.title == "Screen flickers"))
        assert ticket.asset_tags == ["LAP-000001", "MON-000002"]


def test_asset_page_shows_set_relations_tickets_history(login_as, register):
    page = text(login_as("engineer").get("/assets/LAP-000001"))
    for expected in ("MON-000001", register["ticket"], "Same set of equipment", "Registered"):
        assert expected in page


def edit_form(**overrides) -> dict:
    data = {
        "tag": "LAP-000001",
        "type": "laptop",
        "status": "in_use",
        "model": "ThinkPad T14",
        "serial": "SN1",
        "owner": "emp@client.test",
        "department": "",
        "location": "B座 3F",
        "hostname": "sh-fin-0001",
        "default_password_changed": "unknown",
        "param:ip": "10.1.1.1",
        "version": "1",
    }
    data.update(overrides)
    return data


def test_a_change_through_the_page_needs_authority(login_as, register, in_app):
    engineer = login_as("engineer")
    refused = engineer.form("/assets/LAP-000001/edit", edit_form())
    assert refused.status_code == 422
    assert "must be authorised" in text(refused)
    wrong = engineer.form("/assets/LAP-000001/edit", edit_form(authorized_by="INC-2026-424242"))
    assert wrong.status_code == 422 and "does not authorise changes to LAP-000001" in text(wrong)
    with in_app():
        assert queries.get_by_tag("LAP-000001").location == ""
    done = engineer.form("/assets/LAP-000001/edit", edit_form(authorized_by=register["ticket"]))
    assert done.status_code == 302
    with in_app():
        asset = queries.get_by_tag("LAP-000001")
        assert (asset.location, asset.parameters) == ("B座 3F", {"ip": "10.1.1.1"})
    stale = engineer.form(
        "/assets/LAP-000001/edit", edit_form(authorized_by=register["ticket"], location="X")
    )
    assert stale.status_code == 409
    # the manager's explicit exception is flagged in the history
    ignored = engineer.form(
        "/assets/LAP-000001/edit", edit_form(version="2", found_in_audit="y", model="X1")
    )
    assert ignored.status_code == 422
    flagged = login_as("manager").form(
        "/assets/LAP-000001/edit", edit_form(version="2", found_in_audit="y", model="X1")
    )
    assert flagged.status_code == 302
    with in_app():
        line = db.session.scalar(sa.select(AssetChange).where(AssetChange.field == "model"))
        assert line.unauthorised and line.new_value == "X1"
    assert "unauthorised change found in audit" in text(
        login_as("manager").get("/assets/LAP-000001")
    )


def test_register_a_new_asset_with_bad_input(login_as, register, in_app):
    engineer = login_as("engineer")
    base = edit_form(tag="LAP-000002", serial="SN2", owner="", location="")
    for changes, message in [
        ({"tag": "LAP-000001"}, "LAP-000001 is already registered."),
        ({"owner": "ghost@client.test"}, "No active user has the email ghost@client.test."),
        ({"warranty_end": "2026-02-30"}, "2026-02-30 is not a real date."),
        ({"param:ip": "999.1.1.1"}, "999.1.1.1 is not an IP address."),
    ]:
        response = engineer.form("/assets/new", {**base, **changes})
        assert response.status_code == 422, changes
        assert message in text(response), changes
    with in_app():
        assert db.session.scalar(sa.select(sa.func.count(Asset.id))) == 2
    created = engineer.form("/assets/new", base)
    assert created.status_code == 302 and created.headers["Location"].endswith("/assets/LAP-000002")


def test_parameter_fields_follow_the_type(login_as, register):
    fields = text(login_as("agent").get("/assets/parameter-fields?type=monitor", headers=HTMX))
    assert 'name="param:size_inch"' in fields and "param:ip" not in fields


def test_relations_on_the_page(login_as, register):
    engineer = login_as("engineer")
    itself = engineer.form(
        "/assets/LAP-000001/relations", {"kind": "set_member", "target": "LAP-000001"}, headers=HTMX
    )
    assert itself.status_code == 422 and "cannot be related to itself" in text(itself)
    again = engineer.form(
        "/assets/LAP-000001/relations", {"kind": "set_member", "target": "mon-000001"}
    )
    assert again.status_code == 422 and "already related" in text(again)
    missing = engineer.form("/assets/LAP-000001/relations", {"kind": "runs", "target": "NOPE"})
    assert missing.status_code == 422 and "No asset has the tag NOPE" in text(missing)


def test_types_are_data(login_as, users):
    manager = login_as("manager")
    lines = "serial_port | 串口 | Serial port | text\nbaud | 波特率 | Baud | int"
    data = {
        "code": "ups",
        "name_zh": "不间断电源",
        "name_en": "UPS",
        "category": "hardware",
        "parameters": lines,
        "active": "y",
    }
    assert manager.form("/assets/types/new", data).status_code == 302
    bad = manager.form(
        "/assets/types/new", {**data, "code": "kiosk", "parameters": "x | y | z | colour"}
    )
    assert bad.status_code == 422 and "Line 1" in text(bad)
    assert "serial_port" in text(manager.get("/assets/types"))
    assert 'name="param:baud"' in text(manager.get("/assets/parameter-fields?type=ups"))


def test_security_page_raises_a_ticket(login_as, register, in_app):
    with in_app():
        make_asset("LAP-000002", antivirus_date="2020-01-01")
        db.session.commit()
    agent = login_as("agent")
    page = text(agent.get("/assets/security"))
    assert "LAP-000002" in page and "LAP-000001" not in page
    raised = agent.form("/assets/security/LAP-000002/antivirus_old")
    assert raised.status_code == 302
    with in_app():
        tickets = queries.tickets_for("LAP-000002")
        assert [t.catalog_item.code for t in tickets] == ["sec.antivirus"]


def test_dashboard_panels(login_as, register):
    assert "LAP-000001" in text(login_as("employee").get("/"))
    assert "Asset register" in text(login_as("manager").get("/"))
