"""The complaint and major-incident log (S10): one place, handled until both sides agree."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("complaints", __name__)


def init_app(app: Flask) -> None:
    from app.complaints import api, panels, routes  # noqa: F401
    from app.complaints.labels import register_template_helpers
    from app.complaints.policy import AUDIENCE
    from app.web import navigation

    register_template_helpers(app)
    panels.register()
    navigation.register("complaints.index", _l("Complaints"), AUDIENCE, order=16)
    app.register_blueprint(bp)
