"""Signed survey links in mail: answer without signing in, one use, for a limited time."""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.surveys import rules

SALT = "survey-answer"


class LinkError(ValueError):
    """`reason`: invalid (tampered or unknown) or expired."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Link:
    invitation_id: int
    question_id: int | None
    rating: int | None


def serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def answer_token(invitation, question_id: int | None = None, rating: int | None = None) -> str:
    """A link to the invitation's form; with a question and rating, that answer pre-chosen.

    Single use: the invitation accepts one response, after which every link of it is spent.
    """
    return serializer().dumps({"i": invitation.id, "q": question_id, "v": rating})


def read_token(token: str, *, now: datetime, days: int) -> Link:
    """The link's content; LinkError when tampered with or older than `days`."""
    try:
        payload, signed_at = serializer().loads(token, return_timestamp=True)
        link = Link(int(payload["i"]), payload.get("q"), payload.get("v"))
    except (BadSignature, KeyError, TypeError, ValueError):
        raise LinkError("invalid") from None
    if rules.link_expired(signed_at, now, days):
        raise LinkError("expired")
    return link
