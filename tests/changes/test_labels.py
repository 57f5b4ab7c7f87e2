"""What change pages say in the reader's language: the risk reason (S15) and the history's
"created" action."""

import re
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask_babel import force_locale, gettext

from app.accounts.models import User
from app.changes import labels
from app.extensions import db
from tests.changes.helpers import new_change
from tests.changes.test_links import submitted
from tests.conftest import ROLE_EMAILS

RISK_REASON = re.compile(r'data-testid="risk-reason">([^<]*)<')
LEVEL_CODES = re.compile(r"\b(low|medium|high)\b")
REASON = "likelihood %(likelihood)s × impact %(impact)s = %(score)d → %(level)s"


def speaks_chinese(app, role: str) -> None:
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.email == ROLE_EMAILS[role])).language = "zh"
        db.session.commit()


@pytest.mark.parametrize(
    ("lang", "levels"),
    [("en", ("Low", "Medium", "Low")), ("zh", ("低", "中", "低"))],
)
def test_the_risk_reason_is_worded_when_it_is_read(app, lang, levels):
    change = SimpleNamespace(risk_likelihood="low", risk_impact="medium", risk_reason="")
    with app.test_request_context(), force_locale(lang):
        text = labels.risk_reason(change)
        likelihood, impact, level = levels
        expected = gettext(REASON, likelihood=likelihood, impact=impact, score=2, level=level)
    assert text == expected
    assert not LEVEL_CODES.search(text)
    if lang == "en":
        assert text == "likelihood Low × impact Medium = 2 → Low"


def test_an_old_row_whose_parts_cannot_be_read_keeps_its_stored_text(app):
    change = SimpleNamespace(risk_likelihood="", risk_impact="", risk_reason="likelihood ? = 4")
    with app.test_request_context(), force_locale("zh"):
        assert labels.risk_reason(change) == "likelihood ? = 4"


def test_the_change_page_shows_the_risk_in_chinese(app, login_as):
    with app.app_context():
        number = new_change(risk_likelihood="medium", risk_impact="high").number
        db.session.commit()
    speaks_chinese(app, "agent")
    page = login_as("agent").get(f"/changes/{number}").get_data(as_text=True)
    (reason,) = set(RISK_REASON.findall(page))
    assert "中" in reason and "= 6 → 高" in reason
    assert not LEVEL_CODES.search(reason), reason


def test_the_approvers_mail_link_page_shows_the_risk_in_chinese(app, client, users):
    path = submitted(app)  # likelihood medium × impact high
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    page = client.get(path).get_data(as_text=True)
    (reason,) = RISK_REASON.findall(page)
    assert "= 6 → 高" in reason and not LEVEL_CODES.search(reason), reason


def test_the_history_names_the_created_action_not_a_time_column(app):
    with app.test_request_context(), force_locale("en"):
        assert str(labels.ACTION_LABELS["created"]) == "Change created"
        assert gettext("Created") != str(labels.ACTION_LABELS["created"])  # the time column
