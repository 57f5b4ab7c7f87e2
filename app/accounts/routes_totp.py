"""Two-factor sign-in: the second step of signing in, and enrolment on the profile."""

from datetime import timedelta

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import bp, sessions, totp
from app.accounts.forms import AppCodeForm, CodeForm, DisableTwoFactorForm
from app.accounts.models import User
from app.accounts.roles import STAFF
from app.extensions import db, utcnow
from app.web.access import allow, public
from app.web.redirects import local_path
from app.web.render import render
from app.web.unit_of_work import keep_writes

PENDING = "second_factor"
ENROLLING = "two_factor_secret"
PENDING_MINUTES = 5
MAX_FAILURES = 5
# what a signed-in person who must enrol may still reach
ENROLMENT_ENDPOINTS = {"accounts.two_factor", "accounts.logout", "web.set_language", "static"}


def ask_second_factor(user: User, next_path: str | None):
    """The password was right; the code comes next, within five minutes."""
    session.clear()
    session[PENDING] = {
        "user": user.get_id(),
        "until": (utcnow() + timedelta(minutes=PENDING_MINUTES)).timestamp(),
        "next": local_path(next_path) or "",
        "failures": 0,
    }
    return redirect(url_for("accounts.second_factor"))


def pending_user() -> User | None:
    pending = session.get(PENDING) or {}
    if not pending or pending.get("until", 0) < utcnow().timestamp():
        return None
    number, _sep, epoch = str(pending.get("user", "")).partition(":")
    user = db.session.get(User, int(number)) if number.isdigit() else None
    if user is None or not user.active or str(user.session_epoch) != epoch:
        return None
    return user


@bp.route("/login/code", methods=["GET", "POST"])
@public
def second_factor():
    """The second step of signing in: a code from the app or a recovery code."""
    user = pending_user()
    if user is None:
        session.pop(PENDING, None)
        return redirect(url_for("accounts.login"))
    form = CodeForm()
    if not form.validate_on_submit():
        return render("accounts/second_factor.html", form=form, status=422 if form.errors else 200)
    now, source = utcnow(), request.remote_addr or ""
    limits = {
        "max_failures": current_app.config["LOGIN_MAX_FAILURES"],
        "lock_minutes": current_app.config["LOGIN_LOCK_MINUTES"],
    }
    if totp.verify(user, form.code.data, source=source, now=now, **limits):
        next_path = session[PENDING]["next"]
        sessions.start(user, now)
        return redirect(next_path or url_for("web.home"))
    keep_writes()  # the failure is audited although the answer is 401
    pending = dict(session[PENDING], failures=session[PENDING]["failures"] + 1)
    session[PENDING] = pending
    if pending["failures"] >= MAX_FAILURES or totp.locked(user, now):
        session.pop(PENDING)
        flash(_("Too many wrong codes. Sign in again."), "error")
        return redirect(url_for("accounts.login"))
    form.code.errors.append(_("That code is not right, or it was used already."))
    return render("accounts/second_factor.html", form=form, status=401)


@bp.route("/profile/two-factor", methods=["GET", "POST"])
@allow(STAFF)
def two_factor():
    """Turn on two-factor sign-in by scanning a QR code and confirming one code."""
    user, form, now = current_user._get_current_object(), AppCodeForm(prefix="tf"), utcnow()
    if user.totp_enabled:
        return render_two_factor(user)
    secret = session.get(ENROLLING) or totp.new_secret()
    session[ENROLLING] = secret  # kept in the signed session until a code confirms it
    if form.validate_on_submit():
        codes = totp.confirm_enrolment(user, secret, form.code.data, now=now)
        if codes is not None:
            session.pop(ENROLLING)
            return render_two_factor(user, recovery_codes=codes)
        form.code.errors.append(_("That code is not right. Check the time on your phone."))
    return render_two_factor(user, form=form, status=422 if form.errors else 200)


def render_two_factor(user, form=None, recovery_codes=None, status=200, disable_form=None):
    secret = session.get(ENROLLING, "")
    return render(
        "accounts/two_factor.html",
        status=status,
        form=form or AppCodeForm(prefix="tf"),
        disable_form=disable_form or DisableTwoFactorForm(prefix="off"),
        renew_form=AppCodeForm(prefix="rc"),
        qr=None if user.totp_enabled else totp.qr_svg(totp.provisioning_uri(user, secret)),
        secret=secret,
        recovery_codes=recovery_codes,
        codes_left=totp.recovery_codes_left(user) if user.totp_enabled else 0,
        required=totp.required_for(user),
    )


@bp.post("/profile/two-factor/recovery-codes")
@allow(STAFF)
def renew_recovery_codes():
    """New recovery codes (the old ones stop working), after a code from the app."""
    user, form, now = current_user, AppCodeForm(prefix="rc"), utcnow()
    if not user.totp_enabled:
        abort(404)
    if form.validate_on_submit() and totp.verify(user, form.code.data, source="", now=now):
        return render_two_factor(user, recovery_codes=totp.renew_recovery_codes(user, now=now))
    keep_writes()
    flash(_("That code is not right, or it was used already."), "error")
    return render_two_factor(user, status=422)


@bp.post("/profile/two-factor/off")
@allow(STAFF)
def disable_two_factor():
    """Turn two-factor sign-in off with the password, unless the contract requires it."""
    user, form = current_user, DisableTwoFactorForm(prefix="off")
    if not user.totp_enabled:
        abort(404)
    if totp.required_for(user):
        abort(403)
    if form.validate_on_submit() and user.check_password(form.password.data):
        totp.disable(user, actor=user, now=utcnow())
        flash(_("Two-factor sign-in is off."), "success")
        return redirect(url_for("accounts.profile"))
    form.password.errors.append(_("The password is wrong."))
    return render_two_factor(user, disable_form=form, status=422)


def require_enrolment():
    """before_request: a manager or admin the contract requires it of enrols before anything
    else. API tokens are not affected."""
    if request.path.startswith("/api/") or request.endpoint in ENROLMENT_ENDPOINTS:
        return None
    if not current_user.is_authenticated or current_user.totp_enabled:
        return None
    if totp.required_for(current_user):
        flash(_("Your contract requires two-factor sign-in. Set it up to go on."), "info")
        return redirect(url_for("accounts.two_factor"))
    return None
