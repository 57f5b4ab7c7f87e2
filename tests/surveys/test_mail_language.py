"""Survey invitations and reminders speak the invitee's language, from the worker too."""

from datetime import timedelta

import pytest

from app.accounts.models import User
from app.accounts.services import user_by_email
from app.contracts.services import get_contract
from app.extensions import db
from app.surveys import rules, services
from app.worker import run_once
from tests.conftest import ROLE_EMAILS
from tests.factories import closed_ticket
from tests.mail.language import assert_speaks, mails_to
from tests.surveys.helpers import NOW

EMPLOYEE, APPROVER = ROLE_EMAILS["employee"], ROLE_EMAILS["approver"]
TODAY = rules.local_date(NOW)
EXPECTED = {
    "zh": {
        "survey": (
            "我们的服务如何？",
            "您对本次服务的总体满意度如何",
            "请点击一个评分：",
            "5 ★★★★★ 非常满意",
            "以上链接在 2026-12-07 前有效",
        ),
        "invitation": (
            "2026 年度 IT 服务满意度调查",
            "服务商为客户公司提供 IT 服务",
            "问卷将于 2026-12-02 截止",
        ),
        "reminder": (
            "提醒：2026 年度 IT 服务满意度调查",
            "温馨提醒：我们尚未收到您的答复",
            "请点击一个评分：",
        ),
    },
    "en": {
        "survey": (
            "How did we do?",
            "Overall, how satisfied",
            "Click one rating:",
            "5 ★★★★★ Very satisfied",
            "The links work until 2026-12-07",
        ),
        "invitation": (
            "IT service survey 2026",
            "runs the IT service for",
            "The survey closes on 2026-12-02",
        ),
        "reminder": (
            "Reminder: IT service survey 2026",
            "we have not received your answer yet",
            "Click one rating:",
        ),
    },
}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_survey_mail_speaks_the_invitees_language(app, users, language):
    with app.app_context():  # no request: the ticket closes, the survey goes out
        for address in (EMPLOYEE, APPROVER):
            user_by_email(address).language = language
        db.session.commit()
        ticket = closed_ticket(users["employee"], users["agent"])
        (survey,) = [m for m in mails_to(EMPLOYEE) if "/s/" in m.body_text]
        assert ticket.number in survey.subject
        assert_speaks(survey, "survey", language, *EXPECTED[language]["survey"])

        campaign = services.create_campaign(
            services.NewCampaign(
                title_zh="2026 年度 IT 服务满意度调查",
                title_en="IT service survey 2026",
                audience="all",
                opens_on=TODAY + timedelta(days=2),
                closes_on=TODAY + timedelta(days=9),
            ),
            actor=db.session.get(User, users["manager"]),
            now=NOW,
            contract=get_contract(),
        )
        db.session.commit()
        opening = rules.local_day_start(TODAY + timedelta(days=2))
        reminding = campaign.closes_at - timedelta(days=3)
    with app.app_context():  # the worker opens the campaign, then reminds
        assert run_once(["survey_campaigns"], now=opening)["survey_campaigns"]["invited"] == 2
        assert run_once(["survey_campaigns"], now=reminding)["survey_campaigns"]["reminded"] == 2
        for address in (EMPLOYEE, APPROVER):
            invitation, reminder = [m for m in mails_to(address) if "/s/" in m.body_text][-2:]
            assert_speaks(
                invitation, "survey_campaign", language, *EXPECTED[language]["invitation"]
            )
            assert_speaks(reminder, "survey_campaign", language, *EXPECTED[language]["reminder"])
