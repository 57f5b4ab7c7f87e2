"""Account operations: sign-in with throttling, users, API tokens (flush, never commit)."""

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.accounts.models import ApiToken, LoginThrottle, User
from app.audit.services import changes, record
from app.extensions import db, utcnow
from app.web.access import ROLES, hash_token


class AccountError(ValueError):
    """Input that cannot make or change an account; the message is shown to the user."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def authenticate(
    email: str, password: str, *, now: datetime, max_failures: int, lock_minutes: int
) -> User | None:
    """The active user with these credentials, or None; locks an address after repeated failures."""
    email = normalise_email(email)
    throttle = db.session.get(LoginThrottle, email)
    if throttle and throttle.locked_until and throttle.locked_until > now:
        return None
    user = user_by_email(email)
    if user and user.active and user.check_password(password):
        if throttle:
            db.session.delete(throttle)
        return user
    if throttle is None:
        throttle = LoginThrottle(email=email, failures=0)
        db.session.add(throttle)
    throttle.failures += 1
    if throttle.failures >= max_failures:
        throttle.locked_until = now + timedelta(minutes=lock_minutes)
        throttle.failures = 0
    return None


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


def change_password(user: User, new_password: str, *, actor) -> None:
    user.set_password(new_password)
    record(actor, "user.password", user)


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
