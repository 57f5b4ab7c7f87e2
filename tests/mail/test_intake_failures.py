"""A message that always fails: bounded tries with backoff, then parked and shown in triage."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.extensions import db
from app.mail import imap
from app.mail.models import InboundMessage
from app.tickets import mail_intake as intake
from tests.conftest import ROLE_EMAILS
from tests.mail.helpers import NOW, mail, outcomes, run_mail_in, tickets

MINUTE = timedelta(minutes=1)


@pytest.mark.parametrize(
    ("attempts", "wait"),
    [(1, MINUTE), (2, 2 * MINUTE), (3, 5 * MINUTE), (4, 10 * MINUTE), (5, None), (9, None)],
)
def test_next_attempt_follows_the_outbox_backoff_and_gives_up(attempts, wait):
    expected = None if wait is None else NOW + wait
    assert intake.next_attempt(attempts, NOW) == expected


def failed_attempts() -> list[int]:
    details = db.session.scalars(
        sa.select(AuditEvent.details)
        .where(AuditEvent.action == "mail.failed")
        .order_by(AuditEvent.id)
    ).all()
    return [detail["attempt"] for detail in details]


def unseen(mailbox) -> list[str]:
    found = imap.fetch_unseen(mailbox.host, mailbox.port, mailbox.user, mailbox.password)
    return [uid for uid, _ in found]


def test_a_message_that_always_fails_is_parked_and_shown_in_triage(
    app, ctx, users, mailbox, monkeypatch, login_as
):
    # a wrong catalog item for mail makes every new ticket from mail fail, on every try
    monkeypatch.setitem(app.config, "MAIL_DEFAULT_CATALOG", "no.such")
    mailbox.deliver(
        mail(ROLE_EMAILS["employee"], "显示器不亮", "黑屏", message_id="<stuck@client.test>")
    )
    tries = [  # (minutes after the first try, tried this time)
        (0, True),
        (0.5, False),
        (1, True),
        (2.5, False),
        (3, True),
        (8, True),
        (17, False),
        (18, True),
    ]
    for minutes, tried in tries:
        before = len(failed_attempts())
        assert run_mail_in(NOW + minutes * MINUTE) == (1 if minutes == 18 else 0)
        assert len(failed_attempts()) == before + tried, f"at {minutes} min"
    assert failed_attempts() == [1, 2, 3, 4, 5]

    message = db.session.scalars(sa.select(InboundMessage)).one()
    assert (message.outcome, message.ticket_id) == ("failed", None)
    assert message.detail.startswith("attempt 5 of 5 failed: TicketError")
    assert "Unknown catalog item" in message.detail
    assert unseen(mailbox) == []  # parked: marked processed, no more tries
    assert run_mail_in(NOW + timedelta(days=1)) == 0
    assert failed_attempts() == [1, 2, 3, 4, 5]
    assert tickets() == []

    agent = login_as("agent")
    triage = agent.get("/desk?triage=1").get_data(as_text=True)
    assert "Mail that could not be processed" in triage
    assert "显示器不亮" in triage and "&lt;stuck@client.test&gt;" in triage
    assert "Unknown catalog item" in triage
    assert "显示器不亮" not in agent.get("/desk").get_data(as_text=True)


def test_a_retry_that_succeeds_ends_the_failures(app, ctx, users, mailbox, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_DEFAULT_CATALOG", "no.such")
    mailbox.deliver(mail(ROLE_EMAILS["employee"], "鼠标坏了", "x", message_id="<late@client.test>"))
    assert run_mail_in() == 0
    assert run_mail_in(NOW + MINUTE) == 0
    assert outcomes() == {"<late@client.test>": "retrying"}
    assert len(unseen(mailbox)) == 1

    monkeypatch.setitem(app.config, "MAIL_DEFAULT_CATALOG", "sw.client")
    assert run_mail_in(NOW + 2 * MINUTE) == 0  # the second wait is two minutes
    assert run_mail_in(NOW + 3 * MINUTE) == 1
    (ticket,) = tickets()
    message = db.session.scalars(sa.select(InboundMessage)).one()
    assert (message.outcome, message.ticket_id, message.detail) == ("opened", ticket.id, "")
    assert unseen(mailbox) == []
    assert failed_attempts() == [1, 2]


def test_the_desk_marks_a_parked_mail_as_dealt_with(app, users, login_as):
    with app.app_context():
        message = InboundMessage(
            message_id="<parked@client.test>",
            received_at=NOW,
            from_address=ROLE_EMAILS["employee"],
            subject="显示器不亮",
            outcome="failed",
            detail="attempt 5 of 5 failed: TicketError",
        )
        db.session.add(message)
        db.session.commit()
        dismiss = f"/desk/mail/{message.id}/dismiss"
    agent = login_as("agent")
    assert "显示器不亮" in agent.get("/desk?triage=1").get_data(as_text=True)
    assert agent.form(dismiss, headers={"HX-Request": "true"}).status_code == 200
    assert "显示器不亮" not in agent.get("/desk?triage=1").get_data(as_text=True)
    assert agent.form(dismiss).status_code == 409  # already dealt with
    with app.app_context():
        assert db.session.scalars(sa.select(InboundMessage.outcome)).one() == "dismissed"
        who = db.session.scalars(
            sa.select(AuditEvent.actor_id).where(AuditEvent.action == "mail.dismissed")
        ).all()
        assert who == [users["agent"]]
