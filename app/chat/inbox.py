"""Each person's list of notices in the portal: every notice the outbox routes to an account
is kept here as a code (its mail template) with the number and title it is about, worded in
the reader's language when shown, whatever channel also carried it (flush only)."""

from datetime import datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.chat.models import Notification
from app.extensions import db

# what a notice says, by its code; %(number)s and %(title)s come from the record it is about
TEXTS = {
    "acknowledge": _l("%(number)s received: %(title)s"),
    "reply": _l("New reply on %(number)s: %(title)s"),
    "status": _l("%(number)s has a new status: %(title)s"),
    "resolved": _l("%(number)s is resolved, please confirm: %(title)s"),
    "watch_copied": _l("You are copied on %(number)s: %(title)s"),
    "watch_update": _l("News on %(number)s, which you are copied on: %(title)s"),
    "requester_reply": _l("A reply on %(number)s, which you handle: %(title)s"),
    "dispatch": _l("%(number)s is dispatched to you: %(title)s"),
    "sla_warning": _l("%(number)s: a service level is about to be missed"),
    "sla_breach": _l("%(number)s: a service level is missed"),
    "sla_escalation": _l("%(number)s is escalated for its service level"),
    "escalation_step": _l("Escalation %(number)s calls you: %(title)s"),
    "escalation_confirmed": _l("Escalation %(number)s: a step is confirmed"),
    "escalation_closed": _l("Escalation %(number)s is closed"),
    "change_approval": _l("Change %(number)s needs your approval: %(title)s"),
    "change_decided": _l("Change %(number)s is decided: %(title)s"),
    "change_announce": _l("Planned change %(number)s: %(title)s"),
    "installation_approval": _l("Installation %(number)s needs your approval: %(title)s"),
    "installation_confirm": _l("Please confirm your installation %(number)s: %(title)s"),
    "settlement_answered": _l("The settlement sheet of %(number)s is answered"),
    "settlement_overdue": _l("A step of the settlement sheet of %(number)s is late"),
}
FALLBACK = _l("%(number)s: %(title)s")
# the context entries a notice can be about, most specific first
SUBJECTS = ("ticket", "change", "installation", "escalation", "sheet")
PAGE_SIZE = 50


def about(context: dict) -> dict:
    """The number and title of the record a notice's mail is about, as plain strings."""
    for name in SUBJECTS:
        record = context.get(name)
        if record is None:
            continue
        number = getattr(record, "number", None) or getattr(record, "month", "")
        title = getattr(record, "title", None) or getattr(record, "subject_title", None)
        if title is None and getattr(record, "ticket", None) is not None:
            title = record.ticket.title  # an installation is titled by its request
        return {"number": str(number or ""), "title": str(title or "")[:200]}
    return {"number": str(context.get("month", "")), "title": ""}


def add(user, topic: str, code: str, context: dict, *, link: str) -> Notification:
    """Keep one notice in the person's list; the link is kept as the portal's own path."""
    parts = urlsplit(link or "")
    path = parts.path + (f"?{parts.query}" if parts.query else "") if parts.path else ""
    notice = Notification(
        user_id=user.id, topic=topic, code=code[:40], params=about(context), link=path[:500]
    )
    db.session.add(notice)
    return notice


def text(notice: Notification) -> str:
    params = {"number": "", "title": "", **(notice.params or {})}
    return str(TEXTS.get(notice.code, FALLBACK) % params)


def unread_count(user) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    )


def latest(user, limit: int = PAGE_SIZE) -> list[Notification]:
    return db.session.scalars(
        sa.select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.id.desc())
        .limit(limit)
    ).all()


def mark_read(user, *, now: datetime, notice_id: int | None = None) -> int:
    """Mark one notice (or all) of this person read; how many changed."""
    query = sa.update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if notice_id is not None:
        query = query.where(Notification.id == notice_id)
    return db.session.execute(query.values(read_at=now)).rowcount
