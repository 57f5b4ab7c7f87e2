"""Send minutes: one mail per attendee in their language, the PDF of that language attached,
delivered through the real SMTP sink."""

import email
from pathlib import Path

import sqlalchemy as sa

from app.extensions import db, utcnow
from app.mail import delivery
from app.mail.models import OutboxMessage
from app.meetings import pdf
from app.meetings.models import Meeting
from tests.conftest import ROLE_EMAILS
from tests.meetings.helpers import item, meeting, user

MINUTES = "## 服务回顾\n\n- 上月工单量 412 张，SLA 达成率 97.8%。\n- 打印机故障占比最高。"


def test_send_minutes_mails_each_attendee_with_the_pdf(
    app, users, login_as, smtp_server, monkeypatch
):
    with app.app_context():
        user("approver").language = "zh"
        made = meeting(
            attendees=("manager", "approver", "agent"),
            minutes_markdown=MINUTES,
            decisions="会议室设备纳入每周巡检",
            external="Frank Schulz",
        )
        item(made, owner="agent", title="整理打印机故障清单")
        db.session.commit()
        meeting_id = made.id
    manager = login_as("manager")
    sent = manager.form(f"/meetings/{meeting_id}/send-minutes", {})
    assert sent.status_code == 302
    assert "3 attendees" in manager.get(sent.headers["Location"]).text
    with app.app_context():
        messages = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert sorted(m.recipient for m in messages) == sorted(
            ROLE_EMAILS[r] for r in ("manager", "approver", "agent")
        )
        by_recipient = {m.recipient: m for m in messages}
        chinese = by_recipient[ROLE_EMAILS["approver"]]
        assert chinese.subject.startswith("会议纪要") and "整理打印机故障清单" in chinese.body_text
        assert chinese.attachment_path.endswith("-zh.pdf")
        assert by_recipient[ROLE_EMAILS["agent"]].attachment_path.endswith("-en.pdf")
        assert db.session.get(Meeting, meeting_id).minutes_sent_at is not None
    for name, value in {
        "SMTP_HOST": smtp_server.host,
        "SMTP_PORT": smtp_server.port,
        "SMTP_USERNAME": None,
        "SMTP_STARTTLS": False,
    }.items():
        monkeypatch.setitem(app.config, name, value)
    with app.app_context():
        delivery.deliver_pending(utcnow())
    received = smtp_server.wait_for(3)
    assert len(received) == 3
    for _, recipients, raw in received:
        parts = [p for p in email.message_from_bytes(raw).walk() if p.get_filename()]
        assert len(parts) == 1 and parts[0].get_content_type() == "application/pdf"
        assert parts[0].get_payload(decode=True).startswith(b"%PDF")
        language = "zh" if recipients == [ROLE_EMAILS["approver"]] else "en"
        assert parts[0].get_filename().endswith(f"-{language}.pdf")


def test_the_minutes_pdf_renders_in_both_languages(app, users, tmp_path):
    with app.app_context():
        made = meeting(minutes_markdown=MINUTES, decisions="会议室设备纳入每周巡检")
        item(made, owner="agent", title="整理打印机故障清单")
        db.session.commit()
        for lang in ("zh", "en"):
            data = pdf.render(made, lang)
            assert data.startswith(b"%PDF")
            Path(f"/tmp/meeting-minutes-{lang}.pdf").write_bytes(data)


def test_nobody_to_mail(app, users, login_as):
    with app.app_context():
        meeting_id = meeting(attendees=()).id
        db.session.commit()
    manager = login_as("manager")
    response = manager.form(f"/meetings/{meeting_id}/send-minutes", {})
    assert response.status_code == 302
    assert "No attendee has a mail address." in manager.get(response.headers["Location"]).text
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0
