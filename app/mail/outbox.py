"""Queueing mail in the outbox: one row per recipient, in the caller's transaction."""

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale

from app.accounts.models import User
from app.accounts.services import user_by_email
from app.extensions import db, utcnow
from app.mail.models import OutboxMessage


def recipient_language(recipient) -> str:
    """The user's saved language; an address without an account gets the portal's default."""
    languages = current_app.config["LANGUAGES"]
    language = getattr(recipient, "language", None)
    return language if language in languages else languages[0]


# A router above (group-chat preferences) may take a person's mail elsewhere:
# router(user, template, title=, text=, link=, context=) → True when the mail is not to be sent.
_router = None


def set_router(router) -> None:
    global _router
    _router = router


def queue(
    recipient,
    template: str,
    *,
    subject,
    headers: dict | None = None,
    language: str | None = None,
    **context,
) -> OutboxMessage | None:
    """Render subject and `mail/<template>.txt` in the recipient's language and queue them.

    `recipient` is a User or a plain address; an address that belongs to an account is mailed
    in that user's language, any other in the portal's default (Chinese). `language` overrides
    the choice (a report goes in the language of its edition). `subject` is a string, a lazy
    string or a callable(context); it is evaluated inside the mail's locale, like the body, so
    the same text comes out from a request of either language and from the worker.
    """
    address = getattr(recipient, "email", recipient)
    if not address:
        return None
    if isinstance(recipient, str):
        recipient = _account(recipient) or recipient
    language = language or recipient_language(recipient)
    with force_locale(language):
        text = render_template(f"mail/{template}.txt", recipient=recipient, **context)
        title = str(subject(context) if callable(subject) else subject)
        title = " ".join(title.split())  # a header is one line: a CR/LF would break every send
    if _router is not None and isinstance(recipient, User):
        link = context.get("url") if isinstance(context.get("url"), str) else ""
        with db.session.no_autoflush:
            if _router(
                recipient,
                template,
                title=title,
                text=text.split("\n--\n")[0],
                link=link,
                context=context,
            ):
                return None  # the person hears of this in their group chat or the portal
    message = OutboxMessage(
        recipient=address,
        template=template,
        subject=title[:300],
        body_text=text,
        headers=headers or {},
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    return message


def withdraw(recipient, template: str, headers: dict) -> int:
    """Drop the pending mail of this kind to `recipient` in this thread that no worker holds
    yet (it became pointless before it went out); how many were dropped."""
    address = getattr(recipient, "email", recipient)
    if not address:
        return 0
    now = utcnow()
    with db.session.no_autoflush:
        pending = db.session.scalars(
            sa.select(OutboxMessage).where(
                OutboxMessage.recipient == address,
                OutboxMessage.template == template,
                OutboxMessage.status == "pending",
                sa.or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
            )
        ).all()
    dropped = [message for message in pending if (message.headers or {}).items() >= headers.items()]
    for message in dropped:
        db.session.delete(message)
    return len(dropped)


def _account(address: str) -> User | None:
    """The active user who owns `address`, if any (a requester typed in by the desk)."""
    with db.session.no_autoflush:  # queued mid-change: the lookup must not flush half-made rows
        user = user_by_email(address)
    return user if user is not None and user.active else None


def external_url(endpoint: str, **values) -> str:
    """An absolute link for mail on the portal's public address; works outside requests too."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "http"
    )
    return adapter.build(endpoint, values, force_external=True)
