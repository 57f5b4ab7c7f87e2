"""Settlement mail speaks its reader's language: the sheet to the lead, answers and late steps
to the manager (S21)."""

import pytest

from app.accounts.services import user_by_email
from app.contracts.services import get_contract
from app.extensions import db
from app.settlements import services
from tests.conftest import ROLE_EMAILS
from tests.mail.language import assert_speaks, mails_to
from tests.settlements.helpers import NOVEMBER_4
from tests.settlements.test_flow import setup_october


@pytest.mark.parametrize(
    ("language", "sent", "answered", "late"),
    [
        (
            "zh",
            ("服务费用结算表", "附件是 2026-10 的服务费用结算表", "请于以下日期前答复：2026-11-10"),
            ("结算有异议", "客户对 2026-10 的结算表提出异议", "请以调整项更正后重新发送"),
            ("客户尚未答复 2026-10 的结算表",),
        ),
        (
            "en",
            ("Service fee settlement sheet", "Please answer by: 2026-11-10", "38,023.95"),
            ("Settlement disputed", "The client disputed the settlement sheet of 2026-10:"),
            ("The client has not answered the settlement sheet of 2026-10",),
        ),
    ],
)
def test_settlement_mail_language(app, users, november, language, sent, answered, late):
    setup_october(app)
    with app.app_context():
        for role in ("approver", "manager"):
            user_by_email(ROLE_EMAILS[role]).language = language
        contract = get_contract()
        sheet = services.store_draft(2026, 10, contract=contract, now=NOVEMBER_4)
        services.send(sheet, contract=contract, actor=None, now=NOVEMBER_4)
        (to_lead,) = mails_to(ROLE_EMAILS["approver"])
        assert_speaks(to_lead, "settlement_sent", language, *sent)
        assert to_lead.attachment_path.endswith(f"settlement-2026-10-{language}.xlsx")
        lead = user_by_email(ROLE_EMAILS["approver"])
        services.answer(sheet, "dispute", "天数不对", contract=contract, actor=lead, now=NOVEMBER_4)
        (to_manager,) = mails_to(ROLE_EMAILS["manager"])
        assert_speaks(to_manager, "settlement_answered", language, *answered, "天数不对")
        services.send(sheet, contract=contract, actor=None, now=NOVEMBER_4)
        services.remind("2026-10", "confirm", contract=contract, now=NOVEMBER_4)
        reminder = mails_to(ROLE_EMAILS["manager"])[-1]
        assert_speaks(reminder, "settlement_overdue", language, *late)
        db.session.rollback()
