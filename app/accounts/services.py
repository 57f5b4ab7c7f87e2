"""Account operations: sign-in with throttling, users, API tokens (flush, never commit)."""

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.accounts.models import ApiToken, LoginThrottle, User
from app.accounts.roles import ROLES
from app.accounts.tokens import hash_token
from app.audit.services import changes, record
from app.extensions import db, utcnow


class AccountError(ValueError):
    """Input that cannot make or change an account; the message is shown to the user."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


ANY_ADDRESS = "*"
# tries from one source against any addresses, per lock period, before that source waits
SOURCE_FAILURES_FACTOR = 4


def authenticate(
    email: str,
    password: str,
    *,
    source: str,
    now: datetime,
    max_failures: int,
    lock_minutes: int,
    directory: Callable[..., User | None] | None = None,
) -> User | None:
    """The active user with these credentials, or None. Failures are counted per source
    address within one lock period: for this email address (locked after `max_failures`)
    and for any address (after four times as many). Every attempt is in the audit trail.

    Local accounts check their own password; any other login (a directory account, or a
    name the portal does not know yet) is asked of `directory(login, password, now=,
    source=)` when the client's directory is configured."""
    email = normalise_email(email)[:254]
    source = (source or "unknown")[:64]
    this_address = throttle_of(email, source)
    any_address = throttle_of(ANY_ADDRESS, source)
    locked = any(is_locked(t, now) for t in (this_address, any_address))
    user = user_by_email(email)
    local = user is not None and not user.directory_dn
    if locked:
        user = None
    elif local:
        user = user if user.active and user.check_password(password) else None
    else:
        user = directory(email, password, now=now, source=source) if directory else None
    if user is not None:
        if sa.inspect(this_address).persistent:
            db.session.delete(this_address)
        record(user, "user.login", user, {"source": source}, now=now)
        return user
    record(None, "user.login_failed", this_address, {"locked": locked}, now=now)
    if not locked:
        period_ago = now - timedelta(minutes=lock_minutes)
        limits = (
            (this_address, max_failures),
            (any_address, max_failures * SOURCE_FAILURES_FACTOR),
        )
        for throttle, limit in limits:
            count_failure(
                throttle, limit, now=now, lock_minutes=lock_minutes, period_ago=period_ago
            )
    return None


def count_failure(throttle: LoginThrottle, limit: int, *, now, lock_minutes: int, period_ago):
    """One more failure within the period; the limit reached locks for `lock_minutes`."""
    db.session.add(throttle)
    if throttle.counting_since is None or throttle.counting_since <= period_ago:
        throttle.failures, throttle.counting_since = 0, now
    throttle.failures += 1
    if throttle.failures >= limit:
        throttle.failures, throttle.locked_until = 0, now + timedelta(minutes=lock_minutes)
        record(None, "user.login_locked", throttle, {"minutes": lock_minutes}, now=now)


def is_locked(throttle: LoginThrottle, now) -> bool:
    return bool(throttle.locked_until and throttle.locked_until > now)


def throttle_of(email: str, source: str) -> LoginThrottle:
    """The stored count, or a new one that is only saved if this attempt fails."""
    stored = db.session.get(LoginThrottle, (email, source))
    return stored or LoginThrottle(email=email, source=source, failures=0)


def create_user(*, actor, email: str, name: str, role: str, password: str | None = None, **fields):
    """Make a user; refuses unknown roles and duplicate addresses."""
    email = normalise_email(email)
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if not email or "@" not in email:
        raise AccountError("a valid email address is required")
    if user_by_email(email):
        raise AccountError(f"{email} already has an account")
    user = User(email=email, name=name.strip(), role=role, **fields)
    if password:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record(actor, "user.create", user, {"email": email, "role": role})
    return user


def update_user(user: User, values: dict, *, actor) -> dict:
    """Change a user's profile, role or active flag, audited."""
    if "email" in values:
        values["email"] = normalise_email(values["email"])
        other = user_by_email(values["email"])
        if other and other.id != user.id:
            raise AccountError(f"{values['email']} already has an account")
    diff = changes(user, values)
    for name, value in values.items():
        setattr(user, name, value)
    if diff:
        record(actor, "user.update", user, diff)
    db.session.flush()
    return diff


def change_password(user: User, new_password: str, *, actor, action: str = "user.password") -> None:
    """Set a new password; every session opened with the old one ends."""
    user.set_password(new_password)
    user.session_epoch = (user.session_epoch or 0) + 1
    record(actor, action, user)


def issue_token(user: User, *, actor, label: str = "", now: datetime | None = None) -> str:
    """A new API token for `user`; only its hash is kept, so the caller shows it once."""
    token = "dp_" + secrets.token_urlsafe(32)
    db.session.add(
        ApiToken(
            user_id=user.id, token_hash=hash_token(token), label=label, created_at=now or utcnow()
        )
    )
    record(actor, "token.create", user, {"label": label})
    return token


def revoke_token(token: ApiToken, *, actor) -> None:
    record(actor, "token.revoke", token.user, {"label": token.label})
    db.session.delete(token)


def user_for_token(token: str) -> User | None:
    """The active user who owns this bearer token."""
    if not token:
        return None
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or not row.user.active:
        return None
    return row.user
