"""People: users with one role each, their departments, API tokens and login throttling."""

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts.roles import STAFF
from app.extensions import UTCDateTime, db, utcnow


class Department(db.Model):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name_zh: Mapped[str] = mapped_column(sa.String(100))
    name_en: Mapped[str] = mapped_column(sa.String(100))

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    role: Mapped[str] = mapped_column(sa.String(16), index=True)
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"))
    location: Mapped[str] = mapped_column(sa.String(100), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="", index=True)
    vip: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(sa.String(5), default="zh")
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255), default="")
    # the entry in the client's directory this account signs in with (None: a local account)
    directory_dn: Mapped[str | None] = mapped_column(sa.String(512), unique=True)
    manager_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # raised when the password is reset: the sign-ins made before it no longer count
    session_epoch: Mapped[int] = mapped_column(default=0, server_default="0")
    # two-factor sign-in (TOTP): the shared secret once enrolment is confirmed
    totp_secret: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the last 30-second step a code was accepted for: a code works once
    totp_last_step: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    department: Mapped[Department | None] = relationship(lazy="joined")
    manager: Mapped["User | None"] = relationship(remote_side=[id], foreign_keys=[manager_id])

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """The session names the user and the epoch of the password it was opened with."""
        return f"{self.id}:{self.session_epoch}"

    @property
    def totp_enabled(self) -> bool:
        return self.totp_enabled_at is not None and bool(self.totp_secret)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def is_vendor(self) -> bool:
        return self.role in STAFF

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class UserSession(db.Model):
    """One signed-in browser: the session cookie names it, so signing out, a new password,
    a new role or a disabled account end it on the server, whatever copy of the cookie is
    kept; the user sees their own and can end the others."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(sa.String(43), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(sa.String(64), default="")
    user_agent: Mapped[str] = mapped_column(sa.String(200), default="")


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    label: Mapped[str] = mapped_column(sa.String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # None: the token works until it is revoked
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class LoginThrottle(db.Model):
    """Failed sign-ins from one source address: against one email address (which is then
    locked for that source only, so nobody can lock a colleague out from elsewhere), and
    against any address (email "*"), which slows trying one password on many accounts."""

    __tablename__ = "login_throttle"

    email: Mapped[str] = mapped_column(sa.String(254), primary_key=True)
    source: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    # failures count within one lock period from the first of them, then start again
    counting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def number(self) -> str:
        """How the audit trail names it."""
        return f"{self.email} from {self.source}"


class RecoveryCode(db.Model):
    """A one-time code that stands in for the authenticator app; only its hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
