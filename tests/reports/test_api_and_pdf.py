"""The API's JSON and PDF print the same numbers; the Chinese edition is Chinese; bad input
is refused with a clear 400."""

import pytest

from app.extensions import utcnow
from app.reports import rules
from tests.reports.helpers import pdf_pages, pdf_text, token_for

HEADINGS_ZH = (
    "月度服务报告",
    "示例客户有限公司",
    "示例服务商",
    "1 执行摘要",
    "2 工单量",
    "3 服务水平达成",
    "违约明细及原因",
    "4 客户满意度及问卷回复率",
    "5 投诉及重大事件",
    "6 高发问题（问题管理输入）",
    "7 问题管理",
    "本期新建的问题",
    "重复发生的故障",
    "8 变更",
    "9 资产变动、送修及保修到期",
    "10 人员配置",
)


@pytest.fixture
def manager(app, users):
    return token_for(app, "manager")


def test_json_and_chinese_pdf_print_the_same_numbers(app, client, october, manager, tmp_path):
    figures = client.get("/api/v1/reports/monthly/2026-10", headers=manager)
    assert figures.status_code == 200, figures.json
    f = figures.json
    assert f["report"]["stored"] is True and f["report"]["version"] == 1
    assert f["sla"]["overall"]["percent"] == 75.0
    response = client.get("/api/v1/reports/monthly/2026-10.pdf?lang=zh", headers=manager)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data, tmp_path)
    for heading in HEADINGS_ZH:
        assert heading in text, heading
    pages = pdf_pages(response.data, tmp_path)
    assert f"第 {pages} 页，共 {pages} 页" in text  # page numbers in the margin boxes
    assert "版本 1" in text  # the running header
    # every attainment the JSON gives is printed, and so are the breaches and their reasons
    for row in f["sla"]["rows"]:
        if row["percent"] is not None:
            assert f"{row['percent']:.1f}%" in text, row
    summary = f["summary"]
    assert f"{summary['sla_percent']:.1f}%" in text
    assert f"{summary['satisfaction_percent']:.1f}%" in text
    assert f"{f['satisfaction']['response_rate']:.1f}%" in text
    for breach in f["sla"]["breaches"]:
        assert breach["number"] in text
    assert "Spare disk arrived late" in text
    assert "LaserJet M404" in text and "CHG-2026-000001" in text
    # a second call answers from the stored version: nothing new is generated
    again = client.get("/api/v1/reports/monthly/2026-10", headers=manager).json
    assert again["report"]["version"] == 1 and again["as_of"] == f["as_of"]


def test_english_edition(app, client, october, manager, tmp_path):
    response = client.get("/api/v1/reports/monthly/2026-10.pdf?lang=en", headers=manager)
    text = pdf_text(response.data, tmp_path)
    for heading in (
        "Monthly service report",
        "1 Executive summary",
        "3 Service-level attainment",
        "Breaches and their reasons",
        "Page 1 of",
    ):
        assert heading in text, heading
    assert "75.0%" in text


@pytest.mark.parametrize(
    ("url", "field", "words"),
    [
        ("/api/v1/reports/monthly/2026-13", "period", "01 to 12"),
        ("/api/v1/reports/monthly/2099-01", "period", "in the future"),
        ("/api/v1/reports/monthly/October", "period", "YYYY-MM"),
        ("/api/v1/reports/monthly/2026-13.pdf", "period", "01 to 12"),
        ("/api/v1/reports/monthly/2026-10.pdf?lang=fr", "lang", "zh or en"),
        ("/api/v1/reports/monthly/2026-10?lang=de", "lang", "zh or en"),
        ("/api/v1/reports/quarterly/2026-Q5", "period", "Q1 to Q4"),
        ("/api/v1/reports/monthly/2026-10?version=x", "version", "version"),
    ],
)
def test_bad_input_is_a_clear_400(client, manager, url, field, words):
    response = client.get(url, headers=manager)
    assert response.status_code == 400
    error = response.json["error"]
    assert error["code"] == "validation_error"
    assert words in error["fields"][field]


def test_unknown_version_is_404(client, october, manager):
    response = client.get("/api/v1/reports/monthly/2026-10?version=7", headers=manager)
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["employee", "approver", "agent", "engineer"])
def test_only_managers(app, client, users, role):
    headers = token_for(app, role)
    assert client.get("/api/v1/reports/monthly/2026-10", headers=headers).status_code == 403
    assert client.get("/api/v1/reports/monthly/2026-10.pdf", headers=headers).status_code == 403


def test_admin_may_and_anonymous_may_not(app, client, users):
    assert client.get("/api/v1/reports/monthly/2026-10").status_code == 401
    admin = token_for(app, "admin")
    assert client.get("/api/v1/reports/monthly/2026-10", headers=admin).status_code == 200


def test_the_current_month_is_live_and_not_stored(client, users, manager):
    month = rules.month_of(rules.local_date(utcnow())).label
    first = client.get(f"/api/v1/reports/monthly/{month}", headers=manager).json
    assert first["report"] == {
        "version": None,
        "status": "live",
        "stored": False,
        "generated_at": first["as_of"],
    }
    assert (
        client.get("/api/v1/reports/monthly/2026-10", headers=manager).json["report"]["version"]
        == 1
    )


def test_quarterly_pdf_has_trend_lines(client, october, manager, tmp_path):
    response = client.get("/api/v1/reports/quarterly/2026-Q4.pdf?lang=zh", headers=manager)
    if rules.quarter_period(2026, 4).last >= rules.local_date(utcnow()):
        assert response.status_code == 200  # live while the quarter lasts
    text = pdf_text(response.data, tmp_path)
    assert "季度服务报告" in text and "11 季度趋势" in text and "每月工单量" in text
