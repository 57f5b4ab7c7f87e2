"""Accounts: sign-in, profiles, API tokens and user administration."""

from flask import Blueprint, Flask, request
from flask_babel import lazy_gettext as _l

from app.extensions import db, login_manager

bp = Blueprint("accounts", __name__)


def init_app(app: Flask) -> None:
    from app.accounts import (  # noqa: F401
        cli,
        jobs,
        roles,
        routes,
        routes_audit,
        routes_reset,
        routes_totp,
        sessions,
    )
    from app.accounts.models import User
    from app.accounts.services import user_for_token
    from app.web import navigation

    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        if request.path.startswith("/api/"):
            return None  # the API is not protected from cross-site forgery: tokens only
        number, _, epoch = user_id.partition(":")
        if not number.isdigit() or not epoch.isdigit():
            return None
        user = db.session.get(User, int(number))
        if user is None or not user.active or user.session_epoch != int(epoch):
            return None  # e.g. a session opened before the password was reset
        if sessions.current(user) is None:
            return None  # signed out, ended from another browser, or timed out
        return user

    @login_manager.request_loader
    def load_user_from_bearer_token(request_):
        scheme, _, token = request_.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not request_.path.startswith("/api/"):
            return None
        return user_for_token(token.strip())

    navigation.register("web.home", _l("Home"), roles.EVERYONE, order=0)
    navigation.register("audit.index", _l("Audit trail"), roles.MANAGERS, order=90)
    navigation.register("accounts.users", _l("Users"), roles.ADMINS, order=92)
    app.before_request(routes_totp.require_enrolment)
    app.register_blueprint(bp)
    app.register_blueprint(routes_audit.bp)
    app.cli.add_command(cli.users)
