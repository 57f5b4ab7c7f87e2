"""Outgoing mail through a real SMTP sink, and incoming mail from a real Dovecot IMAP."""

import pytest

from app.mail.imap import fetch_unseen, mark_processed
from app.mail.inbound import Attachment, parse_message
from app.mail.outbound import SendError, build_message, send_message
from tests.mailservers import ImapServer, SmtpServer, imap_server, smtp_server  # noqa: F401

SENDER = "Deskpact 服务台 <desk@example.test>"
OWN = frozenset({"desk@example.test"})
SUBJECT = "[INC-2026-000123] 您的工单已受理：三楼打印机无法连接"


def _notification(**overrides: object) -> object:
    fields = {
        "sender": SENDER,
        "to": ["张三 <zhangsan@customer.test>", "ops@customer.test"],
        "subject": SUBJECT,
        "text": "您好，工单 INC-2026-000123 已受理。\n工程师将在 30 分钟内联系您。",
        "html": "<p>您好，工单 <b>INC-2026-000123</b> 已受理。</p>",
        "headers": {"X-Deskpact-Ticket": "INC-2026-000123", "In-Reply-To": "<c@customer.test>"},
    }
    fields.update(overrides)
    return build_message(**fields)


def test_build_message_headers_are_ascii_and_loop_safe() -> None:
    msg = _notification(attachments=[Attachment("报告.pdf", "application/pdf", b"%PDF-1.4")])
    raw = msg.as_bytes()
    assert raw.isascii()
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["X-Loop"] == "desk@example.test"
    assert msg["Message-ID"].endswith("@example.test>")
    assert msg["X-Deskpact-Ticket"] == "INC-2026-000123"
    parsed = parse_message(raw, own_addresses=OWN)
    assert parsed.subject == SUBJECT
    assert parsed.from_name == "Deskpact 服务台"
    assert parsed.body_text.startswith("您好，工单 INC-2026-000123 已受理。")
    assert parsed.in_reply_to == "<c@customer.test>"
    assert [(a.filename, a.data) for a in parsed.attachments] == [("报告.pdf", b"%PDF-1.4")]
    assert parsed.is_loop and parsed.is_auto_reply


def test_headers_override_defaults() -> None:
    msg = _notification(headers={"Message-ID": "<fixed@example.test>"})
    assert msg.get_all("Message-ID") == ["<fixed@example.test>"]


def test_round_trip_through_smtp(smtp_server: SmtpServer) -> None:  # noqa: F811
    send_message(_notification(), host=smtp_server.host, port=smtp_server.port)
    [(mail_from, rcpt_tos, raw)] = smtp_server.wait_for(1)
    assert mail_from == "desk@example.test"
    assert rcpt_tos == ["zhangsan@customer.test", "ops@customer.test"]
    parsed = parse_message(raw, own_addresses=OWN)
    assert parsed.subject == SUBJECT
    assert parsed.ticket_number == "INC-2026-000123"
    assert "工程师将在 30 分钟内联系您。" in parsed.body_text
    assert parsed.is_loop


def test_smtp_outage_raises_then_recovers(smtp_server: SmtpServer) -> None:  # noqa: F811
    smtp_server.stop()
    with pytest.raises(SendError):
        send_message(_notification(), host=smtp_server.host, port=smtp_server.port, timeout=2)
    smtp_server.start()
    send_message(_notification(), host=smtp_server.host, port=smtp_server.port)
    assert len(smtp_server.wait_for(1)) == 1
    smtp_server.clear()
    assert smtp_server.messages == []


def _customer_mail(n: int) -> bytes:
    return (
        f"From: customer{n}@customer.test\r\nTo: desk@example.test\r\n"
        f"Subject: Request {n}\r\nMessage-ID: <m{n}@customer.test>\r\n\r\nbody {n}\r\n"
    ).encode("ascii")


def test_imap_fetch_unseen_then_mark_processed(imap_server: ImapServer) -> None:  # noqa: F811
    account = (imap_server.host, imap_server.port, imap_server.user, imap_server.password)
    imap_server.deliver(_customer_mail(1))
    imap_server.deliver(_customer_mail(2))

    fetched = fetch_unseen(*account)
    assert [parse_message(raw, own_addresses=OWN).subject for _, raw in fetched] == [
        "Request 1",
        "Request 2",
    ]
    assert fetch_unseen(*account, limit=1) == fetched[:1]  # fetching does not mark seen

    mark_processed(*account, [uid for uid, _ in fetched])
    assert fetch_unseen(*account) == []
    mark_processed(*account, [])


def test_imap_wrong_password_raises(imap_server: ImapServer) -> None:  # noqa: F811
    with pytest.raises(Exception, match="(?i)auth|login"):
        fetch_unseen(imap_server.host, imap_server.port, imap_server.user, "wrong")
