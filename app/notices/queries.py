"""Reads for notices: the banners one person sees, a notice's audience, the lists."""

from datetime import datetime

import sqlalchemy as sa

from app.accounts.models import Department, User
from app.accounts.roles import CLIENT
from app.extensions import db
from app.notices import rules
from app.notices.models import ClientNotice, Notice, NoticeDismissal


def valid_at(now: datetime) -> list[Notice]:
    return db.session.scalars(
        sa.select(Notice).where(Notice.starts_at <= now, Notice.ends_at > now)
    ).all()


def banners_for(user, now: datetime) -> list[Notice]:
    """The notices shown on every page to `user` right now."""
    if not getattr(user, "is_authenticated", False):
        return []
    notices = valid_at(now)
    if not notices:
        return []
    dismissed = set(
        db.session.scalars(
            sa.select(NoticeDismissal.notice_id).where(
                NoticeDismissal.user_id == user.id,
                NoticeDismissal.notice_id.in_([n.id for n in notices]),
            )
        )
    )
    return rules.banners(
        notices,
        department_id=user.department_id,
        location=user.location or "",
        dismissed=dismissed,
        now=now,
    )


def audience(notice: Notice) -> list[User]:
    """The client's active people a notice is meant for (mail goes to them)."""
    people = db.session.scalars(
        sa.select(User).where(User.active, User.role.in_(sorted(CLIENT))).order_by(User.id)
    )
    return [
        person
        for person in people
        if rules.in_audience(
            person.department_id,
            person.location or "",
            notice.department_ids or [],
            notice.locations or [],
        )
    ]


def listing() -> sa.Select:
    return sa.select(Notice).order_by(Notice.starts_at.desc(), Notice.id.desc())


def waiting_for_mail() -> list[Notice]:
    return db.session.scalars(
        sa.select(Notice).where(Notice.mail_requested_at.is_not(None), Notice.mailed_at.is_(None))
    ).all()


def by_change(number: str) -> Notice | None:
    return db.session.scalar(sa.select(Notice).where(Notice.change_number == number))


def client_notices() -> sa.Select:
    """Unacknowledged first, then the latest."""
    return sa.select(ClientNotice).order_by(
        ClientNotice.acknowledged_at.is_not(None), ClientNotice.recorded_at.desc()
    )


def unacknowledged() -> list[ClientNotice]:
    return db.session.scalars(
        sa.select(ClientNotice)
        .where(ClientNotice.acknowledged_at.is_(None))
        .order_by(ClientNotice.effective_on)
    ).all()


def audience_text(notice: Notice, lang: str) -> str:
    """The named departments and locations, for the list."""
    names = []
    if notice.department_ids:
        departments = db.session.scalars(
            sa.select(Department).where(Department.id.in_(notice.department_ids))
        )
        names = [d.name(lang) for d in departments]
    return "、".join(names + list(notice.locations or []))
