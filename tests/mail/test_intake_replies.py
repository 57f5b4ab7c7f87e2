"""Replies by mail through a real Dovecot: who may add to a ticket, and how a reply moves it."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.contracts.services import get_contract
from app.extensions import db
from app.mail.models import InboundMessage, OutboxMessage
from app.tickets import actions, services
from app.tickets.models import Attachment, Ticket, TicketLink
from tests.conftest import ROLE_EMAILS, make_user
from tests.factories import open_ticket, perform
from tests.mail.helpers import NOW, events, mail, outcomes, run_mail_in, tickets
from tests.mail.reply_samples import SAMPLES

EMPLOYEE = ROLE_EMAILS["employee"]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EARLIER = NOW - timedelta(hours=2)


def requested_ticket(users, *moves) -> Ticket:
    """The employee's ticket, opened two hours ago and moved by the agent (or the role named
    after the action, followed by the action's own arguments)."""
    ticket = open_ticket(users["employee"], title="VPN 连不上", now=EARLIER)
    for minutes, (action, *rest) in enumerate(moves, start=1):
        role, *args = rest or ["agent"]
        perform(action, ticket, users[role], EARLIER + timedelta(minutes=minutes), *args)
    return ticket


def reply(sender: str, text: str, message_id: str = "<reply@client.test>") -> bytes:
    return mail(sender, "Re: [INC-2026-000001] VPN 连不上", text, message_id=message_id)


def resolution_clock(ticket: Ticket):
    clocks = services.sla_clocks(ticket, now=NOW, contract=get_contract())
    return next(clock for clock in clocks if clock.metric == "resolution")


def detail(message_id: str = "<reply@client.test>") -> str:
    return db.session.scalar(
        sa.select(InboundMessage.detail).where(InboundMessage.message_id == message_id)
    )


@pytest.mark.parametrize(
    ("sender", "role"),
    [("李四 <li@client.test>", "employee"), ("appr@client.test", None), ("x@elsewhere.test", None)],
)
def test_mail_from_someone_who_may_not_see_the_ticket_goes_to_triage(
    app, ctx, users, mailbox, sender, role
):
    if role:
        make_user(role, "li@client.test", name="李四")
        db.session.commit()
    ticket = requested_ticket(users, (actions.accept,))
    history = [event.id for event in events(ticket)]
    mailbox.deliver(
        mail(
            sender,
            "Re: [INC-2026-000001] VPN 连不上",
            "我也连不上",
            message_id="<other@client.test>",
            files=(("截图.png", "image/png", PNG),),
        )
    )
    assert run_mail_in() == 1

    old, triage = tickets()
    assert [event.id for event in events(old)] == history  # nothing was added to the ticket
    assert (old.status, old.attachments) == ("accepted", [])
    assert triage.needs_triage and triage.channel == "email"
    assert "我也连不上" in triage.description and "INC-2026-000001" in triage.description
    (kept,) = db.session.scalars(sa.select(Attachment).where(Attachment.ticket_id == triage.id))
    assert kept.filename == "截图.png"  # nothing of the mail is lost
    assert outcomes() == {"<other@client.test>": "triage"}


def test_staff_and_an_account_less_requester_add_to_the_ticket(app, ctx, users, mailbox):
    mailbox.deliver(mail("王五 <wang@client.test>", "打印机坏了", "卡纸", message_id="<w1@c>"))
    assert run_mail_in() == 1
    (ticket,) = tickets()
    assert ticket.requester is None and ticket.requester_contact == "wang@client.test"

    mailbox.deliver(
        mail("wang@client.test", "Re: [INC-2026-000001]", "还是卡纸", message_id="<w2@c>")
    )
    mailbox.deliver(
        mail(ROLE_EMAILS["engineer"], "Re: [INC-2026-000001]", "马上到", message_id="<e1@v>")
    )
    assert run_mail_in() == 2

    (same,) = tickets()
    comments = [
        (e.actor_id, e.note, e.public, e.note_params["sender"])
        for e in events(same)
        if e.action == "comment" and e.note_code == "wrote_by_mail"
    ]
    assert comments == [
        (None, "还是卡纸", True, "wang@client.test"),
        (None, "马上到", False, ROLE_EMAILS["engineer"]),
    ]
    assert outcomes() == {"<w1@c>": "opened", "<w2@c>": "replied", "<e1@v>": "replied"}


@pytest.mark.parametrize(
    ("pended_from", "moves"),
    [
        ("accepted", [(actions.accept,), (actions.pend,)]),
        ("remote", [(actions.start_remote,), (actions.pend,)]),
    ],
)
def test_the_requesters_answer_resumes_a_ticket_waiting_for_them(
    app, ctx, users, mailbox, pended_from, moves
):
    ticket = requested_ticket(users, *moves)
    assert (ticket.status, resolution_clock(ticket).state) == ("pending_customer", "paused")
    mailbox.deliver(reply(f"Employee Tester <{EMPLOYEE}>", "证书已经装好了"))
    assert run_mail_in() == 1

    (ticket,) = tickets()
    assert ticket.status == pended_from  # back where it was before the wait
    comment, resume = events(ticket)[-2:]
    assert (comment.action, comment.actor_id, comment.note) == (
        "comment",
        users["employee"],
        "证书已经装好了",
    )
    assert (resume.action, resume.from_status, resume.to_status, resume.actor_id) == (
        "resume",
        "pending_customer",
        pended_from,
        None,
    )
    assert resolution_clock(ticket).state == "running"
    assert ticket.due_at is not None
    assert detail() == "resume"


