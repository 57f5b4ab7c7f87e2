"""Per-person notification preferences: for each topic, mail (the default), a mention in a
group chat the person is linked to, or nothing beyond the portal's own pages (flush only)."""

import uuid
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.audit.services import record
from app.chat import inbox
from app.chat.models import ChatLink, ChatMessage, ChatRobot, NotificationPreference
from app.extensions import db, utcnow

MAIL = "mail"
CHAT = "chat"
PORTAL = "portal"
CHANNELS = (MAIL, CHAT, PORTAL)
CHANNEL_LABELS = {
    MAIL: _l("By mail"),
    CHAT: _l("In my group chat"),
    PORTAL: _l("Only in the portal"),
}
# topic → the mail templates it covers. Mail that carries files (sheets, reports, minutes),
# sign-in mail and survey links always go by mail.
TOPICS = {
    "my_tickets": ("acknowledge", "reply", "status", "resolved"),
    "watching": ("watch_copied", "watch_update"),
    "assigned": ("requester_reply",),
    "dispatch": ("dispatch",),
    "sla": ("sla_warning", "sla_breach", "sla_escalation"),
    "escalations": ("escalation_step", "escalation_confirmed", "escalation_closed"),
    "changes": ("change_approval", "change_decided", "change_announce"),
    "installations": ("installation_approval", "installation_confirm", "installation_rejected"),
    "settlements": ("settlement_answered", "settlement_overdue"),
}
TOPIC_LABELS = {
    "my_tickets": _l("My requests: received, answered, resolved"),
    "watching": _l("Requests I am copied on"),
    "assigned": _l("Replies on tickets I handle"),
    "dispatch": _l("Tickets dispatched to me"),
    "sla": _l("Service level warnings and breaches"),
    "escalations": _l("Escalations"),
    "changes": _l("Changes: approvals and decisions"),
    "installations": _l("Installations: approvals and sign-off"),
    "settlements": _l("Settlement answers and late steps"),
}
TOPIC_OF = {template: topic for topic, templates in TOPICS.items() for template in templates}


def preferences(user) -> dict[str, str]:
    """topic → channel for every topic (mail where nothing is chosen)."""
    rows = db.session.execute(
        sa.select(NotificationPreference.topic, NotificationPreference.channel).where(
            NotificationPreference.user_id == user.id
        )
    )
    chosen = dict(rows.all())
    return {topic: chosen.get(topic, MAIL) for topic in TOPICS}


def link_of(user) -> ChatLink | None:
    link = db.session.get(ChatLink, user.id)
    return link if link is not None and link.robot.active else None


def save(user, chosen: dict[str, str], *, robot_id: int | None, chat_user_id: str, now: datetime):
    """Store the person's choices and chat link, audited."""
    before = preferences(user)
    db.session.execute(
        sa.delete(NotificationPreference).where(NotificationPreference.user_id == user.id)
    )
    for topic, channel in chosen.items():
        if topic in TOPICS and channel in CHANNELS and channel != MAIL:
            db.session.add(NotificationPreference(user_id=user.id, topic=topic, channel=channel))
    link = db.session.get(ChatLink, user.id)
    chat_user_id = chat_user_id.strip()[:64]
    if robot_id and chat_user_id and db.session.get(ChatRobot, robot_id) is not None:
        link = link or ChatLink(user_id=user.id)
        link.robot_id, link.chat_user_id = robot_id, chat_user_id
        db.session.add(link)
    elif link is not None:
        db.session.delete(link)
    db.session.flush()
    after = preferences(user)
    diff = {
        topic: [before[topic], after[topic]] for topic in TOPICS if before[topic] != after[topic]
    }
    record(
        user, "user.notifications", user, {**diff, "chat": bool(robot_id and chat_user_id)}, now=now
    )


def route(
    user, template: str, *, title: str, text: str, link: str, context: dict | None = None
) -> bool:
    """Called by the mail outbox for a mail to `user`: the notice goes to the person's list in
    the portal; True when they do not want it by mail (it went to their group chat, or stays
    in the portal)."""
    topic = TOPIC_OF.get(template)
    if topic is None or getattr(user, "id", None) is None:
        return False
    inbox.add(user, topic, template, context or {}, link=link)
    channel = db.session.scalar(
        sa.select(NotificationPreference.channel).where(
            NotificationPreference.user_id == user.id, NotificationPreference.topic == topic
        )
    )
    if channel == PORTAL:
        return True
    if channel != CHAT:
        return False
    chat = link_of(user)
    if chat is None:
        return False  # no group chat linked: mail rather than nothing
    now = utcnow()
    db.session.add(
        ChatMessage(
            robot_id=chat.robot_id,
            key=f"person:{user.id}:{uuid.uuid4().hex}",
            event=topic,
            title=title[:300],
            text=text,
            link=link[:500],
            mention=chat.chat_user_id,
            created_at=now,
            next_attempt_at=now,
        )
    )
    return True
