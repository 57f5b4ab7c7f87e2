"""The start-up checklist (S8): started from the template, worked item by item with evidence,
shown on the dashboard until the client's project lead named on the contract signs it off."""

import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.contracts.services import get_contract
from app.extensions import db
from app.onboarding.models import Checklist, ChecklistItem
from tests.conftest import make_user
from tests.documents.helpers import document
from tests.factories import person


def name_lead():
    contract = get_contract()
    contract.client_project_lead_id = person("approver").id
    db.session.commit()


def started(client) -> int:
    response = client.form("/onboarding/start/onboarding")
    assert response.status_code == 302
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def item_ids(app, checklist_id) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                sa.select(ChecklistItem.id)
                .where(ChecklistItem.checklist_id == checklist_id)
                .order_by(ChecklistItem.position)
            )
        )


def finish(client, checklist_id, item_id, **fields):
    data = {"status": "done", "owner": "", "due_on": "", "evidence_document": "",
            "evidence_page": "", "evidence_note": ""}  # fmt: skip
    data.update(fields)
    return client.form(f"/onboarding/{checklist_id}/items/{item_id}", data)


def test_only_the_named_lead_signs_off_and_only_with_nothing_open(app, users, login_as):
    with app.app_context():
        name_lead()
        make_user("approver", "other.approver@client.test")
        evidence = document("服务流程定义", text="流程").id
        db.session.commit()
    manager = login_as("manager")
    checklist_id = started(manager)
    page = manager.get(f"/onboarding/{checklist_id}").get_data(as_text=True)
    assert "Workflow definitions agreed" in page and "Named contacts on both sides" in page
    ids = item_ids(app, checklist_id)
    assert len(ids) == 6

    lead = login_as("approver")
    assert 'data-testid="checklist-panel"' in lead.get("/").get_data(as_text=True)
    early = lead.form(f"/onboarding/{checklist_id}/sign-off")
    assert early.status_code == 422 and "Items are still open" in early.get_data(as_text=True)

    first = finish(manager, checklist_id, ids[0], evidence_document=str(evidence))
    assert first.status_code == 302
    assert finish(manager, checklist_id, ids[1], evidence_page="asset_register").status_code == 302
    for item_id in ids[2:-1]:
        assert finish(manager, checklist_id, item_id, evidence_note="已完成").status_code == 302
    assert finish(manager, checklist_id, ids[-1], status="not_needed").status_code == 302

    other = app.test_client()
    other.login("other.approver@client.test")
    assert other.form(f"/onboarding/{checklist_id}/sign-off").status_code == 404
    assert login_as("manager").form(f"/onboarding/{checklist_id}/sign-off").status_code == 403
    signed = lead.form(f"/onboarding/{checklist_id}/sign-off")
    assert signed.status_code == 302
    assert "Signed off by" in lead.get(f"/onboarding/{checklist_id}").get_data(as_text=True)
    assert 'data-testid="checklist-panel"' not in lead.get("/").get_data(as_text=True)
    assert lead.form(f"/onboarding/{checklist_id}/sign-off").status_code == 422
    assert finish(manager, checklist_id, ids[0], status="open").status_code == 422
    with app.app_context():
        checklist = db.session.get(Checklist, checklist_id)
        assert checklist.signed_off_by_id == person("approver").id
        assert all(item.status in ("done", "not_needed") for item in checklist.items)
        actions = db.session.scalars(sa.select(AuditEvent.action)).all()
        assert "checklist.signed_off" in actions and "checklist.item_updated" in actions


def test_an_employee_who_is_no_named_contact_sees_no_checklist(app, users, login_as, api):
    with app.app_context():
        name_lead()
    checklist_id = started(login_as("manager"))
    employee = login_as("employee")
    assert employee.get(f"/onboarding/{checklist_id}").status_code == 404
    assert "Service start-up" not in employee.get("/onboarding/").get_data(as_text=True)
    assert api("employee").get("/api/v1/onboarding").status_code == 404
    body = api("approver").get("/api/v1/onboarding").get_json()
    assert body["signed_off_at"] is None and len(body["items"]) == 6
    assert body["items"][0] == {
        "title": "Workflow definitions agreed",
        "code": "workflows",
        "side": "vendor",
        "owner": None,
        "due": None,
        "status": "open",
        "evidence": None,
    }


def test_a_manager_edits_the_template_and_the_exit_checklist_uses_the_same_kind(app, login_as):
    manager = login_as("manager")
    assert (
        manager.form(
            "/onboarding/template/exit", {"title": "归还门禁卡", "side": "vendor"}
        ).status_code
        == 302
    )
    assert manager.form("/onboarding/template/exit/0/remove").status_code == 302
    response = manager.form("/onboarding/start/exit")
    page = manager.get(response.headers["Location"]).get_data(as_text=True)
    assert "归还门禁卡" in page and "Documents handed over" not in page
    assert "Exit and handover" in page
    refused = manager.form("/onboarding/template/exit", {"title": "", "side": "vendor"})
    assert refused.status_code == 422


def test_the_client_side_never_sees_or_cites_a_staff_only_document(app, users, login_as):
    with app.app_context():
        name_lead()
        secret = document("域控与组策略配置", text="机密", visibility="staff").id
        shared = document("新员工电脑使用手册", text="公开", visibility="client").id
        db.session.commit()
    manager = login_as("manager")
    checklist_id = started(manager)
    first, second = item_ids(app, checklist_id)[:2]
    assert finish(manager, checklist_id, first, evidence_document=str(secret)).status_code == 302
    lead_id = str(users["approver"])
    owned = finish(manager, checklist_id, second, status="open", owner=lead_id, due_on="2026-12-20")
    assert owned.status_code == 302
    lead = login_as("approver")
    page = lead.get(f"/onboarding/{checklist_id}").get_data(as_text=True)
    assert (
        "域控与组策略配置" not in page and "新员工电脑使用手册" in page
    )  # the shared one is offered
    cited = finish(lead, checklist_id, second, evidence_document=str(secret), owner="", due_on="")
    assert cited.status_code == 422
    done = finish(lead, checklist_id, second, evidence_document=str(shared), owner="", due_on="")
    assert done.status_code == 302
    with app.app_context():
        item = db.session.get(ChecklistItem, second)
        # the owner recorded progress; who owns it and when it is due stay the manager's
        assert item.evidence_document_id == shared and item.status == "done"
        assert item.owner_id == users["approver"] and str(item.due_on) == "2026-12-20"


def test_a_client_owner_who_is_no_named_contact_reaches_their_item(app, users, login_as):
    with app.app_context():
        name_lead()
        db.session.commit()
    manager = login_as("manager")
    checklist_id = started(manager)
    item = item_ids(app, checklist_id)[0]
    employee = str(users["employee"])
    assert finish(manager, checklist_id, item, status="open", owner=employee).status_code == 302
    owner = login_as("employee")
    assert owner.get(f"/onboarding/{checklist_id}").status_code == 200
    assert finish(owner, checklist_id, item, evidence_note="已提交").status_code == 302
