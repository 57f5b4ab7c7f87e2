"""Contract settings: parties, contacts, service levels, settlement days."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("contracts", __name__, url_prefix="/contract")


def init_app(app: Flask) -> None:
    from app.accounts.roles import MANAGERS
    from app.contracts import routes  # noqa: F401
    from app.web import navigation

    navigation.register("contracts.edit", _l("Contract"), MANAGERS, order=91)

    app.register_blueprint(bp)
