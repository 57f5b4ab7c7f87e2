"""Scores against hand-computed numbers: the page, the API, the manager's panel."""

from datetime import UTC, date, datetime, timedelta

import pytest

from app.accounts.services import issue_token, user_by_email
from app.contracts.services import get_contract
from app.extensions import db
from app.surveys import queries
from tests.conftest import ROLE_EMAILS, make_user
from tests.factories import closed_ticket
from tests.surveys.helpers import answer, invitation_of

SEPT = datetime(2026, 9, 7, 2, 0, tzinfo=UTC)
OCT = datetime(2026, 10, 5, 2, 0, tzinfo=UTC)


def survey_month(users, start, ratings, unanswered: int, group="sys.network"):
    """One ticket survey per rating (each from a new employee), plus unanswered ones."""
    for index, rating in enumerate([*ratings, *[None] * unanswered]):
        person = make_user("employee", f"p{start.month}-{index}@client.test")
        db.session.commit()
        at = start + timedelta(hours=index)
        ticket = closed_ticket(
            person.id, users["agent"], now=at, engineer=users["engineer"], code=group
        )
        if rating is not None:
            answer(invitation_of(ticket), {"overall": str(rating)}, now=at + timedelta(hours=1))


@pytest.fixture
def scored(app, users):
    """September: 8 answers of 10 sent, 5 satisfied → 62.5 %, 80 %.
    October: 4 answers of 4 sent, all 4 or 5 → 100 %."""
    with app.test_request_context():
        survey_month(users, SEPT, [5, 4, 4, 3, 2, 1, 5, 4], unanswered=2)
        survey_month(users, OCT, [5, 5, 4, 4], unanswered=0, group="hw.printer")
        db.session.remove()


def test_scores_match_the_hand_computed_numbers(app, scored):
    with app.app_context():
        contract = get_contract()
        september = queries.scores(date(2026, 9, 1), date(2026, 9, 30), contract=contract)
        assert (september.sent, september.responses) == (10, 8)
        assert september.response_rate == 80.0
        assert september.satisfaction_percent == 62.5
        assert september.below_target
        both = queries.scores(date(2026, 9, 1), date(2026, 10, 31), contract=contract)
        assert (both.sent, both.responses, both.satisfaction_percent) == (14, 12, 75.0)
        # a stricter definition (a setting): only a 5 counts as satisfied → 2 + 2 of 12
        contract.satisfaction_good_rating = 5
        strict = queries.scores(date(2026, 9, 1), date(2026, 10, 31), contract=contract)
        assert strict.satisfaction_percent == pytest.approx(100 * 4 / 12)
        db.session.rollback()
        months = queries.monthly(date(2026, 9, 1), date(2026, 11, 30), contract=contract)
        assert [(m.isoformat(), s.satisfaction_percent) for m, s in months] == [
            ("2026-09-01", 62.5),
            ("2026-10-01", 100.0),
            ("2026-11-01", None),
        ]


def test_breakdowns_by_engineer_group_and_department(app, scored, users):
    with app.app_context():
        contract = get_contract()
        rows = queries.breakdown(
            date(2026, 9, 1), date(2026, 10, 31), "group", lang="en", contract=contract
        )
        assert [(r.label, r.responses, r.satisfaction_percent) for r in rows] == [
            ("System", 8, 62.5),
            ("Hardware", 4, 100.0),
        ]
        (engineer,) = queries.breakdown(
            date(2026, 9, 1), date(2026, 10, 31), "engineer", lang="en", contract=contract
        )
        assert (engineer.key, engineer.responses, engineer.satisfaction_percent) == (
            users["engineer"],
            12,
            75.0,
        )


def api(app, role):
    with app.app_context():
        token = issue_token(user_by_email(ROLE_EMAILS[role]), actor=None, label="t")
        db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_api_results(app, client, scored):
    headers = api(app, "manager")
    body = client.get("/api/v1/surveys/results?from=2026-09-01&to=2026-09-30", headers=headers).json
    assert body == {
        "from": "2026-09-01",
        "to": "2026-09-30",
        "responses": 8,
        "sent": 10,
        "response_rate": 80.0,
        "satisfaction_percent": 62.5,
        "target_percent": 85,
        "satisfied_from_rating": 4,
    }
    empty = client.get("/api/v1/surveys/results?from=2026-01-01&to=2026-01-31", headers=headers)
    assert empty.json["satisfaction_percent"] is None and empty.json["response_rate"] is None
    ticket_only = client.get(
        "/api/v1/surveys/results?from=2026-09-01&to=2026-10-31&source=campaign", headers=headers
    ).json
    assert ticket_only["sent"] == 0


@pytest.mark.parametrize(
    "query", ["from=2026-02-30", "to=soon", "from=2026-10-01&to=2026-09-01", "source=everyone"]
)
def test_api_results_refuses_bad_periods(app, client, users, query):
    response = client.get(f"/api/v1/surveys/results?{query}", headers=api(app, "manager"))
    assert response.status_code == 400
    assert response.json["error"]["code"] == "validation_error"


def test_api_results_are_for_managers(app, client, users):
    response = client.get("/api/v1/surveys/results", headers=api(app, "employee"))
    assert response.status_code == 403


def test_results_page_shows_definition_trend_and_red_month(app, scored, login_as):
    manager = login_as("manager")
    page = manager.get("/surveys/results?from=2026-09-01&to=2026-10-31")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "75.0 %" in body
    assert "overall rating is 4 or higher" in body  # the definition is on the page
    assert "<svg" in body and 'font-family="Noto Sans CJK SC, sans-serif"' in body
    assert "Target 85 %" in body
    assert 'class="below-target"' in body  # September's row
    fragment = manager.get(
        "/surveys/results?from=2026-09-01&to=2026-09-30", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert fragment.strip().startswith('<div id="results">') and "<html" not in fragment
    assert "62.5 %" in fragment


def test_bad_dates_on_the_page_fall_back_with_a_message(app, users, login_as):
    page = login_as("manager").get("/surveys/results?from=someday")
    assert page.status_code == 200
    assert "Use dates like 2026-01-31" in page.get_data(as_text=True)


def test_manager_panel_turns_red_below_target(app, users, login_as):
    from unittest import mock

    now = datetime(2026, 9, 20, 2, 0, tzinfo=UTC)
    with app.test_request_context():
        survey_month(users, SEPT, [5, 2, 2], unanswered=1)
        db.session.remove()
    manager = login_as("manager")
    with mock.patch("app.surveys.panels.utcnow", return_value=now):
        home = manager.get("/").get_data(as_text=True)
    assert 'data-testid="satisfaction-panel"' in home
    assert "33.3 %" in home and "Below the 85 % target this month." in home
    assert 'class="card below-target"' in home
    assert "response rate (3 of 4)" in home
    assert 'data-testid="open-complaints"><div class="value">2</div>' in home  # two ratings of 2


def test_manager_panel_is_not_red_without_answers(app, users, login_as):
    home = login_as("manager").get("/").get_data(as_text=True)
    assert 'data-testid="satisfaction-panel"' in home
    assert "below-target" not in home
