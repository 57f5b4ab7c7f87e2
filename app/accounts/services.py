"""Account operations: sign-in with throttling, users, API tokens (flush, never commit)."""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts.models import ApiToken, LoginThrottle, User, UserSession
from app.accounts.roles import ROLES
from app.accounts.tokens import hash_token
from app.audit.services import changes, record
from app.extensions import db, insert_unless_present, utcnow


class AccountError(ValueError):
    """Input that cannot make or change an account; the message is shown to the user."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


ANY = "*"  # the throttle row of an account from any address, or of an address for any account


@dataclass(frozen=True)
class SignInLimits:
    """How failed sign-ins slow an attacker without locking out an office behind one address:
    an account from one address is locked after `per_account_address` failures; an account
    from anywhere waits longer after each failure past `per_account` (1 s, 2 s, 4 s … up to
    the lock period); an address as a whole only after `per_address`, which a whole office
    mistyping on a Monday morning does not reach."""

    per_account_address: int = 5
    per_account: int = 10
    per_address: int = 200
    lock_minutes: int = 15

    def lock_after(self, key: str, failures: int) -> timedelta | None:
        lock = timedelta(minutes=self.lock_minutes)
        if key == "account_address":
            return lock if failures >= self.per_account_address else None
        if key == "account":
            over = failures - self.per_account
            return None if over < 0 else min(timedelta(seconds=2 ** min(over, 20)), lock)
        return lock if failures >= self.per_address else None


def sign_in_limits(config) -> SignInLimits:
    """The limits the deployment's settings give (README, Configuration)."""
    return SignInLimits(
        per_account_address=config["LOGIN_MAX_FAILURES"],
        per_account=config["LOGIN_ACCOUNT_MAX_FAILURES"],
        per_address=config["LOGIN_ADDRESS_MAX_FAILURES"],
        lock_minutes=config["LOGIN_LOCK_MINUTES"],
    )


# a hash to check a password against when no account can, so an unknown address takes as
# long to refuse as a wrong password and the answer time does not tell which accounts exist
_UNKNOWN_ACCOUNT_HASH = generate_password_hash(secrets.token_hex(16), method="scrypt")


def authenticate(
    email: str,
    password: str,
    *,
    source: str,
    now: datetime,
    limits: SignInLimits,
    directory: Callable[..., User | None] | None = None,
) -> User | None:
    """The active user with these credentials, or None. Failures are counted (see
    SignInLimits) for the account from this address, for the account from anywhere and for
    this address; every attempt is in the audit trail.

    Local accounts check their own password; any other login (a directory account, or a
    name the portal does not know yet) is asked of `directory(login, password, now=,
    source=)` when the client's directory is configured."""
    email = normalise_email(email)[:254]
    source = (source or "unknown")[:64]
    keys = {"account_address": (email, source), "account": (email, ANY), "address": (ANY, source)}
    locked = any(is_locked(throttle_of(*key), now) for key in keys.values())
    user = user_by_email(email)
    local = user is not None and not user.directory_dn
    if locked:
        check_password_hash(_UNKNOWN_ACCOUNT_HASH, password)
        user = None
    elif local:
        # the hash is checked for a disabled account too: its answer takes as long
        user = user if user.check_password(password) and user.active else None
    elif directory:
        user = directory(email, password, now=now, source=source)
    else:
        check_password_hash(_UNKNOWN_ACCOUNT_HASH, password)
        user = None
    if user is not None:
        db.session.execute(
            sa.delete(LoginThrottle).where(
                LoginThrottle.email == email, LoginThrottle.source.in_((source, ANY))
            )
        )
        record(user, "user.login", user, {"source": source}, now=now)
        return user
    record(None, "user.login_failed", throttle_of(email, source), {"locked": locked}, now=now)
    if not locked:
        for key, (throttle_email, throttle_source) in keys.items():
            count_failure(
                throttle_email,
                throttle_source,
                lambda failures, key=key: limits.lock_after(key, failures),
                now=now,
                period=timedelta(minutes=limits.lock_minutes),
            )
    return None


