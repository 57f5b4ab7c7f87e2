"""The worker delivers queued chat messages: claimed one by one, retried with backoff, each
sent once; never from a web request."""

import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from app.chat.models import ChatMessage
from app.chat.transport import DeliveryError, Message, post, request_for
from app.extensions import db
from app.web.database import claim_due, due_rows
from app.worker import job, worker_id

CLAIM_SECONDS = 120
BACKOFF_SECONDS = (15, 30, 60, 120, 300, 600, 900)  # then every 15 minutes


@job("chat_out", every_seconds=10)
def chat_out(now: datetime) -> int:
    """Worker job: deliver what is due."""
    return deliver_pending(now)


def backoff(attempts: int) -> timedelta:
    """The wait before the next try after `attempts` failures."""
    index = min(max(attempts, 1), len(BACKOFF_SECONDS)) - 1
    return timedelta(seconds=BACKOFF_SECONDS[index])


def _due(now: datetime):
    return due_rows(ChatMessage, now)


def deliver_pending(now: datetime, *, limit: int = 50) -> int:
    """Send up to `limit` due messages, committing after each; returns how many went."""
    holder = f"{uuid.uuid4().hex[:12]}@{worker_id()}"[:64]
    due = db.session.scalars(
        sa.select(ChatMessage.id)
        .where(*_due(now))
        .order_by(ChatMessage.next_attempt_at, ChatMessage.id)
        .limit(limit)
    ).all()
    sent = 0
    for message_id in due:
        message = _claim(message_id, holder, now)
        if message is not None and _deliver(message, now):
            sent += 1
    return sent


def _claim(message_id: int, holder: str, now: datetime) -> ChatMessage | None:
    until = now + timedelta(seconds=CLAIM_SECONDS)
    return claim_due(ChatMessage, message_id, holder, now, until)


def _deliver(message: ChatMessage, now: datetime) -> bool:
    robot = message.robot
    config = current_app.config
    url, payload = request_for(
        robot.service,
        robot.webhook_url,
        Message(message.title, message.text, message.link, message.link_label, message.mention),
        secret=robot.secret,
        now_ms=int(now.timestamp() * 1000),
    )
    try:
        post(robot.service, url, payload, timeout=config["CHAT_TIMEOUT"])
    except DeliveryError as error:
        message.attempts += 1
        message.last_error = str(error)[:2000]
        message.next_attempt_at = now + backoff(message.attempts)
        message.claimed_until = None
        if message.attempts >= config["CHAT_MAX_ATTEMPTS"]:
            message.status = "failed"  # kept for the manager to see on the robots page
        db.session.commit()
        return False
    message.status, message.sent_at, message.claimed_until = "sent", now, None
    db.session.commit()
    return True
