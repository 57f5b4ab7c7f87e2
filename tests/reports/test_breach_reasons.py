"""Breaches get a reason (a short list plus a few words) on the ticket or in the report's
review before it is sent; the PDF's breach list groups by reason, the unexplained last."""

from pathlib import Path

import sqlalchemy as sa
import time_machine

from app.audit.models import AuditEvent
from app.contracts.services import get_contract
from app.extensions import db
from app.reports import figures, rules
from app.reports.models import ServiceReport
from app.sla.models import BreachReason
from tests.factories import open_ticket
from tests.jobs.helpers import run_queued
from tests.reports.conftest import NOW
from tests.reports.helpers import pdf_text
from tests.reports.test_workflow import act, generate

HX = {"HX-Request": "true"}


def reason(client, number, metric, code, note="", **kwargs):
    return client.form(
        f"/tickets/{number}/sla/{metric}/reason",
        {f"{metric}-reason": code, f"{metric}-note": note},
        **kwargs,
    )


def in_review(client, report_id, number, metric, code, note=""):
    prefix = f"{number}-{metric}"
    return client.form(
        f"/reports/{report_id}/breaches/{number}/{metric}/reason",
        {f"{prefix}-reason": code, f"{prefix}-note": note},
    )


def test_the_desk_gives_a_breach_its_reason_on_the_ticket(app, login_as, october):
    t7 = october["T7"]  # the engineer arrived 20 minutes after the dispatch
    with time_machine.travel(NOW, tick=False):
        agent = login_as("agent")
        timeline = agent.get(f"/tickets/{t7}/sla").get_data(as_text=True)
        assert "Record the reason" in timeline and "not recorded yet" in timeline
        # the requester of T4 (remote handling over its limit) sees the clock, not the reasons
        own = login_as("employee").get(f"/tickets/{october['T4']}/sla").get_data(as_text=True)
        assert 'data-state="breached"' in own and "Record the reason" not in own
        refused = reason(agent, t7, "onsite_arrival", "other", headers=HX)
        assert refused.status_code == 422
        assert "Say in a few words what the other reason was." in refused.get_data(as_text=True)
        assert reason(agent, t7, "resolution", "workload").status_code == 404  # met, no breach
        employee = login_as("employee")
        assert reason(employee, t7, "onsite_arrival", "workload").status_code == 404  # not theirs
        assert reason(employee, october["T4"], "remote_limit", "workload").status_code == 403
        saved = reason(agent, t7, "onsite_arrival", "no_access", "门禁卡未开通", headers=HX)
        assert saved.status_code == 200
        text = saved.get_data(as_text=True)
        assert "No access to the site or device · 门禁卡未开通" in text and "<html" not in text
        again = reason(agent, t7, "onsite_arrival", "workload", follow_redirects=False)
        assert again.status_code == 302  # without htmx: back to the ticket page
    with app.app_context():
        row = db.session.scalars(sa.select(BreachReason)).one()
        assert (row.metric, row.reason, row.note) == ("onsite_arrival", "workload", "")
        events = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "sla.breach_reason")
        ).all()
        assert [e.details["reason"] for e in events] == ["no_access", "workload"]
        assert events[1].details["before"] == ["no_access", "门禁卡未开通"]


def test_the_review_gives_reasons_and_the_pdf_groups_by_them(app, login_as, october, tmp_path):
    with time_machine.travel(NOW, tick=False):
        manager = login_as("manager")
        assert reason(manager, october["T7"], "onsite_arrival", "no_access").status_code == 302
        report_id = generate(manager)
        page = manager.get(f"/reports/{report_id}").get_data(as_text=True)
        assert "4 of the 5 listed breaches have no reason yet" in page
        assert "From the ticket notes" in page and "Spare disk arrived late" in page
        for number, metric, code, note in (
            (october["T2"], "response", "workload", "国庆后首个工作日邮件积压"),
            (october["T4"], "remote_limit", "misrouted", ""),
            (october["T5"], "resolution", "spare_parts", "Spare disk arrived late"),
        ):
            saved = in_review(manager, report_id, number, metric, code, note)
            assert saved.status_code == 302, saved.get_data(as_text=True)[:500]
        assert in_review(manager, report_id, october["T1"], "response", "workload").status_code == (
            404
        )  # not in the breach list
        page = manager.get(f"/reports/{report_id}").get_data(as_text=True)
        assert "1 of the 5 listed breaches have no reason yet" in page
        with app.app_context():
            stored = db.session.get(ServiceReport, report_id)
            sla = stored.figures["sla"]
            assert sla["breach_reasons"] == [
                {"code": "misrouted", "count": 1},
                {"code": "no_access", "count": 1},
                {"code": "spare_parts", "count": 1},
                {"code": "workload", "count": 1},
                {"code": None, "count": 1},  # T5's phone rings
            ]
            assert db.session.scalar(sa.select(sa.func.count(BreachReason.id))) == 4
            # a version generated now starts from the tickets' reasons
            fresh = figures.build(rules.month_period(2026, 10), now=NOW, contract=get_contract())
            assert fresh["sla"]["breach_reasons"] == sla["breach_reasons"]
        run_queued(app)  # the editions that print the reasons, rendered by a worker
        zh = manager.get(f"/reports/{report_id}/pdf?lang=zh")
        text = pdf_text(zh.data, tmp_path)
        groups = ["无法进入现场或接触设备", "同时段请求过多", "等待备件", "最初分类或派单有误"]
        assert all(f"{group} · 共 1 次" in text for group in groups)
        assert text.count("（未记录原因）") == 1
        assert all(text.index(group) < text.index("（未记录原因）") for group in groups)
        Path("/tmp/report-breaches-zh.pdf").write_bytes(zh.data)  # to look at
        en = pdf_text(manager.get(f"/reports/{report_id}/pdf?lang=en").data, tmp_path)
        assert "Waiting for spare parts · 1 in total" in en and "(no reason recorded)" in en
        # once the report is sent, its breach list is what the client got
        assert act(manager, report_id, "review").status_code == 302
        assert act(manager, report_id, "send", lang="zh").status_code == 302
        late = in_review(manager, report_id, october["T5"], "phone", "workload")
        assert late.status_code == 409
    with app.app_context():
        assert db.session.get(ServiceReport, report_id).figures["sla"]["breach_reasons"][-1] == {
            "code": None,
            "count": 1,
        }


def test_by_device_model_counts_incidents_not_installations(app, october):
    with app.app_context():
        for day in (12, 13, 14):
            open_ticket(
                "employee",
                code="install.new",
                assets=["PRN-002"],
                now=NOW.replace(month=10, day=day),
            )
        found = figures.build(rules.month_period(2026, 10), now=NOW, contract=get_contract())
    (model,) = found["top_issues"]["by_model"]
    assert model["count"] == 2 and model["tickets"] == [october["T1"], october["T8"]]
