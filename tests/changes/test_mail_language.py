"""Change mail speaks each recipient's language (S15)."""

import pytest

from app.accounts.services import user_by_email
from app.contracts.services import get_contract
from app.extensions import db
from tests.changes.helpers import new_change, step, user
from tests.conftest import ROLE_EMAILS
from tests.mail.language import assert_speaks, mails_to

APPROVER, AGENT = ROLE_EMAILS["approver"], ROLE_EMAILS["agent"]
TITLE = {"zh": "打印服务器驱动升级", "en": "Update the print-server driver"}
# (recipient, template, phrases), in the order the mails are queued
EXPECTED = {
    "zh": [
        (
            APPROVER,
            "change_approval",
            (
                "待审批：打印服务器驱动升级",
                "需要您审批",
                "风险：高（可能性 中 × 影响 高）",
                "类型：普通（特殊） · 类别：打印机设置",
                "变更窗口：2026-11-28 10:00 – 2026-11-28 12:00",
                "一键批准",
            ),
        ),
        (
            AGENT,
            "change_decided",
            (
                "关于 打印服务器驱动升级 的审批决定",
                "Approver Tester 已批准变更",
                "审批时间：2026-11-25 10:00 · 门户",
            ),
        ),
        (
            APPROVER,
            "change_announce",
            (
                "计划变更：打印服务器驱动升级",
                "服务商计划实施以下变更",
                "变更窗口：2026-11-28 10:00 – 2026-11-28 12:00",
            ),
        ),
    ],
    "en": [
        (
            APPROVER,
            "change_approval",
            (
                "Approval needed: Update the print-server driver",
                "needs your approval",
                "Risk: High (likelihood Medium × impact High)",
                "Kind: Normal (special) · Category: Printer settings",
                "Window: 2026-11-28 10:00 – 2026-11-28 12:00",
                "approve with one click",
            ),
        ),
        (
            AGENT,
            "change_decided",
            (
                "Decision on Update the print-server driver",
                "Approver Tester approved change",
                "Decided at: 2026-11-25 10:00 · portal",
            ),
        ),
        (
            APPROVER,
            "change_announce",
            (
                "Planned change: Update the print-server driver",
                "The vendor plans this change",
                "Window: 2026-11-28 10:00 – 2026-11-28 12:00",
            ),
        ),
    ],
}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_change_mail_speaks_the_recipients_language(ctx, users, language):
    for address in (APPROVER, AGENT):
        user_by_email(address).language = language
    get_contract().client_it_contact_id = user("approver").id
    change = new_change(title=TITLE[language])
    step(change, "submit", "approve", "schedule", note="")
    db.session.commit()
    sent = {address: mails_to(address) for address in (APPROVER, AGENT)}
    for address, template, phrases in EXPECTED[language]:
        message = sent[address].pop(0)
        assert message.subject.startswith(f"[{change.number}] ")
        assert_speaks(message, template, language, *phrases)
    assert sent == {APPROVER: [], AGENT: []}
