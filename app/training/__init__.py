"""Training plans for the client's support staff and users (S20, S14): classroom, mentoring,
on the job, joint project teams, workshops and security awareness; attendance and feedback."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("training", __name__)


def init_app(app: Flask) -> None:
    from app.training import labels, policy, routes  # noqa: F401
    from app.web import navigation

    labels.register_template_helpers(app)
    app.jinja_env.globals.update(can_keep_training=policy.can_keep)
    navigation.register("training.index", _l("Training"), policy.READERS, order=30)
    app.register_blueprint(bp)
