"""Asset register and CMDB: CIs with owners, sets, authorised changes, audits, RMAs, labels."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("assets", __name__, url_prefix="/assets")


def init_app(app: Flask) -> None:
    from app.accounts.roles import CLIENT, ONSITE, STAFF
    from app.assets import (  # noqa: F401
        api,
        demo,
        history,
        naming,
        panels,
        routes,
        routes_audits,
        routes_tools,
        services,
    )
    from app.assets.labels import register_template_helpers
    from app.tickets.rules import TYPE_PREFIX
    from app.web import hooks, navigation

    register_template_helpers(app)
    panels.register()
    hooks.set_owned_asset_tags(naming.owned_tags)
    hooks.set_refused_asset_tags(naming.refused_tags)
    for prefix in TYPE_PREFIX.values():  # INC, REQ, INS: a ticket authorises what it lists
        services.register_authorizer(prefix, services.ticket_authorises, ticket_link)
    navigation.register("assets.mine", _l("My devices"), CLIENT, order=15)
    navigation.register("assets.index", _l("Assets"), STAFF, order=30)
    navigation.register("assets.audit_list", _l("Audits"), ONSITE, order=31)
    app.register_blueprint(bp)


def ticket_link(number: str) -> str:
    from flask import url_for

    return url_for("tickets.detail", number=number)
