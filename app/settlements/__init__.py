"""Monthly fee settlement (S21): the sheet computed from the service record, sent to the
client's project lead, confirmed or disputed, then locked."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("settlements", __name__)


def init_app(app: Flask) -> None:
    import sqlalchemy as sa

    from app.contracts.services import get_contract
    from app.extensions import db
    from app.settlements import (  # noqa: F401  (jobs registers the worker's steps)
        api,
        jobs,
        labels,
        panels,
        policy,
        routes,
        routes_link,
        routes_plan,
        services,
    )
    from app.web import navigation

    labels.register_template_helpers(app)
    app.jinja_env.globals.update(
        can_prepare_settlements=policy.can_prepare,
    )
    panels.register()
    if not sa.event.contains(db.session, "before_flush", services.guard_locked):
        sa.event.listen(db.session, "before_flush", services.guard_locked)
    navigation.register(
        "settlements.index",
        _l("Settlements"),
        policy.AUDIENCE,
        order=27,
        visible=lambda user: policy.can_view(user, get_contract()),
    )
    app.register_blueprint(bp)