def test_an_answer_while_waiting_for_a_vendor_is_only_a_comment(app, ctx, users, mailbox):
    ticket = requested_ticket(users, (actions.accept,), (actions.pend, "agent", "vendor"))
    mailbox.deliver(reply(EMPLOYEE, "有进展吗？"))
    assert run_mail_in() == 1

    (ticket,) = tickets()
    assert ticket.status == "pending_vendor"
    assert events(ticket)[-1].action == "comment"
    assert resolution_clock(ticket).state == "paused"


def test_the_requesters_reply_reopens_a_resolved_ticket_with_the_mail_as_reason(
    app, ctx, users, mailbox
):
    ticket = requested_ticket(users, (actions.accept,), (actions.resolve,))
    assert resolution_clock(ticket).state == "met"
    mailbox.deliver(reply(f"Employee Tester <{EMPLOYEE}>", "还是连不上"))
    assert run_mail_in() == 1

    (ticket,) = tickets()
    assert (ticket.status, ticket.resolved_at) == ("accepted", None)
    reopen = events(ticket)[-1]
    assert (reopen.action, reopen.actor_id, reopen.note, reopen.public) == (
        "reopen",
        users["employee"],
        "还是连不上",
        True,
    )
    assert resolution_clock(ticket).state == "running"
    # the same notice as a reopen on the web
    subjects = db.session.scalars(
        sa.select(OutboxMessage.subject).where(OutboxMessage.recipient == EMPLOYEE)
    ).all()
    assert "[INC-2026-000001] Status update: VPN 连不上" in subjects
    assert detail() == "reopen"


def test_a_staff_reply_to_a_resolved_ticket_does_not_reopen_it(app, ctx, users, mailbox):
    requested_ticket(users, (actions.accept,), (actions.resolve,))
    mailbox.deliver(reply(ROLE_EMAILS["engineer"], "已远程检查", "<eng@vendor.test>"))
    assert run_mail_in() == 1

    (ticket,) = tickets()
    assert ticket.status == "resolved"
    assert events(ticket)[-1].action == "comment"


def test_a_reply_to_a_closed_ticket_opens_a_linked_follow_up(app, ctx, users, mailbox):
    old = requested_ticket(
        users, (actions.accept,), (actions.resolve,), (actions.confirm, "employee")
    )
    assert old.status == "closed"
    history = [event.id for event in events(old)]
    mailbox.deliver(reply(f"Employee Tester <{EMPLOYEE}>", "又连不上了"))
    assert run_mail_in() == 1

    old, follow_up = tickets()
    assert old.status == "closed" and [event.id for event in events(old)] == history
    assert (follow_up.requester_id, follow_up.status, follow_up.needs_triage) == (
        users["employee"],
        "new",
        False,
    )
    assert "又连不上了" in follow_up.description
    assert "Follow-up of INC-2026-000001" in follow_up.description
    (link,) = db.session.scalars(sa.select(TicketLink)).all()
    assert (link.ticket_id, link.other_id, link.kind) == (follow_up.id, old.id, "related")
    assert outcomes() == {"<reply@client.test>": "opened"}


def test_one_click_links_quoted_in_a_reply_are_not_kept(app, ctx, users, mailbox):
    ticket = requested_ticket(users, (actions.accept,), (actions.resolve,))
    resolved_mail = db.session.scalars(
        sa.select(OutboxMessage.body_text).where(OutboxMessage.recipient == EMPLOYEE)
    ).all()[-1]
    link = next(word for word in resolved_mail.split() if "/t/confirm/" in word)
    quoted = "\n".join(f"> {line}" for line in resolved_mail.splitlines())
    mailbox.deliver(reply(EMPLOYEE, f"还是连不上\n\n{quoted}"))
    assert run_mail_in() == 1

    (ticket,) = tickets()
    reopen = events(ticket)[-1]
    assert reopen.action == "reopen" and reopen.note == "还是连不上"
    # whoever reads the ticket, or the whole mail kept with it, could otherwise confirm it
    # in the requester's name
    assert link not in reopen.mail_original and "/t/confirm/" not in reopen.mail_original
    assert "[one-click link removed]" in reopen.mail_original


@pytest.mark.parametrize("client", ["outlook_zh", "foxmail", "gmail_en", "iphone_zh"])
def test_a_reply_keeps_the_new_text_and_the_whole_mail_beside_it(app, ctx, users, mailbox, client):
    ticket = requested_ticket(users, (actions.accept,))
    body, expected = SAMPLES[client]
    mailbox.deliver(reply(EMPLOYEE, body))
    assert run_mail_in() == 1

    comment = events(ticket)[-1]
    assert (comment.action, comment.note) == ("comment", expected)
    assert "INC-2026-000123" in comment.mail_original  # the quoted desk mail
    page = login_page(app, users, ticket.number)
    assert "The whole mail as received" in page and "请重启打印机" not in page.split("<details")[0]


def test_a_reply_without_a_quote_keeps_no_second_copy(app, ctx, users, mailbox):
    ticket = requested_ticket(users, (actions.accept,))
    mailbox.deliver(reply(EMPLOYEE, "显示器闪屏\n- 换了线也一样"))
    assert run_mail_in() == 1
    comment = events(ticket)[-1]
    assert comment.note == "显示器闪屏\n- 换了线也一样" and comment.mail_original is None


def login_page(app, users, number: str) -> str:
    client = app.test_client()
    client.login(EMPLOYEE)
    return client.get(f"/tickets/{number}").get_data(as_text=True)
