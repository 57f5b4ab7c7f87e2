"""The service-improvement log (S18: continuous improvement of the service model), listed on
its page and in the quarterly report."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("improvements", __name__)


def init_app(app: Flask) -> None:
    from app.improvements import labels, policy, routes, rules  # noqa: F401
    from app.web import navigation

    labels.register_template_helpers(app)
    app.jinja_env.globals.update(
        can_manage_improvements=policy.can_manage,
        improvement_late=lambda item, today: rules.is_late(item.status, item.target_on, today),
    )
    navigation.register("improvements.index", _l("Improvements"), policy.READERS, order=63)
    app.register_blueprint(bp)
