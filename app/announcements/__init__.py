"""What the group chats hear: the domains' events (a dispatch, a P1, an SLA warning or breach,
an escalation level, an approved change, a disputed settlement) become chat announcements."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.announcements import subscribers

    subscribers.subscribe()
