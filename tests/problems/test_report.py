"""The monthly report's problem-management section, in the figures and both PDF editions."""

from datetime import UTC, datetime, timedelta

import pytest

from app.contracts.services import get_contract
from app.extensions import db
from app.problems import services
from tests.problems.helpers import analysed, incident, printers, user
from tests.reports.helpers import pdf_text, token_for

OCTOBER = datetime(2026, 10, 12, 2, 0, tzinfo=UTC)


@pytest.fixture
def october(app, users):
    """Three stripes tickets in October; a problem opened and resolved then; one left open."""
    with app.app_context():
        printers("PRN-0001")
        numbers = [incident(["PRN-0001"], at=OCTOBER + timedelta(days=n)).number for n in range(3)]
        incident(["PRN-0001"], at=datetime(2026, 11, 1, 1, tzinfo=UTC))  # November's
        get_contract().recurrence_item_incidents = 0
        manager = user("manager")
        fixed = services.open_problem(
            services.NewProblem(title="打印出来有条纹", incident_numbers=numbers[:2]),
            actor=manager,
            now=OCTOBER + timedelta(days=3),
            contract=get_contract(),
        )
        analysed(fixed)
        for step, action in enumerate(("investigate", "root_cause_known", "plan_fix", "resolve")):
            services.act(fixed, action, actor=manager, now=OCTOBER + timedelta(days=4, hours=step))
        services.open_problem(
            services.NewProblem(title="VPN drops every hour", severity="critical"),
            actor=manager,
            now=OCTOBER + timedelta(days=10),
            contract=get_contract(),
        )
        db.session.commit()
        return {"numbers": numbers, "fixed": fixed.number}


def test_the_figures_count_opened_resolved_and_recurring(client, october, app):
    f = client.get("/api/v1/reports/monthly/2026-10", headers=token_for(app, "manager")).json
    section = f["problems"]
    assert (section["opened_total"], section["resolved_total"]) == (2, 1)
    assert section["opened_by_severity"] == {"critical": 1, "major": 1, "minor": 0}
    assert section["open_at_end"] == 1 and f["summary"]["problems_opened"] == 2
    assert section["resolved"][0]["number"] == october["fixed"]
    assert section["resolved"][0]["root_cause"] == "Toner fuser worn out"
    recurring = {(r["kind"], r["key"]): r for r in section["recurring"]}
    printer = recurring[("asset", "PRN-0001")]
    assert printer["count"] == 3 and printer["tickets"] == october["numbers"]
    assert printer["problems"] == [october["fixed"]]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "zh",
            ("7 问题管理", "本期新建问题 2 个，解决 1 个，期末未解决 1 个。", "同一资产", "严重"),
        ),
        ("en", ("7 Problem management", "2 problems opened and 1 resolved", "Same asset")),
    ],
)
def test_both_editions_print_the_section(client, october, app, tmp_path, lang, words):
    response = client.get(
        f"/api/v1/reports/monthly/2026-10.pdf?lang={lang}", headers=token_for(app, "manager")
    )
    text = pdf_text(response.data, tmp_path)
    for word in (*words, october["fixed"], "PRN-0001", "Replace the fuser unit"):
        assert word in text, word
