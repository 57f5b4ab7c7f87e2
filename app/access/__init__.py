"""The access register (S14): every authorisation of the vendor's people to client systems and
special machines, and the departments' agreed security measures."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("access", __name__)


def init_app(app: Flask) -> None:
    from app.access import api, labels, panels, policy, routes  # noqa: F401
    from app.web import navigation

    labels.register_template_helpers(app)
    app.jinja_env.globals.update(can_keep_access=policy.can_keep)
    panels.register()
    navigation.register("access.index", _l("Access"), policy.READERS, order=29)
    app.register_blueprint(bp)
