"""Two-factor sign-in with time-based one-time codes (RFC 6238) and recovery codes for
vendor staff; the contract can require it for managers and admins (flush, never commit)."""

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

import pyotp
import qrcode
import qrcode.image.svg
import sqlalchemy as sa
from markupsafe import Markup
from sqlalchemy.orm.attributes import set_committed_value

from app.accounts import services
from app.accounts.models import RecoveryCode, User
from app.accounts.roles import STAFF, has_role
from app.audit.services import record
from app.extensions import db

ISSUER = "Deskpact"
RECOVERY_CODES = 10
# a code is accepted for the step it was made in and one step either side (clock drift)
DRIFT_STEPS = 1

# The contract above tells which roles must use two-factor sign-in (set at start-up).
_required_roles: Callable[[], frozenset[str]] = lambda: frozenset()  # noqa: E731


def set_required_roles(function: Callable[[], frozenset[str]]) -> None:
    global _required_roles
    _required_roles = function


def may_enrol(user) -> bool:
    """Two-factor sign-in is for the vendor's staff."""
    return has_role(user, STAFF)


def required_for(user) -> bool:
    """The contract requires this user to sign in with a second factor."""
    return may_enrol(user) and has_role(user, _required_roles())


def new_secret() -> str:
    """A secret for the user to scan; it is kept once a code made from it is confirmed."""
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(text: str) -> Markup:
    """The text as an inline SVG QR code."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    return Markup(svg[svg.index("<svg") :])


def _accept_code(user: User, code: str, now: datetime, secret: str | None = None) -> bool:
    """The code is right for now (± drift) and newer than the last accepted one: each works
    once, so a code seen over someone's shoulder cannot be replayed."""
    code = "".join(code.split())
    secret = secret or user.totp_secret
    if not secret or len(code) != 6 or not code.isdigit():
        return False
    totp = pyotp.TOTP(secret)
    step = totp.timecode(now)
    for candidate in range(step - DRIFT_STEPS, step + DRIFT_STEPS + 1):
        if candidate > (user.totp_last_step or 0) and hmac.compare_digest(
            totp.generate_otp(candidate), code
        ):
            return _claim_step(user, candidate)
    return False


def _claim_step(user: User, step: int) -> bool:
    """Record the code's time step as used, unless a request at the same moment already did:
    of two sign-ins with one code, only one wins."""
    newer = sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step)
    claimed = db.session.execute(
        sa.update(User)
        .where(User.id == user.id, newer)
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed:
        set_committed_value(user, "totp_last_step", step)
    return bool(claimed)


def confirm_enrolment(user: User, secret: str, code: str, *, now: datetime) -> list[str] | None:
    """Turn two-factor sign-in on with the scanned secret and a first code from it; returns
    the recovery codes to show once, or None when the code is wrong."""
    if user.totp_enabled or not _accept_code(user, code, now, secret):
        return None
    user.totp_secret, user.totp_enabled_at = secret, now
    codes = _new_recovery_codes(user)
    record(user, "user.totp_enrolled", user, now=now)
    return codes


def disable(user: User, *, actor, now: datetime) -> None:
    user.totp_secret, user.totp_enabled_at, user.totp_last_step = "", None, 0
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    record(actor, "user.totp_disabled", user, now=now)


def renew_recovery_codes(user: User, *, now: datetime) -> list[str]:
    codes = _new_recovery_codes(user)
    record(user, "user.totp_recovery_renewed", user, now=now)
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = secrets.token_hex(5)
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash_recovery(raw)))
    db.session.flush()
    return codes


def _hash_recovery(code: str) -> str:
    normalised = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(RecoveryCode.id)).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )


SECOND_FACTOR = "second factor"  # the throttle row's source: one count per account


def locked(user: User, now: datetime) -> bool:
    """Too many wrong codes for this account lately, from wherever they came."""
    return services.is_locked(services.throttle_of(user.email, SECOND_FACTOR), now)


def verify(
    user: User, code: str, *, source: str, now: datetime, max_failures=5, lock_minutes=15
) -> bool:
    """The second step of signing in: an app code, or an unused recovery code (used up).
    Wrong codes are counted per account on the server, so a replayed cookie gains nothing."""
    guard = services.throttle_of(user.email, SECOND_FACTOR)
    if not user.totp_enabled or services.is_locked(guard, now):
        record(None, "user.totp_failed", user, {"source": source, "locked": True}, now=now)
        return False
    if _accept_code(user, code, now):
        if sa.inspect(guard).persistent:
            db.session.delete(guard)
        record(user, "user.totp_login", user, {"source": source}, now=now)
        return True
    used = sa.update(RecoveryCode).where(
        RecoveryCode.user_id == user.id,
        RecoveryCode.code_hash == _hash_recovery(code),
        RecoveryCode.used_at.is_(None),
    )
    if db.session.execute(used.values(used_at=now)).rowcount == 1:
        record(user, "user.totp_recovery_login", user, {"source": source}, now=now)
        return True
    record(None, "user.totp_failed", user, {"source": source}, now=now)
    lock = timedelta(minutes=lock_minutes)
    services.count_failure(
        user.email,
        SECOND_FACTOR,
        lambda failures: lock if failures >= max_failures else None,
        now=now,
        period=lock,
    )
    return False
