"""Meeting pages per role, recording one with its action items, refusals that write nothing,
and the action items on the home dashboards."""

from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db, utcnow
from app.meetings.models import ActionItem, Meeting
from app.meetings.queries import local_today
from tests.meetings.helpers import item, meeting, user


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def form_data(**overrides) -> dict:
    data = {
        "kind": "service_review",
        "title": "十二月服务回顾",
        "starts_at": "2026-12-08T10:00",
        "ends_at": "2026-12-08T11:30",
        "location": "3F 会议室 A",
        "attendee_ids": [],
        "external": "Frank Schulz",
        "agenda": "1. SLA",
        "minutes_markdown": "## 纪要\n\n**SLA** 达标。<script>alert(1)</script>",
        "decisions": "每周巡检会议室\n下月复查",
        "report_id": "0",
    }
    data.update(overrides)
    return data


def test_manager_records_a_meeting_and_the_minutes_are_sanitised(app, users, login_as):
    manager = login_as("manager")
    data = form_data(attendee_ids=[users["manager"], users["approver"]])
    response = manager.form("/meetings/new", data)
    assert response.status_code == 302, response.text[:2000]
    page = manager.get(response.headers["Location"])
    assert page.status_code == 200
    assert "<strong>SLA</strong>" in page.text and "<script>alert" not in page.text
    assert "Frank Schulz" in page.text and "Approver Tester" in page.text
    assert "每周巡检会议室" in page.text and "2026-12-08 10:00" in page.text
    with app.app_context():
        stored = db.session.scalar(sa.select(Meeting))
        assert stored.starts_at.hour == 2  # 10:00 in Shanghai is stored as 02:00 UTC
        assert stored.external_attendees == ["Frank Schulz"]


def test_bad_input_gives_a_clear_message_and_writes_nothing(app, users, login_as):
    manager = login_as("manager")
    cases = [
        ({"ends_at": "2026-12-08T09:00"}, "The meeting must end after it starts."),
        ({"minutes_markdown": "bad\x00byte"}, "cannot be stored"),
        ({"starts_at": "2026-02-30T10:00"}, "Not a valid datetime value"),
        ({"starts_at": "0001-01-01T00:00"}, "between the years 1900 and 2100"),
        ({"ends_at": "9999-12-31T23:59"}, "between the years 1900 and 2100"),
        ({"starts_at": ""}, "This field is required."),
    ]
    for change, message in cases:
        response = manager.form("/meetings/new", form_data(**change))
        assert response.status_code == 422 and message in response.text, change
    with app.app_context():
        assert count(Meeting) == 0


def test_action_item_needs_an_owner_and_shows_on_the_owners_home(app, users, login_as):
    with app.app_context():
        made = meeting()
        db.session.commit()
        url = f"/meetings/{made.id}"
    manager = login_as("manager")
    no_owner = manager.form(f"{url}/items", {"title": "整理清单", "owner_id": "0"})
    assert no_owner.status_code == 422 and "Choose who owns this action item." in no_owner.text
    employee_owner = manager.form(
        f"{url}/items", {"title": "整理清单", "owner_id": str(users["employee"])}
    )
    assert employee_owner.status_code == 422
    with app.app_context():
        assert count(ActionItem) == 0
    due = (local_today(utcnow()) + timedelta(days=3)).isoformat()
    added = manager.form(
        f"{url}/items",
        {"title": "整理打印机故障清单", "owner_id": str(users["agent"]), "due_on": due},
        headers={"HX-Request": "true"},
    )
    assert added.status_code == 200 and added.text.lstrip().startswith('<section class="card"')
    assert "整理打印机故障清单" in added.text
    home = login_as("agent").get("/")
    assert 'data-testid="my-action-items"' in home.text and "整理打印机故障清单" in home.text
    assert 'data-testid="my-action-items"' not in login_as("engineer").get("/").text


def test_overdue_items_on_the_managers_dashboard(app, users, login_as):
    today = local_today(utcnow())
    with app.app_context():
        made = meeting()
        item(made, due_on=today - timedelta(days=1), title="昨天到期")
        item(made, due_on=today, title="今天到期")
        item(made, due_on=today - timedelta(days=5), status="done", title="早已完成")
        db.session.commit()
        item_id = db.session.scalar(sa.select(ActionItem.id).where(ActionItem.title == "昨天到期"))
    home = login_as("manager").get("/")
    panel = home.text.split('data-testid="overdue-action-items"')[1].split("</section>")[0]
    assert "昨天到期" in panel and "今天到期" not in panel and "早已完成" not in panel
    moved = login_as("manager").form(f"/meetings/items/{item_id}/status", {"status": "done"})
    assert moved.status_code == 302
    assert 'data-testid="overdue-action-items"' not in login_as("manager").get("/").text
    bad = login_as("manager").form(f"/meetings/items/{item_id}/status", {"status": "x\x00"})
    assert bad.status_code == 422


