"""Password reset by mail: a signed link, valid 30 minutes, that works once (flush only)."""

import hashlib
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.accounts import mailer
from app.accounts.models import User
from app.accounts.services import change_password, user_by_email
from app.audit.models import AuditEvent
from app.audit.services import record
from app.extensions import db

RESET_MINUTES = 30
RESET_SALT = "deskpact.password-reset"
# one mail per account per this many seconds, however often the form is sent
RESET_MAIL_INTERVAL_SECONDS = 60
SUBJECT = _l("Reset your service desk password")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=RESET_SALT)


def _fingerprint(user: User) -> str:
    """Changes when the password does, so a used link no longer matches."""
    state = f"{user.id}:{user.password_hash}:{user.session_epoch}"
    return hashlib.sha256(state.encode()).hexdigest()[:24]


def reset_token(user: User) -> str:
    return _serializer().dumps({"user": user.id, "state": _fingerprint(user)})


def user_for_reset_token(token: str) -> User | None:
    """The active local account the link was made for, if it is genuine, unused and at most
    30 minutes old; None otherwise."""
    try:
        payload = _serializer().loads(token or "", max_age=RESET_MINUTES * 60)
    except (BadSignature, UnicodeError, ValueError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("user"), int):
        return None
    user = db.session.get(User, payload["user"])
    if user is None or not user.active or not may_reset(user):
        return None
    return user if payload.get("state") == _fingerprint(user) else None


def may_reset(user: User) -> bool:
    """Directory accounts keep their password in the directory, not here."""
    return not getattr(user, "directory_dn", "")


def request_reset(email: str, *, source: str, now: datetime) -> None:
    """Mail a reset link if the address belongs to an active local account. The caller gives
    the same answer either way, and the same work is done either way (a link is signed and
    a mail rendered) so the time taken does not tell either."""
    user = user_by_email(email[:254])
    known = user is not None and user.active and may_reset(user)
    target = user if known else User(id=0, email="", name="", password_hash="")
    link = mailer.external_url("accounts.reset_password", token=reset_token(target))
    if not known:
        with force_locale(current_app.config["LANGUAGES"][0]):
            render_template("mail/password_reset.txt", recipient=target, url=link, minutes=30)
        return
    if _mailed_recently(user, now):
        return
    mailer.queue(user, "password_reset", subject=SUBJECT, url=link, minutes=RESET_MINUTES)
    record(None, "user.password_reset_mailed", user, {"source": source}, now=now)


def _mailed_recently(user: User, now: datetime) -> bool:
    since = now - timedelta(seconds=RESET_MAIL_INTERVAL_SECONDS)
    return bool(
        db.session.scalar(
            sa.select(sa.func.count(AuditEvent.id)).where(
                AuditEvent.action == "user.password_reset_mailed",
                AuditEvent.object_type == User.__tablename__,
                AuditEvent.object_key == str(user.id),
                AuditEvent.at > since,
            )
        )
    )


def reset_password(user: User, new_password: str, *, source: str) -> None:
    """Set the new password; the link and every session of the account stop working."""
    change_password(user, new_password, actor=user, action="user.password_reset")
    db.session.flush()
    record(user, "user.sessions_ended", user, {"source": source})
