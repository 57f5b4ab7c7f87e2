"""Audit trail: every change recorded with who, when and what; managers can read it."""

from flask import Blueprint, Flask

bp = Blueprint("audit", __name__, url_prefix="/audit")


def init_app(app: Flask) -> None:
    from app.audit import routes  # noqa: F401

    app.register_blueprint(bp)
