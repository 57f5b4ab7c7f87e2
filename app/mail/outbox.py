"""Queueing mail in the outbox: one row per recipient, in the caller's transaction."""

from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale

from app.extensions import db, utcnow
from app.mail.models import OutboxMessage


def queue(recipient, template: str, *, subject: str, headers: dict | None = None, **context):
    """Render `mail/<template>.txt` in the recipient's language and queue it.

    `recipient` is a User (their language is used) or a plain address (Chinese).
    `subject` is a callable(context) or a string evaluated inside the recipient's locale.
    """
    address = getattr(recipient, "email", recipient)
    if not address:
        return None
    language = getattr(recipient, "language", "zh")
    with force_locale(language):
        text = render_template(f"mail/{template}.txt", recipient=recipient, **context)
        title = subject(context) if callable(subject) else subject
    message = OutboxMessage(
        recipient=address,
        subject=str(title)[:300],
        body_text=text,
        headers=headers or {},
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    return message


def external_url(endpoint: str, **values) -> str:
    """An absolute link for mail on the portal's public address; works outside requests too."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "http"
    )
    return adapter.build(endpoint, values, force_external=True)
