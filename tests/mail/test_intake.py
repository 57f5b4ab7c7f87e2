"""Incoming mail through a real Dovecot and the mail_in job: tickets, replies, exactly once."""

from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.utils import formatdate

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.mail import intake
from app.mail.models import InboundMessage, OutboxMessage
from app.tickets.models import Attachment, Ticket, TicketEvent
from app.worker import run_once
from tests.conftest import ROLE_EMAILS, make_user
from tests.mailservers import ImapServer

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 in Beijing
DESK = "servicedesk@deskpact.test"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
MALFORMED = (
    b"From: Wang Wu <wang@client.test>\r\n"
    b"Subject: broken\r\n"
    b"Message-ID: <broken@client.test>\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: multipart/mixed\r\n"
    b"\r\n"
    b"--x\r\nContent-Type: text/plain\r\n\r\nstill readable\r\n--x--\r\n"
)


@pytest.fixture
def mailbox(app, monkeypatch, imap_server: ImapServer):
    """The app reads the test Dovecot's INBOX; monkeypatch restores the session-wide config."""
    values = {
        "IMAP_HOST": imap_server.host,
        "IMAP_PORT": imap_server.port,
        "IMAP_USERNAME": imap_server.user,
        "IMAP_PASSWORD": imap_server.password,
        "IMAP_SSL": False,
        "MAIL_SENDER": f"Deskpact 服务台 <{DESK}>",
    }
    for name, value in values.items():
        monkeypatch.setitem(app.config, name, value)
    yield imap_server


