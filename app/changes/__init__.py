"""Change management (S15): changes requested, approved by the client, carried out, tracked."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("changes", __name__)


def init_app(app: Flask) -> None:
    from app.accounts.roles import APPROVERS, MANAGERS, STAFF
    from app.changes import (  # noqa: F401
        api,
        cmdb,
        demo,
        panels,
        policy,
        routes,
        routes_calendar,
        routes_mail_links,
        routes_setup,
    )
    from app.changes.labels import register_template_helpers
    from app.web import navigation
    from app.web.hooks import change_problems

    register_template_helpers(app)
    app.jinja_env.globals["can_create_change"] = policy.can_create
    app.jinja_env.globals["change_problem_numbers"] = lambda change: change_problems().numbers(
        change
    )
    panels.register()
    cmdb.register_authoriser()
    navigation.register("changes.approvals", _l("My approvals"), APPROVERS, order=20)
    navigation.register("changes.index", _l("Changes"), STAFF | APPROVERS, order=21)
    navigation.register("changes.month", _l("Change calendar"), STAFF | APPROVERS, order=22)
    navigation.register("changes.approvers", _l("Change approvers"), MANAGERS, order=85)
    navigation.register("changes.templates", _l("Standard changes"), MANAGERS, order=86)
    app.register_blueprint(bp)
