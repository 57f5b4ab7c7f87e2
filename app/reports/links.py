"""The signed link in the report mail: the client's project lead acknowledges receipt."""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "report-acknowledge"
DAYS = 60


def serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token(report) -> str:
    """Bound to the report version and the address it was sent to."""
    return serializer().dumps({"r": report.id, "to": report.sent_to or ""})


def read(value: str) -> dict | None:
    """The payload, or None when tampered with or expired."""
    try:
        return serializer().loads(value, max_age=DAYS * 86400)
    except (BadSignature, SignatureExpired):
        return None