def test_who_reads_which_meeting(app, users, login_as):
    with app.app_context():
        attended = meeting(attendees=("manager", "approver")).id
        other = meeting(attendees=("manager",)).id
        db.session.commit()
    approver = login_as("approver")
    assert approver.get(f"/meetings/{attended}").status_code == 200
    assert approver.get(f"/meetings/{other}").status_code == 404
    listing = approver.get("/meetings/").text
    assert f"/meetings/{attended}" in listing and f"/meetings/{other}" not in listing
    assert approver.get(f"/meetings/{attended}/edit").status_code == 403
    assert 'data-testid="send-minutes"' not in approver.get(f"/meetings/{attended}").text
    agent = login_as("agent")
    assert agent.get(f"/meetings/{other}").status_code == 200
    assert 'data-testid="send-minutes"' not in agent.get(f"/meetings/{other}").text
    employee = login_as("employee")
    assert employee.get("/meetings/").status_code == 403
    assert employee.get(f"/meetings/{attended}").status_code == 403
    assert employee.get(f"/meetings/{attended}/minutes.pdf").status_code == 403
    assert "/meetings/" not in employee.get("/").text  # no navigation entry either


def test_editing_a_stale_meeting_is_a_conflict(app, users, login_as):
    with app.app_context():
        made = meeting()
        db.session.commit()
        url, version = f"/meetings/{made.id}/edit", made.version
    manager = login_as("manager")
    first = manager.form(url, form_data(version=str(version), title="第一次"))
    assert first.status_code == 302
    second = manager.form(url, form_data(version=str(version), title="第二次"))
    assert second.status_code == 409
    with app.app_context():
        assert db.session.scalar(sa.select(Meeting.title)) == "第一次"


def test_the_schedule_proposes_the_next_meetings(app, users, login_as):
    manager = login_as("manager")
    bad = manager.form(
        "/meetings/schedule",
        {"kind": "service_review", "cadence": "monthly", "week": "2", "weekday": "1",
         "start_time": "25:99", "duration_minutes": "90", "active": "y"},
    )  # fmt: skip
    assert bad.status_code == 422 and "e.g. 10:00" in bad.text
    saved = manager.form(
        "/meetings/schedule",
        {"kind": "service_review", "cadence": "monthly", "week": "2", "weekday": "1",
         "start_time": "10:00", "duration_minutes": "90", "location": "3F A", "active": "y"},
    )  # fmt: skip
    assert saved.status_code == 302
    listing = manager.get("/meetings/")
    proposals = listing.text.split('data-testid="proposals"')[1].split("</section>")[0]
    assert proposals.count("Record this meeting") == 3 and "10:00" in proposals
    assert "Second Tuesday 10:00" in manager.get("/meetings/schedule").text
    prefilled = manager.get("/meetings/new?kind=service_review&starts_at=2027-01-12T10:00")
    assert 'value="2027-01-12T10:00"' in prefilled.text


def test_a_monthly_meeting_links_the_stored_report(app, users, login_as):
    from app.contracts.services import get_contract
    from app.reports import rules as report_rules
    from app.reports import services as reports

    with app.app_context():
        period = report_rules.month_period(2026, 11)
        report = reports.store(period, actor=user("manager"), now=utcnow(), contract=get_contract())
        made = meeting(report_id=report.id)
        db.session.commit()
        meeting_id, report_id, reference = made.id, report.id, report.reference
    manager = login_as("manager")
    assert f'value="{report_id}"' in manager.get(f"/meetings/{meeting_id}/edit").text
    page = manager.get(f"/meetings/{meeting_id}").text
    assert f'href="/reports/{report_id}"' in page and reference in page
    attendee = login_as("approver").get(f"/meetings/{meeting_id}").text
    assert reference in attendee and f'href="/reports/{report_id}"' not in attendee


def test_the_owner_marks_their_own_item_done_and_nobody_else_can(app, users, login_as):
    with app.app_context():
        made = meeting()
        owned = item(made, owner="agent", title="整理清单")
        db.session.commit()
        meeting_id, item_id = made.id, owned.id
        url = f"/meetings/items/{item_id}/status"
    assert login_as("engineer").form(url, {"status": "done"}).status_code == 403
    page = login_as("agent").get(f"/meetings/{meeting_id}").text
    assert f'action="{url}"' in page  # the owner gets the status control
    assert login_as("agent").form(url, {"status": "done"}).status_code == 302
    with app.app_context():
        assert db.session.get(ActionItem, item_id).status == "done"