def count_failure(
    email: str,
    source: str,
    lock_after: Callable[[int], timedelta | None],
    *,
    now: datetime,
    period: timedelta,
) -> None:
    """One more failure on the throttle row, counted in the database in one statement, so
    that parallel failures are all counted (the first two no longer race to create the row);
    a count that started more than `period` ago starts again. `lock_after(failures)` says for
    how long the row is then locked, if at all."""
    insert = insert_unless_present(db.session.connection(), LoginThrottle)
    stale = LoginThrottle.counting_since <= now - period
    statement = (
        insert.values(email=email, source=source, failures=1, counting_since=now)
        .on_conflict_do_update(
            index_elements=[LoginThrottle.email, LoginThrottle.source],
            set_={
                "failures": sa.case((stale, 1), else_=LoginThrottle.failures + 1),
                "counting_since": sa.case((stale, now), else_=LoginThrottle.counting_since),
            },
        )
        .returning(LoginThrottle.failures)
    )
    failures = db.session.execute(statement).scalar_one()
    lock = lock_after(failures)
    if lock is None:
        return
    db.session.execute(
        sa.update(LoginThrottle)
        .where(LoginThrottle.email == email, LoginThrottle.source == source)
        .values(locked_until=now + lock)
        .execution_options(synchronize_session=False)
    )
    record(
        None,
        "user.login_locked",
        throttle_of(email, source),
        {"seconds": int(lock.total_seconds())},
        now=now,
    )


def is_locked(throttle: LoginThrottle, now) -> bool:
    return bool(throttle.locked_until and throttle.locked_until > now)


def throttle_of(email: str, source: str) -> LoginThrottle:
    """The stored count (read fresh), or an unsaved one with no failures."""
    stored = db.session.get(LoginThrottle, (email, source), populate_existing=True)
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
    if {"role", "active", "email"} & diff.keys():
        end_sessions(user)  # what the sessions were opened as is no longer true
    db.session.flush()
    return diff


def change_password(
    user: User,
    new_password: str,
    *,
    actor,
    action: str = "user.password",
    keep_session: str | None = None,
) -> None:
    """Set a new password; every session opened with the old one ends (but `keep_session`,
    the one the user changed it in)."""
    user.set_password(new_password)
    end_sessions(user, keep=keep_session)
    record(actor, action, user)


def end_sessions(user: User, *, keep: str | None = None, now: datetime | None = None) -> int:
    """End every session of `user` on the server (but `keep`): a copied cookie no longer
    signs in. Raising the epoch also ends sessions opened before sessions were stored."""
    user.session_epoch = (user.session_epoch or 0) + 1
    ended = db.session.execute(
        sa.update(UserSession)
        .where(
            UserSession.user_id == user.id,
            UserSession.ended_at.is_(None),
            UserSession.id != (keep or ""),
        )
        .values(ended_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return ended.rowcount


def issue_token(
    user: User,
    *,
    actor,
    label: str = "",
    now: datetime | None = None,
    valid_days: int | None = None,
) -> str:
    """A new API token for `user`, valid for `valid_days` (None: until revoked); only its
    hash is kept, so the caller shows it once."""
    token = "dp_" + secrets.token_urlsafe(32)
    now = now or utcnow()
    expires = now + timedelta(days=valid_days) if valid_days else None
    db.session.add(
        ApiToken(
            user_id=user.id,
            token_hash=hash_token(token),
            label=label,
            created_at=now,
            expires_at=expires,
        )
    )
    record(actor, "token.create", user, {"label": label, "days": valid_days})
    return token


def revoke_token(token: ApiToken, *, actor) -> None:
    record(actor, "token.revoke", token.user, {"label": token.label})
    db.session.delete(token)


# how often a call writes that its token is still in use
TOKEN_TOUCH_EVERY = timedelta(minutes=1)


def user_for_token(token: str, now: datetime | None = None) -> User | None:
    """The active user who owns this bearer token, if it has not expired. The token is read
    and its last use written on one short connection of its own, before the request's session
    takes one: read calls (rolled back) still count, and a request never holds two
    connections at once, which under many parallel calls would empty the pool."""
    if not token:
        return None
    now = now or utcnow()
    tokens = ApiToken.__table__
    with db.engine.begin() as connection:
        row = connection.execute(
            sa.select(
                tokens.c.id, tokens.c.user_id, tokens.c.expires_at, tokens.c.last_used_at
            ).where(tokens.c.token_hash == hash_token(token))
        ).first()
        if row is None or (row.expires_at and row.expires_at <= now):
            return None
        if row.last_used_at is None or now - row.last_used_at >= TOKEN_TOUCH_EVERY:
            connection.execute(
                sa.update(tokens).where(tokens.c.id == row.id).values(last_used_at=now)
            )
    user = db.session.get(User, row.user_id)
    return user if user is not None and user.active else None
