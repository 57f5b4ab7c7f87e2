"""Forgotten passwords: ask for a reset link by mail, then choose a new password with it."""

from flask import flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from app.accounts import bp, reset
from app.accounts.forms import ForgotPasswordForm, NewPasswordForm
from app.extensions import utcnow
from app.web.access import public
from app.web.render import render


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
def forgot_password():
    """Ask for a reset link; the answer is the same whether or not the address has an account."""
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render("accounts/forgot_password.html", form=form, status=status)
    reset.request_reset(form.email.data, source=request.remote_addr or "", now=utcnow())
    flash(
        _(
            "If that address belongs to an account with a password here, a link to reset it "
            "is on its way. It works once, within %(minutes)d minutes.",
            minutes=reset.RESET_MINUTES,
        ),
        "info",
    )
    return redirect(url_for("accounts.login"))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    """Choose a new password with the link from the mail."""
    user = reset.user_for_reset_token(token)
    if user is None:
        page = render("accounts/reset_invalid.html", status=400)
        page.headers["Referrer-Policy"] = "no-referrer"
        return page
    form = NewPasswordForm()
    form.owner = user
    if form.validate_on_submit():
        reset.reset_password(user, form.new.data, source=request.remote_addr or "")
        if current_user.is_authenticated:
            logout_user()
        session.clear()
        flash(_("Your password is changed. Sign in with it now."), "success")
        return redirect(url_for("accounts.login"))
    page = render("accounts/reset_password.html", form=form, status=422 if form.errors else 200)
    page.headers["Referrer-Policy"] = "no-referrer"
    return page
