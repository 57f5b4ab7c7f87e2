"""Contract settings: parties, contacts, service levels, settlement days, rate limits."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("contracts", __name__, url_prefix="/contract")


def init_app(app: Flask) -> None:
    from app.accounts import totp
    from app.accounts.roles import MANAGERS
    from app.contracts import routes  # noqa: F401
    from app.contracts.services import get_contract
    from app.web import limits, navigation

    def two_factor_roles() -> frozenset[str]:
        return MANAGERS if get_contract().two_factor_for_managers else frozenset()

    totp.set_required_roles(two_factor_roles)
    limits.read_contract_with(lambda name: getattr(get_contract(), name))
    navigation.register("contracts.edit", _l("Contract"), MANAGERS, order=91)

    app.register_blueprint(bp)
