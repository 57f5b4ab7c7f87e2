"""Signed one-click links in mail: approve a change (S15); the serializer other links share."""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

APPROVAL_SALT = "change-approval"
LINK_DAYS = 14


def serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def stamp(value) -> str:
    return value.isoformat() if value else ""


def approval_token(change, approver) -> str:
    """Bound to the change, the approver and the submission it decides (single use)."""
    payload = {"c": change.number, "u": approver.id, "s": stamp(change.submitted_at)}
    return serializer(APPROVAL_SALT).dumps(payload)


def read(token: str, salt: str) -> dict | None:
    """The payload, or None when tampered with or expired (after LINK_DAYS)."""
    try:
        return serializer(salt).loads(token, max_age=LINK_DAYS * 86400)
    except (BadSignature, SignatureExpired):
        return None
