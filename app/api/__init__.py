"""The HTTP API under /api/v1: bearer tokens, JSON in and out (../shared/API.md)."""

from flask import Blueprint, Flask

from app.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def init_app(app: Flask) -> None:
    from app.api import routes  # noqa: F401

    # Bearer tokens, not cookies, authenticate here, so cross-site forgery has nothing to ride on.
    csrf.exempt(bp)
    app.register_blueprint(bp)
