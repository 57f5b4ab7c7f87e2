"""Contract settings: parties, contacts, service levels, settlement days."""

from flask import Blueprint, Flask

bp = Blueprint("contracts", __name__, url_prefix="/contract")


def init_app(app: Flask) -> None:
    from app.contracts import routes  # noqa: F401

    app.register_blueprint(bp)
