"""Change management (S15) with client approval, and device installations signed off (S4, S5)."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("changes", __name__)


def init_app(app: Flask) -> None:
    import sqlalchemy as sa

    from app.accounts.roles import APPROVERS, MANAGERS, STAFF
    from app.changes import (  # noqa: F401
        api,
        cmdb,
        demo,
        installations,
        installations_routes,
        panels,
        policy,
        routes,
        routes_calendar,
        routes_mail_links,
        routes_setup,
    )
    from app.changes.labels import register_template_helpers
    from app.extensions import db
    from app.web import navigation

    register_template_helpers(app)
    app.jinja_env.globals["can_create_change"] = policy.can_create
    panels.register()
    cmdb.register_authoriser()
    if not sa.event.contains(db.session, "before_flush", installations.add_for_new_tickets):
        sa.event.listen(db.session, "before_flush", installations.add_for_new_tickets)
    navigation.register("changes.approvals", _l("My approvals"), APPROVERS, order=20)
    navigation.register("changes.index", _l("Changes"), STAFF | APPROVERS, order=21)
    navigation.register("changes.month", _l("Change calendar"), STAFF | APPROVERS, order=22)
    navigation.register(
        "changes.installation_list", _l("Installations"), STAFF | APPROVERS, order=23
    )
    navigation.register("changes.approvers", _l("Change approvers"), MANAGERS, order=85)
    navigation.register("changes.templates", _l("Standard changes"), MANAGERS, order=86)
    app.register_blueprint(bp)
