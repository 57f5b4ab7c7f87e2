"""The outbox worker against a real SMTP sink: outages, retries, two workers, no resends."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db, utcnow
from app.mail import delivery
from app.mail.inbound import parse_message
from app.mail.models import OutboxMessage
from tests.conftest import make_user
from tests.factories import open_ticket
from tests.mailservers import SmtpServer

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 in Beijing
SENDER = "Deskpact 服务台 <servicedesk@deskpact.test>"


@pytest.fixture
def smtp(app, monkeypatch, smtp_server: SmtpServer):
    """The app sends through the test SMTP sink; monkeypatch restores the session-wide config."""
    values = {
        "SMTP_HOST": smtp_server.host,
        "SMTP_PORT": smtp_server.port,
        "SMTP_USERNAME": None,
        "SMTP_STARTTLS": False,
        "SMTP_TIMEOUT": 5,
        "MAIL_SENDER": SENDER,
    }
    for name, value in values.items():
        monkeypatch.setitem(app.config, name, value)
    yield smtp_server


def queue_rows(count: int, **fields) -> list[int]:
    rows = [
        OutboxMessage(
            recipient=f"user{i}@client.test",
            subject=f"[INC-2026-{i:06d}] 测试邮件 {i}",
            body_text=f"第 {i} 封",
            headers={"X-Deskpact-Ticket": f"INC-2026-{i:06d}"},
            next_attempt_at=NOW,
            **fields,
        )
        for i in range(1, count + 1)
    ]
    db.session.add_all(rows)
    db.session.commit()
    return [row.id for row in rows]


def received_subjects(server: SmtpServer) -> list[str]:
    own = frozenset({"servicedesk@deskpact.test"})
    return [parse_message(raw, own_addresses=own).subject for _, _, raw in server.messages]


def test_outbox_survives_an_smtp_outage(app, ctx, smtp):
    requester = make_user("employee", "zhang@client.test", name="张三", language="zh")
    with app.test_request_context():
        ticket = open_ticket(
            requester, title="三楼打印机卡纸", code="hw.printer", now=utcnow(), commit=False
        )
    db.session.commit()
    row = db.session.scalars(sa.select(OutboxMessage)).one()
    assert row.recipient == "zhang@client.test"
    now = utcnow()  # outbox.queue stamps next_attempt_at with the wall clock

    smtp.stop()
    assert delivery.deliver_pending(now) == 0
    db.session.refresh(row)
    assert (row.status, row.attempts, row.sent_at) == ("pending", 1, None)
    assert row.last_error and row.claimed_until is None
    assert row.next_attempt_at == now + timedelta(minutes=1)

    smtp.start()
    assert delivery.deliver_pending(now + timedelta(seconds=30)) == 0  # not due yet
    assert smtp.messages == []
    later = row.next_attempt_at + timedelta(seconds=1)
    assert delivery.deliver_pending(later) == 1
    ((mail_from, rcpt_tos, raw),) = smtp.wait_for(1)
    assert mail_from == "servicedesk@deskpact.test"
    assert rcpt_tos == ["zhang@client.test"]
    parsed = parse_message(raw, own_addresses=frozenset())
    assert parsed.subject == row.subject
    assert parsed.subject.startswith(f"[{ticket.number}] ")
    assert "三楼打印机卡纸" in parsed.subject
    assert parsed.ticket_number == ticket.number
    assert "X-Deskpact-Ticket: " + ticket.number in raw.decode("ascii")

    assert delivery.deliver_pending(later + timedelta(hours=1)) == 0
    assert len(smtp.messages) == 1
    db.session.refresh(row)
    assert (row.status, row.sent_at, row.attempts) == ("sent", later, 1)


def test_two_workers_send_each_message_once(app, ctx, smtp):
    ids = queue_rows(20)
    db.session.remove()
    start = threading.Barrier(2)
    counts: list[int] = []
    errors: list[BaseException] = []

    def worker():
        with app.app_context():
            try:
                start.wait(timeout=10)
                counts.append(delivery.deliver_pending(NOW))
            except BaseException as error:  # reported by the main thread
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(counts) == 20, counts
    smtp.wait_for(20)
    subjects = received_subjects(smtp)
    assert sorted(subjects) == sorted(f"[INC-2026-{i:06d}] 测试邮件 {i}" for i in range(1, 21))
    rows = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.id.in_(ids))).all()
    assert {row.status for row in rows} == {"sent"}
    assert delivery.deliver_pending(NOW + timedelta(hours=1)) == 0
    assert len(smtp.messages) == 20


def test_a_message_claimed_by_another_worker_is_left_alone(app, ctx, smtp):
    (row_id,) = queue_rows(1)
    row = db.session.get(OutboxMessage, row_id)
    row.claimed_by, row.claimed_until = "other", NOW + timedelta(minutes=5)
    db.session.commit()
    assert delivery.deliver_pending(NOW) == 0
    # a claim that expired (its worker died) is taken over
    assert delivery.deliver_pending(NOW + timedelta(minutes=6)) == 1
    assert len(smtp.wait_for(1)) == 1


def test_backoff_grows_and_gives_up_after_max_attempts(app, ctx, smtp):
    (row_id,) = queue_rows(1)
    smtp.stop()
    now = NOW
    waits = []
    for _ in range(delivery.MAX_ATTEMPTS):
        assert delivery.deliver_pending(now) == 0
        row = db.session.get(OutboxMessage, row_id)
        db.session.refresh(row)
        waits.append(row.next_attempt_at - now)
        now = row.next_attempt_at
    assert waits[:5] == [timedelta(minutes=m) for m in (1, 2, 5, 10, 30)]
    assert (row.status, row.attempts) == ("failed", delivery.MAX_ATTEMPTS)
    assert "failed" in row.last_error
    smtp.start()
    assert delivery.deliver_pending(now + timedelta(days=1)) == 0
    assert smtp.messages == []


def test_attachment_is_sent_with_the_message(app, ctx, smtp, tmp_path):
    report = tmp_path / "月度报告.pdf"
    report.write_bytes(b"%PDF-1.4 report")
    queue_rows(1, attachment_path=str(report))
    assert delivery.deliver_pending(NOW) == 1
    ((_, _, raw),) = smtp.wait_for(1)
    parsed = parse_message(raw, own_addresses=frozenset())
    assert [(a.filename, a.content_type, a.data) for a in parsed.attachments] == [
        ("月度报告.pdf", "application/pdf", b"%PDF-1.4 report")
    ]


def test_a_missing_attachment_is_a_failed_attempt_not_a_stuck_queue(app, ctx, smtp, tmp_path):
    ids = queue_rows(2)
    broken = db.session.get(OutboxMessage, ids[0])
    broken.attachment_path = str(tmp_path / "gone.pdf")
    db.session.commit()
    assert delivery.deliver_pending(NOW) == 1
    db.session.refresh(broken)
    assert (broken.status, broken.attempts) == ("pending", 1)
    assert "gone.pdf" in broken.last_error
    assert len(smtp.wait_for(1)) == 1
