"""Complaint notices speak each recipient's language (S10)."""

import pytest

from app.accounts.services import user_by_email
from app.contracts.services import get_contract
from app.extensions import db
from tests.complaints.test_complaints import act, file
from tests.conftest import ROLE_EMAILS
from tests.mail.language import assert_speaks, mails_to

EMPLOYEE, MANAGER = ROLE_EMAILS["employee"], ROLE_EMAILS["manager"]
TITLE = {"zh": "工程师迟到了两小时", "en": "The engineer came two hours late"}
OUTCOME = {"zh": "已致歉，到场时间现已跟踪", "en": "Apologised; arrival now tracked"}
# (recipient, phrases), in the order the mails are queued
EXPECTED = {
    "zh": [
        (MANAGER, ("新投诉：工程师迟到了两小时", "Manager Tester，您好：", "严重程度：", "到期：")),
        (
            EMPLOYEE,
            (
                "请确认处理结果：工程师迟到了两小时",
                "处理结果：已致歉",
                "请打开该投诉并接受处理结果",
            ),
        ),
        (MANAGER, ("处理结果已接受：工程师迟到了两小时",)),
    ],
    "en": [
        (
            MANAGER,
            (
                "New complaint: The engineer came two hours late",
                "Hello Manager Tester,",
                "Severity: ",
                "Due: ",
            ),
        ),
        (
            EMPLOYEE,
            (
                "Please confirm the outcome: The engineer came",
                "Outcome: Apologised",
                "accept the outcome",
            ),
        ),
        (MANAGER, ("Outcome accepted: The engineer came two hours late",)),
    ],
}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_complaint_mail_speaks_the_recipients_language(app, users, login_as, language):
    with app.app_context():
        get_contract().customer_service_manager_id = users["manager"]
        for address in (EMPLOYEE, MANAGER):
            user_by_email(address).language = language
        db.session.commit()
    employee, manager = login_as("employee"), login_as("manager")
    number = file(employee, {"title": TITLE[language], "description": ""})
    assert act(manager, number, "resolve", note=OUTCOME[language]).status_code == 302
    assert act(employee, number, "acknowledge").status_code == 302
    with app.app_context():
        sent = {address: mails_to(address) for address in (EMPLOYEE, MANAGER)}
        for address, phrases in EXPECTED[language]:
            message = sent[address].pop(0)
            assert message.subject.startswith(f"[{number}] ")
            assert_speaks(message, "complaint", language, *phrases)
        assert sent == {EMPLOYEE: [], MANAGER: []}
