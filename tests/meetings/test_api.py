"""GET /api/v1/meetings: the vendor's people read meetings with their action items."""

from datetime import timedelta

from app.extensions import db, utcnow
from app.meetings.queries import local_today
from tests.meetings.helpers import item, meeting


def test_meetings_over_the_api(app, users, api):
    today = local_today(utcnow())
    with app.app_context():
        made = meeting(external="Frank Schulz", decisions="一\n二")
        item(made, owner="agent", due_on=today - timedelta(days=1), title="昨天到期")
        item(made, owner="agent", due_on=today, title="今天到期")
        item(made, owner="agent", due_on=today - timedelta(days=3), status="done", title="完成")
        db.session.commit()
    response = api("engineer").get("/api/v1/meetings")
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 1
    (found,) = body["items"]
    assert found["kind"] == "service_review" and found["starts_at"].endswith("+08:00")
    assert found["date"] == found["starts_at"][:10]  # the meeting's day in Shanghai
    assert found["ends_at"].endswith("+08:00") and found["decisions"] == ["一", "二"]
    assert {a["name"] for a in found["attendees"]} == {
        "Manager Tester",
        "Approver Tester",
        "Frank Schulz",
    }
    items = {i["title"]: i for i in found["action_items"]}
    assert items["昨天到期"]["overdue"] is True and items["今天到期"]["overdue"] is False
    assert items["完成"] == {
        "title": "完成",
        "owner": {"name": "Agent Tester", "email": "agent@vendor.test"},
        "due": (today - timedelta(days=3)).isoformat(),
        "status": "done",
        "overdue": False,
    }
    assert api("approver").get("/api/v1/meetings").status_code == 403
    assert api("employee").get("/api/v1/meetings").status_code == 403
    assert app.test_client().get("/api/v1/meetings").status_code == 401
    assert api("manager").get("/api/v1/meetings?per_page=0").status_code == 400
