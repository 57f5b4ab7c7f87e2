"""The improvement log: managers keep it, staff read it, bad input writes nothing, and the
quarterly report lists what was followed in the quarter."""

from datetime import UTC, datetime

import sqlalchemy as sa

from app.contracts.services import get_contract
from app.extensions import db
from app.improvements import services
from app.improvements.models import Improvement
from app.reports import figures
from app.reports import rules as report_rules
from tests.meetings.helpers import user

FORM = {
    "title": "周一上午增加一名服务台坐席",
    "source": "meeting",
    "source_reference": "",
    "owner_id": "0",
    "status": "in_progress",
    "target_on": "2026-12-31",
    "effect": "",
}


def test_managers_log_improvements_staff_read_them(app, users, login_as):
    manager = login_as("manager")
    for change, message in [
        ({"title": ""}, "This field is required."),
        ({"effect": "a\x00b"}, "cannot be stored"),
        ({"target_on": "2026-02-30"}, "Not a valid date value"),
        ({"source": "rumour"}, "Not a valid choice"),
    ]:
        response = manager.form("/improvements/new", {**FORM, **change})
        assert response.status_code == 422 and message in response.text, change
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Improvement.id))) == 0
    data = {**FORM, "owner_id": str(users["agent"]), "source": "complaint"}
    assert manager.form("/improvements/new", data).status_code == 302
    with app.app_context():
        item_id = db.session.scalar(sa.select(Improvement.id))
    done = {**data, "status": "done", "effect": "接通率从 85% 提升到 97%"}
    assert manager.form(f"/improvements/{item_id}", done).status_code == 302
    listing = login_as("engineer").get("/improvements/").text
    assert "周一上午增加一名服务台坐席" in listing and "接通率从 85% 提升到 97%" in listing
    assert "Agent Tester" in listing and "Complaint" in listing
    assert login_as("engineer").get(f"/improvements/{item_id}").status_code == 403
    assert login_as("approver").get("/improvements/").status_code == 403


def test_the_quarterly_report_lists_the_quarters_improvements(app, users):
    with app.app_context():
        manager = user("manager")

        def log(title, status, at):
            services.save(
                None,
                services.ImprovementInput(title=title, source="problem", status=status),
                actor=manager,
                now=at,
            )

        log("本季度完成", "done", datetime(2026, 11, 3, tzinfo=UTC))
        log("进行中", "in_progress", datetime(2026, 8, 3, tzinfo=UTC))
        log("上季度已完成", "done", datetime(2026, 8, 3, tzinfo=UTC))
        log("下季度才提出", "proposed", datetime(2027, 1, 5, tzinfo=UTC))
        db.session.flush()
        period = report_rules.quarter_period(2026, 4)
        built = figures.build(
            period, now=datetime(2027, 1, 10, tzinfo=UTC), contract=get_contract()
        )
        section = built["improvements"]
        assert section["total"] == 2 and section["done"] == 1
        assert [r["title"] for r in section["rows"]] == ["本季度完成", "进行中"]
        db.session.rollback()


def test_an_improvement_logged_from_a_problem_names_and_links_it(app, users, login_as):
    from app.contracts.services import get_contract
    from app.problems import services as problems
    from tests.factories import MONDAY_0912, person

    with app.app_context():
        number = problems.open_problem(
            problems.NewProblem(title="Toner runs out early", severity="minor"),
            actor=person("manager"), now=MONDAY_0912, contract=get_contract(),
        ).number  # fmt: skip
        db.session.commit()
    manager = login_as("manager")
    page = manager.get(f"/problems/{number}").get_data(as_text=True)
    assert 'data-testid="log-improvement"' in page
    form = manager.get(f"/improvements/new?source=problem&ref={number}").get_data(as_text=True)
    assert f'value="{number}"' in form and 'selected value="problem"' in form
    assert 'data-testid="log-improvement"' not in login_as("agent").get(f"/problems/{number}").text
