"""Training plans (S20, S14): a plan with materials, sessions, attendance and feedback per
person, each person's record, and the quarter's counts in the report."""

from datetime import date

import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.extensions import db
from app.reports import rules as report_rules
from app.reports import training as report_training
from app.training import rules
from app.training.models import TrainingPlan, TrainingSession
from tests.concurrency import at_once
from tests.documents.helpers import document


def test_counts_take_the_sessions_of_the_period_only():
    sessions = [(date(2026, 3, 31), 4), (date(2026, 4, 1), 5), (date(2026, 6, 30), 2)]
    assert rules.counts(sessions, date(2026, 4, 1), date(2026, 7, 1)) == {
        "sessions": 2,
        "attendance": 7,
    }
    assert rules.plan_refusals(date(2026, 5, 2), date(2026, 5, 1)) == {"ends_on": "before_start"}


def test_a_plan_with_sessions_attendance_and_feedback(app, users, login_as):
    with app.app_context():
        manual = document("桌面支持手册", kind="manual", text="手册").id
        db.session.commit()
    manager = login_as("manager")
    made = manager.form(
        "/training/plans",
        {"title": "客户IT支持人员课堂培训", "kind": "classroom", "audience": "客户IT部",
         "starts_on": "2026-04-01", "ends_on": "2026-06-30", "trainer": str(users["engineer"]),
         "materials": str(manual)},
    )  # fmt: skip
    assert made.status_code == 302, made.get_data(as_text=True)[:3000]
    plan_id = int(made.headers["Location"].rsplit("/", 1)[1])
    backwards = manager.form(
        "/training/plans",
        {"title": "x", "kind": "workshop", "starts_on": "2026-05-02", "ends_on": "2026-05-01",
         "trainer": ""},
    )  # fmt: skip
    assert backwards.status_code == 422 and "The end is before the start." in backwards.get_data(
        as_text=True
    )
    engineer = login_as("engineer")
    assert (
        engineer.form(
            f"/training/plans/{plan_id}/sessions", {"held_on": "2026-04-10", "topic": "打印机"}
        ).status_code
        == 302
    )
    outside = engineer.form(f"/training/plans/{plan_id}/sessions", {"held_on": "2026-07-10"})
    assert outside.status_code == 422
    with app.app_context():
        session_id = db.session.scalar(sa.select(TrainingSession.id))
    for role, rating in (("approver", "5"), ("employee", "4")):
        recorded = engineer.form(
            f"/training/sessions/{session_id}/attendance",
            {"person": str(users[role]), "attended": "y", "rating": rating, "feedback": "很有用"},
        )
        assert recorded.status_code == 302
    page = engineer.get(f"/training/plans/{plan_id}").get_data(as_text=True)
    assert "桌面支持手册" in page and "很有用" in page
    record = engineer.get(f"/training/people/{users['approver']}").get_data(as_text=True)
    assert "客户IT支持人员课堂培训" in record
    with app.app_context():
        quarter = report_rules.Period("quarter", "2026-Q2", date(2026, 4, 1), date(2026, 6, 30))
        assert report_training.section(quarter) == {"sessions": 1, "attendance": 2}
        assert db.session.get(TrainingPlan, plan_id).materials[0].id == manual
        assert "training.attendance" in db.session.scalars(sa.select(AuditEvent.action)).all()


def test_two_people_recording_the_same_attendance_at_once_both_succeed(app, users):
    from app.extensions import utcnow
    from app.training import services
    from app.training.models import Attendance
    from tests.factories import person

    with app.app_context():
        data = services.PlanInput(
            "安全意识", "security_awareness", "全员", date(2026, 4, 1), date(2026, 4, 2)
        )
        plan = services.create_plan(data, actor=person("manager"), now=utcnow())
        session_id = services.add_session(
            plan, date(2026, 4, 1), "钓鱼邮件", actor=person("manager"), now=utcnow()
        ).id
        db.session.commit()
    errors = []

    def record_once(rating, ready):
        with app.app_context():
            try:
                ready()
                session = db.session.get(TrainingSession, session_id)
                services.record_attendance(
                    session, person("employee"), attended=True, rating=rating, feedback="",
                    actor=person("manager"), now=utcnow(),
                )  # fmt: skip
                db.session.commit()
            except Exception as error:  # noqa: BLE001  (any failure is the finding)
                errors.append(error)
            finally:
                db.session.remove()

    at_once(lambda ready: record_once(4, ready), lambda ready: record_once(5, ready))
    with app.app_context():
        rows = db.session.scalars(sa.select(Attendance)).all()
    assert not errors and len(rows) == 1 and rows[0].rating in (4, 5)


def test_a_manager_edits_a_plan_and_bad_dates_change_nothing(app, users, login_as):
    from app.extensions import utcnow
    from app.training import services
    from tests.factories import person

    with app.app_context():
        data = services.PlanInput(
            "导师制", "mentoring", "客户IT部", date(2026, 5, 1), date(2026, 5, 31)
        )
        plan_id = services.create_plan(data, actor=person("manager"), now=utcnow()).id
        db.session.commit()
    manager = login_as("manager")
    page = manager.get(f"/training/plans/{plan_id}").get_data(as_text=True)
    assert 'data-testid="edit-plan"' in page and 'value="导师制"' in page
    form = {"title": "导师制（第二期）", "kind": "on_the_job", "audience": "客户IT部",
            "starts_on": "2026-06-01", "ends_on": "2026-05-01", "trainer": ""}  # fmt: skip
    backwards = manager.form(f"/training/plans/{plan_id}/edit", form)
    assert backwards.status_code == 422
    with app.app_context():
        assert db.session.get(TrainingPlan, plan_id).title == "导师制"
    saved = manager.form(f"/training/plans/{plan_id}/edit", form | {"ends_on": "2026-06-30"})
    assert saved.status_code == 302
    with app.app_context():
        plan = db.session.get(TrainingPlan, plan_id)
        assert (plan.title, plan.kind, plan.ends_on) == (
            "导师制（第二期）",
            "on_the_job",
            date(2026, 6, 30),
        )
        assert db.session.scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "training.plan_edited")
        )
    assert login_as("agent").form(f"/training/plans/{plan_id}/edit", form).status_code == 403
