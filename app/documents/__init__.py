"""The handover document library (S20): configuration, asset and process documents, manuals,
and the live device lists and regular reports, each versioned and reviewed on a schedule."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("documents", __name__)


def init_app(app: Flask) -> None:
    from app.documents import (  # noqa: F401  (jobs registers the review reminders)
        api,
        jobs,
        labels,
        panels,
        policy,
        queries,
        routes,
    )
    from app.web import navigation

    labels.register_template_helpers(app)
    app.jinja_env.globals.update(
        can_keep_documents=policy.can_keep, documents_of_asset=queries.documents_of_asset
    )
    panels.register()
    navigation.register("documents.index", _l("Documents"), policy.READERS, order=27)
    app.register_blueprint(bp)
