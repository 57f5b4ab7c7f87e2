"""Escalation management (S17): the contract's matrix of levels, escalations of tickets,
problems and complaints with every step confirmed, and the climb when nobody confirms."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("escalations", __name__)


def init_app(app: Flask) -> None:
    from app.escalations import (  # noqa: F401  (jobs registers the worker's climb)
        api,
        jobs,
        labels,
        panels,
        policy,
        routes,
        routes_link,
        routes_matrix,
        templating,
        triggers,
    )
    from app.web import navigation

    labels.register_template_helpers(app)
    templating.register(app)
    triggers.subscribe()
    panels.register()
    navigation.register("escalations.index", _l("Escalations"), policy.LOG_READERS, order=33)
    app.register_blueprint(bp)
