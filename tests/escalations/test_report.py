"""The monthly report counts escalations by kind and by the highest level reached, in both
editions."""

from datetime import UTC, datetime, timedelta

import pytest

from app.contracts.services import get_contract
from app.escalations import services, subjects
from app.extensions import db
from tests.escalations.helpers import set_matrix
from tests.factories import open_ticket, person
from tests.reports.helpers import pdf_text, token_for

OCTOBER = datetime(2026, 10, 12, 2, 0, tzinfo=UTC)


@pytest.fixture
def october(app, users):
    with app.app_context():
        set_matrix("service")
        set_matrix("technical")
        contract = get_contract()
        for day, kind, raised in ((0, "service", 0), (1, "service", 1), (2, "technical", 2)):
            now = OCTOBER + timedelta(days=day)
            ticket = open_ticket(now=now - timedelta(minutes=5))
            escalation = services.open_escalation(
                subjects.of(ticket), kind, "Why", actor=person("agent"), now=now, contract=contract
            )
            for _ in range(raised):
                services.raise_level(escalation, person("agent"), now=now, contract=contract)
        november = datetime(2026, 11, 3, 2, tzinfo=UTC)
        later = open_ticket(now=november - timedelta(minutes=5))
        services.open_escalation(
            subjects.of(later),
            "service",
            "Why",
            actor=person("agent"),
            now=november,
            contract=contract,
        )
        db.session.commit()


def test_the_figures_count_by_kind_and_level(client, october, app):
    f = client.get("/api/v1/reports/monthly/2026-10", headers=token_for(app, "manager")).json
    esc = f["escalations"]
    assert esc["total"] == 3 and esc["still_open"] == 3 and esc["levels"] == [1, 2, 3]
    by_kind = {row["kind"]: row["counts"] for row in esc["by_kind"]}
    assert by_kind == {
        "service": [1, 1, 0],
        "technical": [0, 0, 1],
        "contract": [0, 0, 0],
        "personnel": [0, 0, 0],
    }


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ("升级（3）", "本期共升级 3 次，其中 3 次尚未关闭", "第3级", "技术")),
        (
            "en",
            ("Escalations (3)", "3 escalations were opened in the period", "Level 3", "Technical"),
        ),
    ],
)
def test_both_editions_print_them(client, october, app, tmp_path, lang, words):
    response = client.get(
        f"/api/v1/reports/monthly/2026-10.pdf?lang={lang}", headers=token_for(app, "manager")
    )
    text = " ".join(pdf_text(response.data, tmp_path).split())
    for word in words:
        assert word in text, word
