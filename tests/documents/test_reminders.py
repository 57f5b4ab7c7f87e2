"""Overdue reviews are mailed to each document's owner once per due date, in their language."""

from datetime import timedelta

import pytest

from app.documents import jobs
from app.documents.rules import local_day
from app.extensions import db, utcnow
from tests.conftest import ROLE_EMAILS
from tests.documents.helpers import document
from tests.factories import person
from tests.mail.language import assert_speaks, mails_to

PHRASES = {
    "zh": ("文档复核已逾期", "网络配置", "Agent Tester，您好："),
    "en": ("Documents overdue for review: 1", "网络配置", "Hello Agent Tester,"),
}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_owner_is_reminded_once_per_due_date(app, users, language):
    with app.app_context():
        person("agent").language = language
        made = document("网络配置", kind="system_config", owner="agent", text="VLAN")
        made.next_review_on = local_day(utcnow()) - timedelta(days=1)
        document("未到期", kind="manual", owner="agent", text="x")
        db.session.commit()
        assert jobs.remind(utcnow()) == 1
        db.session.commit()
        assert jobs.remind(utcnow()) == 0
        mails = mails_to(ROLE_EMAILS["agent"])
        assert len(mails) == 1 and "未到期" not in mails[0].body_text
        assert_speaks(mails[0], "document_review", language, *PHRASES[language])
        made.next_review_on -= timedelta(days=1)  # a later due date is reminded again
        db.session.commit()
        assert jobs.remind(utcnow()) == 1
