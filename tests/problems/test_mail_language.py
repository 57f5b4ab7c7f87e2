"""A critical problem's escalation mail speaks each recipient's language (S16, S17)."""

import pytest

from app.contracts.services import get_contract
from app.extensions import db
from tests.conftest import ROLE_EMAILS
from tests.mail.language import assert_speaks, mails_to
from tests.problems.helpers import problem, user

APPROVER = ROLE_EMAILS["approver"]
TITLE = {"zh": "财务部打印机全部停机", "en": "Every Finance printer is down"}
EXPECTED = {
    "zh": (
        "严重问题：财务部打印机全部停机",
        "Approver Tester，您好：",
        "严重程度：严重",
        "责任人：",
    ),
    "en": (
        "Critical problem: Every Finance printer is down",
        "Hello Approver Tester,",
        "Severity: Critical",
        "Owner: ",
    ),
}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_escalation_mail_speaks_the_recipients_language(app, users, language):
    with app.app_context():
        contact = user("approver")
        contact.language = language
        get_contract().client_management_contact_id = contact.id
        made = problem(title=TITLE[language], severity="critical", description="")
        db.session.commit()
        (message,) = mails_to(APPROVER)
        assert message.subject.startswith(f"[{made.number}]")
        assert_speaks(message, "problem_escalation", language, *EXPECTED[language])
