"""Change services: creation with derived risk, bad input, the machine, approvals, mail."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.accounts.models import Department
from app.audit.models import AuditEvent
from app.changes import approvers, queries, services
from app.changes.models import Change, ChangeDecision, ChangeTemplate
from app.contracts.services import get_contract
from app.extensions import db
from app.mail.models import OutboxMessage
from tests.changes.helpers import NOW, WINDOW, data, new_change, step, user
from tests.conftest import make_user


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_create_derives_risk_priority_and_number(ctx, users):
    change = new_change(urgency="high")
    assert change.number == f"CHG-{NOW.year}-000001"
    assert (change.risk, change.status, change.approval) == ("high", "draft", "pending")
    assert change.risk_reason == "likelihood medium × impact high = 6 → high"
    assert change.priority == "P1"
    assert new_change().number.endswith("000002")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"backout_plan": ""}, "backout_plan"),
        ({"kind": "emergency", "backout_plan": "  "}, "backout_plan"),
        ({"planned_end": WINDOW[0] - timedelta(hours=1)}, "planned_end"),
        ({"planned_end": None}, "planned_end"),
        ({"title": ""}, "title"),
        ({"kind": "standard"}, "template_id"),
        ({"ticket_numbers": ["INC-2026-999999"]}, "ticket_numbers"),
        ({"asset_updates": {"PC-1": {"status": "retired"}}}, "asset_updates"),
        ({"category": "coffee"}, "category"),
    ],
)
def test_bad_input_saves_nothing(ctx, users, values, field):
    with pytest.raises(services.ChangeError) as caught:
        new_change(**values)
    assert field in caught.value.fields
    db.session.rollback()
    assert count(Change) == 0


def test_standard_change_takes_its_template_and_needs_no_approval(ctx, users):
    template = ChangeTemplate(
        name_zh="打印机默认设置",
        name_en="Printer default settings",
        category="printer",
        backout_plan="Restore the saved profile.",
        implementation_plan="Apply profile.",
    )
    db.session.add(template)
    db.session.flush()
    change = new_change(kind="standard", template_id=template.id, backout_plan="", category="other")
    assert (change.category, change.backout_plan) == ("printer", "Restore the saved profile.")
    step(change, "submit")
    assert (change.status, change.approval) == ("approved", "not_required")
    assert count(OutboxMessage) == 0


def test_client_change_is_tracked_without_approval(ctx, users):
    change = step(new_change(initiator="client"), "submit", "schedule")
    assert (change.status, change.approval) == ("scheduled", "not_required")
    assert count(ChangeDecision) == 0


def test_submit_mails_each_approver_a_link(ctx, users):
    make_user("approver", "second@client.test")
    step(new_change(), "submit")
    mails = db.session.scalars(sa.select(OutboxMessage)).all()
    assert sorted(m.recipient for m in mails) == ["appr@client.test", "second@client.test"]
    assert all("/c/approve/" in m.body_text for m in mails)


def test_named_approvers_per_department_or_for_all(ctx, users):
    finance = Department(code="FIN", name_zh="财务部", name_en="Finance")
    sales = Department(code="SAL", name_zh="销售部", name_en="Sales")
    db.session.add_all([finance, sales])
    db.session.flush()
    fin_approver = make_user("approver", "fin@client.test")
    approvers.add_approver(fin_approver, finance, actor=user("manager"), now=NOW)
    for_sales = new_change(department_id=sales.id)
    for_finance = new_change(department_id=finance.id)
    assert not approvers.is_approver(user("approver"), for_finance)  # named list now decides
    assert approvers.is_approver(fin_approver, for_finance)
    assert not approvers.is_approver(fin_approver, for_sales)
    approvers.add_approver(user("approver"), None, actor=user("manager"), now=NOW)
    assert approvers.is_approver(user("approver"), for_sales)
    assert approvers.is_approver(user("approver"), for_finance)
    with pytest.raises(services.ChangeError):
        approvers.add_approver(user("agent"), None, actor=user("manager"), now=NOW)


def test_only_approvers_decide(ctx, users):
    change = step(new_change(), "submit")
    for role in ("employee", "agent", "manager", "admin"):
        with pytest.raises(PermissionError):
            services.decide(change, user(role), "approve", now=NOW)
    assert change.approval == "pending"


def test_approving_twice_is_idempotent(ctx, users):
    change = step(new_change(), "submit", "approve")
    again = services.decide(change, user("approver"), "approve", now=NOW + timedelta(hours=1))
    assert again is None
    assert count(ChangeDecision) == 1
    assert change.status == "approved"


def test_rejecting_needs_a_reason(ctx, users):
    change = step(new_change(), "submit")
    with pytest.raises(services.ChangeError):
        services.decide(change, user("approver"), "reject", now=NOW, comment=" ")
    row = services.decide(change, user("approver"), "reject", now=NOW, comment="Not before audit")
    assert (change.status, row.decision, row.via) == ("rejected", "rejected", "portal")


def test_decision_records_who_when_how_and_comment(ctx, users):
    change = step(new_change(), "submit")
    row = services.decide(
        change, user("approver"), "approve", now=NOW, comment="OK", via="mail", ip="10.0.0.8"
    )
    assert (row.approver.email, row.at, row.via, row.comment, row.ip) == (
        "appr@client.test",
        NOW,
        "mail",
        "OK",
        "10.0.0.8",
    )
    audit = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert "change.approve" in audit


def test_normal_change_cannot_start_before_approval(ctx, users):
    change = step(new_change(), "submit")
    with pytest.raises(services.TransitionError):
        step(change, "start")


def test_emergency_runs_first_and_is_approved_after_the_fact(ctx, users):
    contract = get_contract()
    change = step(new_change(kind="emergency", category="security"), "submit", "start")
    assert (change.status, change.approval) == ("in_progress", "pending")
    step(change, "complete")
    with pytest.raises(services.TransitionError):
        step(change, "close")
    hours = contract.emergency_approval_hours
    assert queries.overdue_emergencies(NOW + timedelta(hours=hours - 1), hours) == []
    late = NOW + timedelta(hours=hours, minutes=1)
    assert queries.overdue_emergencies(late, hours) == [change]
    row = services.decide(change, user("approver"), "approve", now=late)
    assert row.after_the_fact and change.status == "completed"
    assert queries.overdue_emergencies(late, hours) == []
    step(change, "close")
    assert change.status == "closed"


def test_emergency_overdue_follows_the_contract_setting(ctx, users):
    contract = get_contract()
    contract.emergency_approval_hours = 4
    change = step(new_change(kind="emergency"), "submit")
    assert queries.overdue_emergencies(NOW + timedelta(hours=5), 4) == [change]


def test_schedule_needs_a_window_and_announces_vendor_changes(ctx, users):
    contract = get_contract()
    contract.client_it_contact_id = user("approver").id
    change = step(new_change(planned_start=None, planned_end=None), "submit", "approve")
    with pytest.raises(services.ChangeError):
        step(change, "schedule")
    change.planned_start, change.planned_end = WINDOW
    before = count(OutboxMessage)
    step(change, "schedule")
    assert change.announced_at == NOW
    announced = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert len(announced) == before + 1 and "Planned change" in announced[-1].subject


def test_failure_and_backout_need_a_note(ctx, users):
    change = step(new_change(), "submit", "approve", "schedule", "start")
    with pytest.raises(services.ChangeError):
        services.act(change, "fail", actor=user("agent"), now=NOW, contract=get_contract())
    step(change, "fail", "back_out", "close")
    assert change.status == "closed"


def test_only_drafts_are_edited(ctx, users):
    change = new_change()
    services.update_change(
        change, data(title="Driver 6.0"), actor=user("agent"), now=NOW, contract=get_contract()
    )
    assert change.title == "Driver 6.0"
    edit = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "change.edit")).one()
    assert edit.object_key == change.number and list(edit.details) == ["title"]
    assert edit.details["title"][1] == "Driver 6.0" and change.events[-1].params == {
        "fields": ["title"]
    }
    step(change, "submit")
    with pytest.raises(services.ChangeError):
        services.update_change(
            change, data(), actor=user("agent"), now=NOW, contract=get_contract()
        )


def test_waiting_for_lists_emergencies_first(ctx, users):
    normal = step(new_change(), "submit")
    emergency = step(new_change(kind="emergency"), "submit", at=NOW + timedelta(hours=1))
    assert queries.waiting_for(user("approver")) == [emergency, normal]
    assert queries.waiting_for(user("agent")) == []
