"""The mail carrying a service report speaks the language of the edition chosen (the PDF's)."""

import pytest
import sqlalchemy as sa

from app.accounts.services import user_by_email
from app.extensions import db
from app.mail.models import OutboxMessage
from tests.conftest import ROLE_EMAILS
from tests.mail.language import assert_speaks
from tests.reports.test_workflow import act, generate

LEAD = ROLE_EMAILS["approver"]  # the client's project lead in the October data
EXPECTED = {
    "zh": (
        "示例客户有限公司 · 月度服务报告 · 2026-10 v1",
        "附件为示例客户有限公司 · 月度服务报告 · 2026-10 v1，请查收。",
        "受理工单：",
        "服务水平达成率：",
        "客户满意度：50.0 %（目标 85 %）",
        "请点击以下链接一键确认收到",
    ),
    "en": (
        "示例客户有限公司 · Monthly service report · 2026-10 v1",
        "Please find attached the 示例客户有限公司 · Monthly service report · 2026-10 v1.",
        "Tickets received: ",
        "Service levels attained: ",
        "Customer satisfaction: 50.0 % (target 85 %)",
        "Please confirm receipt with one click",
    ),
}


@pytest.mark.parametrize(("edition", "lead_language"), [("zh", "en"), ("en", "zh")])
def test_the_report_mail_follows_the_edition_not_the_leads_setting(
    app, login_as, october, edition, lead_language
):
    with app.app_context():
        user_by_email(LEAD).language = lead_language
        db.session.commit()
    manager = login_as("manager")  # an English page sends it
    report_id = generate(manager)
    assert act(manager, report_id, "review").status_code == 302
    assert act(manager, report_id, "send", lang=edition).status_code == 302
    with app.app_context():
        message = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.recipient == LEAD))
        assert message.attachment_path.endswith(f"-{edition}.pdf")
        assert_speaks(message, "report_sent", edition, *EXPECTED[edition])
