"""Device installations (S4, S5): request, approval, the installed set, the user's sign-off."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("installations", __name__)


def init_app(app: Flask) -> None:
    import sqlalchemy as sa

    from app.accounts.roles import APPROVERS, STAFF
    from app.extensions import db
    from app.installations import (  # noqa: F401
        api,
        labels,
        panels,
        routes,
        routes_signoff,
        workflow,
    )
    from app.web import navigation

    labels.register_template_helpers(app)
    labels.register_history_words()
    panels.register()
    if not sa.event.contains(db.session, "before_flush", workflow.add_for_new_tickets):
        sa.event.listen(db.session, "before_flush", workflow.add_for_new_tickets)
    navigation.register("installations.index", _l("Installations"), STAFF | APPROVERS, order=23)
    app.register_blueprint(bp)
