"""Accounts: sign-in, profiles, API tokens and user administration."""

from flask import Blueprint, Flask

from app.extensions import db, login_manager

bp = Blueprint("accounts", __name__)


def init_app(app: Flask) -> None:
    from app.accounts import cli, routes  # noqa: F401
    from app.accounts.models import User

    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        user = db.session.get(User, int(user_id))
        return user if user and user.active else None

    app.register_blueprint(bp)
    app.cli.add_command(cli.users)
