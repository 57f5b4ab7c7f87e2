"""The people a mail copies (Cc) become the ticket's watchers, read through a real Dovecot and
told through a real SMTP server."""

import email
from email import policy as email_policy

import pytest
import sqlalchemy as sa

from app.extensions import db, utcnow
from app.mail import delivery
from app.tickets import actions
from app.tickets.models import TicketWatcher
from tests.conftest import ROLE_EMAILS, make_user
from tests.factories import perform
from tests.mail.helpers import DESK, NOW, mail, run_mail_in, tickets
from tests.mailservers import SmtpServer

COLLEAGUE = "wang.colleague@client.test"
OUTSIDE = "partner@supplier.example"


@pytest.fixture
def smtp(app, monkeypatch, smtp_server: SmtpServer):
    values = {
        "SMTP_HOST": smtp_server.host,
        "SMTP_PORT": smtp_server.port,
        "SMTP_USERNAME": None,
        "SMTP_STARTTLS": False,
    }
    for name, value in values.items():
        monkeypatch.setitem(app.config, name, value)
    yield smtp_server


def watchers() -> dict[str, tuple[int | None, str]]:
    rows = db.session.scalars(sa.select(TicketWatcher).order_by(TicketWatcher.id)).all()
    return {w.address: (w.user_id, w.source) for w in rows}


def received(smtp: SmtpServer, count: int) -> dict[str, str]:
    """Deliver the outbox; each recipient's subject."""
    assert delivery.deliver_pending(utcnow()) == count  # queued on the real clock
    out = {}
    for _sender, recipients, raw in smtp.wait_for(count):
        message = email.message_from_bytes(raw, policy=email_policy.default)
        out.update({r: message["Subject"] for r in recipients})
    smtp.clear()
    return out


def test_a_new_mail_copies_its_cc_and_they_hear_of_the_reply(app, ctx, users, mailbox, smtp):
    colleague = make_user("employee", COLLEAGUE, name="王同事")
    db.session.commit()
    named = f'"=?utf-8?b?546L5ZCM5LqL?=" <{COLLEAGUE.upper()}>'  # 王同事, as mail encodes it
    copies = f"{named}, {OUTSIDE}, {DESK}, {ROLE_EMAILS['employee']}"
    mailbox.deliver(
        mail(
            f"Employee <{ROLE_EMAILS['employee']}>",
            "打印机卡纸",
            "三楼打印机卡纸",
            message_id="<cc-1@client.test>",
            headers={"Cc": copies},
        )
    )
    assert run_mail_in() == 1
    (ticket,) = tickets()
    # the desk's own address and the sender are not watchers; the colleague is by account
    assert watchers() == {COLLEAGUE: (colleague.id, "mail"), OUTSIDE: (None, "mail")}
    subjects = received(smtp, 3)
    assert set(subjects) == {ROLE_EMAILS["employee"], COLLEAGUE, OUTSIDE}
    assert ticket.number in subjects[OUTSIDE]

    perform(actions.accept, ticket, users["agent"], NOW)
    perform(actions.comment, ticket, users["agent"], NOW, "请重启打印机")
    subjects = received(smtp, 3)
    assert set(subjects) == {ROLE_EMAILS["employee"], COLLEAGUE, OUTSIDE}


def test_a_reply_copies_only_people_with_an_account(app, ctx, users, mailbox, smtp):
    colleague = make_user("employee", COLLEAGUE, name="王同事")
    db.session.commit()
    mailbox.deliver(
        mail(ROLE_EMAILS["employee"], "VPN 连不上", "VPN", message_id="<cc-2@client.test>")
    )
    run_mail_in()
    (ticket,) = tickets()
    perform(actions.accept, ticket, users["agent"], NOW)
    received(smtp, 1)
    mailbox.deliver(
        mail(
            ROLE_EMAILS["employee"],
            f"Re: [{ticket.number}] VPN 连不上",
            "还是不行",
            message_id="<cc-3@client.test>",
            headers={"Cc": f"{COLLEAGUE}, {OUTSIDE}"},
        )
    )
    run_mail_in()
    # a From header can be forged: an outside address never joins a ticket that exists
    assert watchers() == {COLLEAGUE: (colleague.id, "mail")}
    subjects = received(smtp, 2)  # the assignee hears of the reply; the colleague is copied
    assert set(subjects) == {ROLE_EMAILS["agent"], COLLEAGUE}