def mail(
    sender: str,
    subject: str,
    body: str = "",
    *,
    message_id: str,
    headers: dict[str, str] | None = None,
    files: tuple[tuple[str, str, bytes], ...] = (),
) -> bytes:
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = sender
    msg["To"] = DESK
    msg["Subject"] = subject
    msg["Date"] = formatdate(usegmt=True)
    msg["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body or "\n")
    for filename, content_type, data in files:
        maintype, subtype = content_type.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def run_mail_in() -> object:
    return run_once(["mail_in"], holder="test", now=NOW)["mail_in"]


def tickets() -> list[Ticket]:
    return db.session.scalars(sa.select(Ticket).order_by(Ticket.id)).all()


def outcomes() -> dict[str, str]:
    rows = db.session.scalars(sa.select(InboundMessage)).all()
    return {row.message_id: row.outcome for row in rows}


def test_mail_in_opens_replies_ignores_and_never_repeats(app, ctx, users, mailbox):
    employee = ROLE_EMAILS["employee"]
    first = mail(
        f"Employee Tester <{employee}>",
        "三楼打印机无法打印",
        "打印机显示卡纸，已重启仍不行。",
        message_id="<m1@client.test>",
    )
    mailbox.deliver(first)
    mailbox.deliver(first)  # the same Message-ID twice
    assert run_mail_in() == 2

    (ticket,) = tickets()
    assert ticket.number == "INC-2026-000001"
    assert (ticket.channel, ticket.requester.email, ticket.needs_triage) == (
        "email",
        employee,
        False,
    )
    assert ticket.title == "三楼打印机无法打印"
    assert "卡纸" in ticket.description
    assert ticket.catalog_item.code == "sw.client"
    assert (ticket.urgency, ticket.impact) == ("medium", "low")
    (ack,) = db.session.scalars(sa.select(OutboxMessage)).all()
    assert ack.recipient == employee
    assert ack.subject.startswith("[INC-2026-000001] ")
    assert "http://" in ack.body_text and "/tickets/INC-2026-000001" in ack.body_text

    mailbox.deliver(
        mail(
            f"Employee Tester <{employee}>",
            "Re: [INC-2026-000001] We have your request: 三楼打印机无法打印",
            "附上截图。",
            message_id="<m2@client.test>",
            files=(("截图.png", "image/png", PNG), ("tool.exe", "application/octet-stream", b"MZ")),
        )
    )
    mailbox.deliver(
        mail("Stranger <stranger@elsewhere.test>", "", "我的电脑蓝屏了", message_id="<m3@x.test>")
    )
    mailbox.deliver(
        mail(
            f"Employee Tester <{employee}>",
            "Automatic reply: 三楼打印机无法打印",
            "I am away.",
            message_id="<m4@client.test>",
            headers={"Auto-Submitted": "auto-replied"},
        )
    )
    mailbox.deliver(
        mail(employee, "自动回复：我不在办公室", "我不在办公室。", message_id="<m5@client.test>")
    )
    mailbox.deliver(MALFORMED)
    assert run_mail_in() == 5
    assert run_mail_in() == 0  # everything was marked processed

    db.session.expire_all()
    first_ticket, unknown, broken = tickets()
    assert first_ticket.id == ticket.id
    comment = db.session.scalars(
        sa.select(TicketEvent).where(
            TicketEvent.ticket_id == ticket.id, TicketEvent.action == "comment"
        )
    ).one()
    assert comment.public and comment.actor_id == users["employee"]
    assert comment.note.startswith("附上截图。")
    assert "tool.exe" in comment.note  # refused, and said so
    (kept,) = db.session.scalars(sa.select(Attachment).where(Attachment.ticket_id == ticket.id))
    assert (kept.content_type, kept.size, kept.public) == ("image/png", len(PNG), True)
    assert kept.filename == "截图.png"  # Chinese file names are kept as they are

    assert unknown.title == "(no subject)"
    assert (unknown.requester, unknown.requester_contact) == (None, "stranger@elsewhere.test")
    assert unknown.needs_triage and unknown.channel == "email"

    assert broken.needs_triage and broken.requester is None
    assert "still readable" in broken.description
    assert "Boundary" in broken.description

    assert outcomes() == {
        "<m1@client.test>": "opened",
        "<m2@client.test>": "replied",
        "<m3@x.test>": "opened",
        "<m4@client.test>": "ignored",
        "<m5@client.test>": "ignored",
        "<broken@client.test>": "triage",
    }
    # acknowledgements: the first mail, the stranger and the malformed mail's sender
    recipients = sorted(db.session.scalars(sa.select(OutboxMessage.recipient)))
    assert recipients == sorted([employee, "stranger@elsewhere.test", "wang@client.test"])


def test_reply_from_staff_and_from_a_third_person(app, ctx, users, mailbox):
    employee = ROLE_EMAILS["employee"]
    mailbox.deliver(mail(employee, "VPN 连不上", "无法连接", message_id="<a@client.test>"))
    assert run_mail_in() == 1
    mailbox.deliver(
        mail(ROLE_EMAILS["agent"], "RE: [INC-2026-000001] VPN", "请重启", message_id="<b@v.test>")
    )
    colleague = make_user("employee", "li@client.test", name="李四")
    db.session.commit()
    mailbox.deliver(
        mail(
            f"李四 <{colleague.email}>",
            "答复: INC-2026-000001 VPN",
            "我也遇到了",
            message_id="<c@client.test>",
        )
    )
    assert run_mail_in() == 2

    (ticket,) = tickets()
    comments = db.session.scalars(
        sa.select(TicketEvent)
        .where(TicketEvent.ticket_id == ticket.id, TicketEvent.action == "comment")
        .order_by(TicketEvent.id)
    ).all()
    assert [c.actor_id for c in comments] == [users["agent"], None]
    assert comments[0].note == "请重启"
    assert comments[1].note.startswith("李四 <li@client.test> wrote by email:")
    assert "我也遇到了" in comments[1].note
    # the requester hears of both replies (plus the acknowledgement)
    recipients = db.session.scalars(sa.select(OutboxMessage.recipient)).all()
    assert recipients == [employee, employee, employee]


def test_unknown_ticket_number_opens_a_new_ticket(app, ctx, users, mailbox):
    mailbox.deliver(
        mail(ROLE_EMAILS["employee"], "Re: [INC-2025-000042] 旧问题", "又坏了", message_id="<o@c>")
    )
    assert run_mail_in() == 1
    (ticket,) = tickets()
    assert ticket.title == "Re: [INC-2025-000042] 旧问题"
    assert "INC-2025-000042" in ticket.description
    assert outcomes() == {"<o@c>": "opened"}


def test_mail_without_sender_becomes_a_triage_ticket_without_acknowledgement(app, ctx, mailbox):
    raw = "Subject: 无发件人\r\nMessage-ID: <nofrom@client.test>\r\n\r\n打印机坏了\r\n".encode()
    mailbox.deliver(raw)
    assert run_mail_in() == 1
    (ticket,) = tickets()
    assert ticket.needs_triage and ticket.requester is None
    assert ticket.title == "无发件人" and "打印机坏了" in ticket.description
    assert outcomes() == {"<nofrom@client.test>": "triage"}
    assert db.session.scalars(sa.select(OutboxMessage)).all() == []


def test_our_own_mail_is_a_loop(app, ctx, mailbox):
    mailbox.deliver(mail(DESK, "[INC-2026-000001] 回执", "x", message_id="<own@deskpact.test>"))
    assert run_mail_in() == 1
    assert tickets() == []
    assert outcomes() == {"<own@deskpact.test>": "ignored"}


def test_a_message_stored_by_another_worker_is_skipped(app, ctx, users, monkeypatch):
    raw = mail(ROLE_EMAILS["employee"], "键盘坏了", "按键失灵", message_id="<race@client.test>")
    first = intake.process_raw(raw, now=NOW)
    # the other worker's look-up ran before this row was committed: the unique insert decides
    looked_up = []

    def miss_first(message_id, real=intake._find):
        looked_up.append(message_id)
        return None if len(looked_up) == 1 else real(message_id)

    monkeypatch.setattr(intake, "_find", miss_first)
    again = intake.process_raw(raw, now=NOW)
    assert again.id == first.id
    assert looked_up == ["<race@client.test>", "<race@client.test>"]
    assert len(tickets()) == 1
    assert len(db.session.scalars(sa.select(OutboxMessage)).all()) == 1


def test_a_failing_message_stays_unseen_and_the_others_go_on(app, ctx, users, mailbox, monkeypatch):
    mailbox.deliver(mail(ROLE_EMAILS["employee"], "坏邮件", "x", message_id="<bad@client.test>"))
    mailbox.deliver(mail(ROLE_EMAILS["employee"], "好邮件", "y", message_id="<good@client.test>"))
    real = intake._handle

    def flaky(mail, record, stored, **kwargs):
        if mail.message_id == "<bad@client.test>":
            raise RuntimeError("database hiccup")
        return real(mail, record, stored, **kwargs)

    monkeypatch.setattr(intake, "_handle", flaky)
    assert run_mail_in() == 1
    assert [t.title for t in tickets()] == ["好邮件"]
    monkeypatch.setattr(intake, "_handle", real)
    assert run_mail_in() == 1  # retried: it was left unseen and nothing of it was stored
    assert [t.title for t in tickets()] == ["好邮件", "坏邮件"]


def test_job_does_nothing_without_an_imap_host(app, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "IMAP_HOST", None)
    assert run_mail_in() == 0
