"""The signed one-click confirm link in an escalation step's mail: bound to the escalation,
the level and the person called; a confirmed step makes it spent."""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

CONFIRM_SALT = "escalation-confirm"
LINK_DAYS = 14


def serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CONFIRM_SALT)


def confirm_token(escalation, step) -> str:
    return serializer().dumps({"e": escalation.number, "l": step.level, "u": step.contact_id})


def read(token: str) -> dict | None:
    """The payload, or None when tampered with or older than LINK_DAYS."""
    try:
        payload = serializer().loads(token, max_age=LINK_DAYS * 86400)
    except (BadSignature, SignatureExpired):
        return None
    return payload if isinstance(payload, dict) else None
