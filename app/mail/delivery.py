"""Send the outbox: claim each due message atomically, send it, record the outcome at once."""

# A row is claimed with one conditional UPDATE and the claim is committed before sending, so
# two workers never send the same row; the outcome is committed right after sending, so a crash
# can at worst resend the one message that was in flight, never a row already marked sent.

from __future__ import annotations

import mimetypes
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.mail.inbound import Attachment
from app.mail.models import OutboxMessage
from app.mail.outbound import SendError, build_message, send_message
from app.web.database import claim_due, due_rows
from app.worker import job, worker_id

# minutes to wait after the 1st, 2nd, … failed attempt; the last value repeats
BACKOFF_MINUTES = (1, 2, 5, 10, 30, 60, 120, 240, 480)
MAX_ATTEMPTS = 10
# a claim outlives any single SMTP exchange; an expired claim (crashed worker) is taken over
CLAIM_MINUTES = 10


@job("mail_out", every_seconds=10)
def mail_out(now: datetime) -> int:
    """Worker job: send what is due."""
    return deliver_pending(now)


def deliver_pending(now: datetime, *, limit: int = 50) -> int:
    """Send up to `limit` due outbox messages, committing after each; returns how many went."""
    holder = f"{uuid.uuid4().hex[:12]}@{worker_id()}"[:64]
    due = db.session.scalars(
        _due(now)
        .with_only_columns(OutboxMessage.id)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    ).all()
    sent = 0
    for message_id in due:
        message = _claim(message_id, holder, now)
        if message is not None and _deliver(message, now):
            sent += 1
    return sent


def backoff(attempts: int) -> timedelta:
    """The wait before the next try after `attempts` failures (1, 2, 5, 10, 30 minutes …)."""
    index = min(max(attempts, 1), len(BACKOFF_MINUTES)) - 1
    return timedelta(minutes=BACKOFF_MINUTES[index])


def _due(now: datetime) -> sa.Select:
    return sa.select(OutboxMessage).where(*due_rows(OutboxMessage, now))


def _claim(message_id: int, holder: str, now: datetime) -> OutboxMessage | None:
    until = now + timedelta(minutes=CLAIM_MINUTES)
    return claim_due(OutboxMessage, message_id, holder, now, until)


def _deliver(message: OutboxMessage, now: datetime) -> bool:
    """Send one claimed message and commit its new state; True when the server accepted it."""
    config = current_app.config
    try:
        send_message(
            _build(message),
            host=config["SMTP_HOST"],
            port=config["SMTP_PORT"],
            username=config.get("SMTP_USERNAME"),
            password=config.get("SMTP_PASSWORD"),
            starttls=config.get("SMTP_STARTTLS", False),
            timeout=config.get("SMTP_TIMEOUT", 10),
        )
    except SendError as error:
        _failed(message, now, str(error))
        return False
    except OSError as error:  # the attachment file is missing or unreadable
        _failed(message, now, f"cannot read the attachment: {error}")
        return False
    except Exception as error:  # a message that cannot be built must not block the queue
        current_app.logger.exception("outbox message %s cannot be built", message.id)
        _failed(message, now, f"cannot build the message: {error!r}")
        return False
    message.status = "sent"
    message.sent_at = now
    message.claimed_until = None
    db.session.commit()
    return True


def _build(message: OutboxMessage):
    attachments = []
    # one path per line; relative paths are under instance/, an absolute path is used as it is
    for name in (message.attachment_path or "").splitlines():
        path = Path(current_app.instance_path) / name
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        attachments.append(Attachment(path.name, content_type, path.read_bytes()))
    return build_message(
        sender=current_app.config["MAIL_SENDER"],
        to=message.recipient,
        subject=message.subject,
        text=message.body_text,
        headers=message.headers or {},
        attachments=attachments,
    )


def _failed(message: OutboxMessage, now: datetime, error: str) -> None:
    message.attempts += 1
    message.last_error = error[:2000]
    message.next_attempt_at = now + backoff(message.attempts)
    message.claimed_until = None
    if message.attempts >= MAX_ATTEMPTS:
        message.status = "failed"  # stays in the table for the desk to see and re-queue
    db.session.commit()
    current_app.logger.warning(
        "outbox message %s to %s failed (attempt %s): %s",
        message.id,
        message.recipient,
        message.attempts,
        error,
    )
