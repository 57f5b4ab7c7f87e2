"""Satisfaction surveys (S7 ≥ 85 %, S18): per-ticket surveys, relationship campaigns, scores."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("surveys", __name__)


def init_app(app: Flask) -> None:
    from app.accounts.roles import CLIENT, MANAGERS
    from app.surveys import (  # noqa: F401
        api,
        demo,
        jobs,
        panels,
        routes,
        routes_manage,
    )
    from app.surveys.labels import register_template_helpers
    from app.surveys.services import on_ticket_action
    from app.web import hooks, navigation

    register_template_helpers(app)
    hooks.on_ticket_action(on_ticket_action)
    panels.register()
    navigation.register("surveys.mine", _l("Surveys"), CLIENT, order=15)
    navigation.register("surveys.results", _l("Satisfaction"), MANAGERS, order=60)
    app.register_blueprint(bp)
