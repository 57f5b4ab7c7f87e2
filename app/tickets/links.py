"""Signed one-click links in mail: confirm a fix without signing in."""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

CONFIRM_SALT = "ticket-confirm"
CONFIRM_DAYS = 14


def serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CONFIRM_SALT)


def confirm_token(ticket) -> str:
    """Bound to the ticket, its requester and the resolution it confirms (single use)."""
    resolved = ticket.resolved_at.isoformat() if ticket.resolved_at else ""
    return serializer().dumps({"t": ticket.number, "u": ticket.requester_id, "r": resolved})


def read_confirm_token(token: str) -> dict | None:
    """The token's payload, or None when tampered with or expired."""
    try:
        return serializer().loads(token, max_age=CONFIRM_DAYS * 86400)
    except (BadSignature, SignatureExpired):
        return None
