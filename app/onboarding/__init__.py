"""Service start-up (S8) and exit (S20) checklists, signed off by the client's project lead."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("onboarding", __name__)


def init_app(app: Flask) -> None:
    from app.contracts.services import get_contract
    from app.onboarding import api, labels, panels, policy, routes  # noqa: F401
    from app.web import navigation

    labels.register_template_helpers(app)
    app.jinja_env.globals.update(can_keep_checklists=policy.can_keep)
    panels.register()
    navigation.register(
        "onboarding.index",
        _l("Checklists"),
        policy.AUDIENCE,
        order=28,
        visible=lambda user: policy.can_view(user, get_contract()),
    )
    app.register_blueprint(bp)
