"""Notices (S18 user communication, client notices): announcements shown as a banner to
their audience while valid and mailed once; the client's notices of business and
organisation changes, acknowledged by the vendor's manager."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("notices", __name__)


def init_app(app: Flask) -> None:
    from flask_login import current_user

    from app.contracts.services import get_contract
    from app.extensions import utcnow
    from app.notices import (  # noqa: F401  (jobs registers the mail job)
        jobs,
        labels,
        panels,
        policy,
        queries,
        routes,
        routes_client,
    )
    from app.web import navigation
    from app.web.i18n import current_lang

    labels.register_template_helpers(app)
    app.jinja_env.globals.update(
        can_publish_notices=policy.can_publish,
        can_report_client_notices=lambda user: policy.can_report(user, get_contract()),
        can_acknowledge_client_notices=policy.can_acknowledge,
        notice_audience_text=lambda notice: queries.audience_text(notice, current_lang()),
    )

    @app.context_processor
    def notice_banners():
        """The banners of the notices meant for the signed-in user, for base.html."""
        return {"notice_banners": lambda: queries.banners_for(current_user, utcnow())}

    panels.register()
    navigation.register("notices.index", _l("Notices"), policy.LIST, order=61)
    navigation.register(
        "notices.client_notices", _l("Client notices"), policy.CLIENT_READERS, order=62
    )
    app.register_blueprint(bp)
