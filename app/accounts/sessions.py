"""Signed-in sessions kept on the server (see models.UserSession): opened at sign-in, checked
on every request against the idle and absolute time-outs, ended by signing out, by a new
password, role or disabled account, or by the user from their profile."""

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, request, session
from flask_login import login_user

from app.accounts.models import User, UserSession
from app.audit.services import record
from app.extensions import db, utcnow

SESSION_KEY = "sid"
# how often a request writes that the session is still in use
TOUCH_EVERY = timedelta(minutes=1)


def start(user: User, now: datetime | None = None) -> UserSession:
    """A fresh session for the signed-in user, in their language."""
    now = now or utcnow()
    opened = UserSession(
        id=secrets.token_urlsafe(32),
        user_id=user.id,
        created_at=now,
        last_seen_at=now,
        source=(request.remote_addr or "")[:64],
        user_agent=request.user_agent.string[:200],
    )
    db.session.add(opened)
    session.clear()
    login_user(user)
    session[SESSION_KEY] = opened.id
    session["lang"] = user.language
    return opened


def time_outs() -> tuple[timedelta, timedelta]:
    """Idle and absolute time-outs (README, Configuration)."""
    config = current_app.config
    return (
        timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
        timedelta(hours=config["SESSION_MAX_HOURS"]),
    )


def is_live(row: UserSession | None, user: User, now: datetime) -> bool:
    idle, absolute = time_outs()
    return (
        row is not None
        and row.user_id == user.id
        and row.ended_at is None
        and row.last_seen_at + idle > now
        and row.created_at + absolute > now
    )


def current(user: User, now: datetime | None = None) -> UserSession | None:
    """This request's session if it is still live; touched at most once a minute, on a
    connection of its own, so a read (whose writes are rolled back) keeps it alive too."""
    now = now or utcnow()
    row = db.session.get(UserSession, session.get(SESSION_KEY) or "")
    if not is_live(row, user, now):
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        with db.engine.begin() as connection:
            connection.execute(
                sa.update(UserSession).where(UserSession.id == row.id).values(last_seen_at=now)
            )
        row.last_seen_at = now
    return row


def end(row: UserSession, *, actor, now: datetime | None = None) -> None:
    if row.ended_at is None:
        row.ended_at = now or utcnow()
        record(actor, "user.session_end", row_owner(row), {"source": row.source})


def live_sessions(user: User, now: datetime | None = None) -> list[UserSession]:
    now = now or utcnow()
    rows = db.session.scalars(
        sa.select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .order_by(UserSession.last_seen_at.desc())
    )
    return [row for row in rows if is_live(row, user, now)]


def row_owner(row: UserSession) -> User:
    return db.session.get(User, row.user_id)
