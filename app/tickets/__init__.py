"""Service desk: the catalog, tickets from every channel, and their way to confirmed closure."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("tickets", __name__)


def init_app(app: Flask) -> None:
    from app.accounts.roles import CALL_TAKERS, CLIENT, EVERYONE, MANAGERS, ONSITE, SERVICE_DESK
    from app.tickets import api, demo, mail_intake, routes  # noqa: F401
    from app.tickets.labels import register_template_helpers
    from app.web import navigation

    register_template_helpers(app)
    from app.tickets import panels, policy

    app.jinja_env.globals.update(can_log_calls=policy.can_log_calls)

    panels.register()
    navigation.register("tickets.new", _l("New request"), EVERYONE, order=10)
    navigation.register("tickets.mine", _l("My requests"), CLIENT, order=11)
    navigation.register("tickets.queue", _l("Queue"), SERVICE_DESK, order=12)
    navigation.register("tickets.phone", _l("Phone intake"), CALL_TAKERS, order=13)
    navigation.register("tickets.dispatches", _l("My dispatches"), ONSITE, order=14)
    navigation.register("tickets.catalog", _l("Catalog"), MANAGERS, order=80)
    app.register_blueprint(bp)
