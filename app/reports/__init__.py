"""Service reports (S7, S9, S11, S19): the monthly and quarterly PDF, its workflow, the
manager's live dashboard and the figures over the API."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("reports", __name__, url_prefix="/reports")


def init_app(app: Flask) -> None:
    from app.accounts.roles import MANAGERS
    from app.meetings.shelf import set_report_shelf
    from app.reports import api, cli, demo, panels, routes  # noqa: F401
    from app.reports.labels import register_template_helpers
    from app.reports.meeting_shelf import StoredReports
    from app.web import navigation

    register_template_helpers(app)
    set_report_shelf(StoredReports())
    panels.register()
    navigation.register("reports.dashboard", _l("Dashboard"), MANAGERS, order=55)
    navigation.register("reports.index", _l("Reports"), MANAGERS, order=56)
    app.cli.add_command(cli.report)
    app.register_blueprint(bp)
