"""The monthly report counts the requests the knowledge base answered, in both editions."""

from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db
from app.knowledge import services
from tests.factories import person
from tests.knowledge.helpers import article
from tests.reports.helpers import pdf_text, token_for

OCTOBER = datetime(2026, 10, 12, 2, 0, tzinfo=UTC)


@pytest.fixture
def october(app, users):
    with app.app_context():
        wifi = article("Wi-Fi 证书过期", also=("en", "Wi-Fi certificate expired", "Renew it."))
        vpn = article("VPN 无法连接")
        employee = person("employee")
        for day, answer in ((0, wifi), (2, wifi), (5, vpn)):
            services.deflect(answer, employee, "wifi", now=OCTOBER + timedelta(days=day))
        services.deflect(vpn, employee, "vpn", now=datetime(2026, 11, 2, 2, tzinfo=UTC))
        db.session.commit()


def test_the_figures_count_the_answered_requests(client, october, app):
    f = client.get("/api/v1/reports/monthly/2026-10", headers=token_for(app, "manager")).json
    assert f["knowledge"]["deflected"] == 3 and f["summary"]["deflected"] == 3
    assert f["knowledge"]["top"][0] == {
        "title_zh": "Wi-Fi 证书过期",
        "title_en": "Wi-Fi certificate expired",
        "count": 2,
    }


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "zh",
            ("知识库解决的请求（3）", "本期有 3 个请求在提交前由知识文章解决", "Wi-Fi 证书过期"),
        ),
        ("en", ("Requests answered by the knowledge base (3)", "Wi-Fi certificate expired")),
    ],
)
def test_both_editions_print_them(client, october, app, tmp_path, lang, words):
    response = client.get(
        f"/api/v1/reports/monthly/2026-10.pdf?lang={lang}", headers=token_for(app, "manager")
    )
    text = " ".join(pdf_text(response.data, tmp_path).split())
    for word in words:
        assert word in text, word
