"""Incoming mail through a real Dovecot and the mail_in job: tickets, replies, exactly once."""

from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.mail.models import OutboxMessage
from app.tickets import mail_intake as intake
from app.tickets.models import Attachment, TicketEvent
from tests.conftest import ROLE_EMAILS, make_user
from tests.factories import open_ticket
from tests.mail.helpers import DESK, NOW, mail, outcomes, run_mail_in, tickets

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


def test_staff_mail_is_an_internal_note_and_a_third_person_goes_to_triage(app, ctx, users, mailbox):
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

    ticket, triage = tickets()
    comments = db.session.scalars(
        sa.select(TicketEvent)
        .where(TicketEvent.ticket_id == ticket.id, TicketEvent.action == "comment")
        .order_by(TicketEvent.id)
    ).all()
    # a From header can be forged: staff mail is not signed as them nor shown to the user
    assert [(c.actor_id, c.note, c.public, c.note_code, c.note_params) for c in comments] == [
        (None, "请重启", False, "wrote_by_mail", {"sender": ROLE_EMAILS["agent"]})
    ]
    # the colleague may not see the ticket: their mail is a new ticket for the desk to sort
    assert (triage.needs_triage, triage.requester_id) == (True, colleague.id)
    assert "我也遇到了" in triage.description and "INC-2026-000001" in triage.description
    assert outcomes()["<c@client.test>"] == "triage"
    # the requester got the acknowledgement only; the colleague gets their own
    recipients = db.session.scalars(sa.select(OutboxMessage.recipient)).all()
    assert sorted(recipients) == sorted([employee, colleague.email])


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


def test_a_failing_message_waits_for_its_retry_and_the_others_go_on(
    app, ctx, users, mailbox, monkeypatch
):
    open_ticket(users["employee"], title="旧工单", now=NOW - timedelta(hours=1))
    # new tickets cannot be opened while the mail catalog item is wrong; replies still work
    monkeypatch.setitem(app.config, "MAIL_DEFAULT_CATALOG", "no.such")
    mailbox.deliver(mail(ROLE_EMAILS["employee"], "坏邮件", "x", message_id="<bad@client.test>"))
    mailbox.deliver(
        mail(ROLE_EMAILS["employee"], "Re: [INC-2026-000001]", "y", message_id="<good@client.test>")
    )
    assert run_mail_in() == 1
    assert [t.title for t in tickets()] == ["旧工单"]
    assert outcomes() == {"<bad@client.test>": "retrying", "<good@client.test>": "replied"}

    monkeypatch.setitem(app.config, "MAIL_DEFAULT_CATALOG", "sw.client")
    assert run_mail_in(NOW + timedelta(seconds=30)) == 0  # not yet: the first wait is a minute
    assert [t.title for t in tickets()] == ["旧工单"]
    assert run_mail_in(NOW + timedelta(minutes=1)) == 1  # left unseen, nothing of it stored
    assert [t.title for t in tickets()] == ["旧工单", "坏邮件"]
    assert outcomes()["<bad@client.test>"] == "opened"


def test_job_does_nothing_without_an_imap_host(app, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "IMAP_HOST", None)
    assert run_mail_in() == 0
