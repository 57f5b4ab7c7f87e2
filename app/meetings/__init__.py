"""Regular management meetings with the client (S18): the schedule, minutes, decisions and
action items, the minutes mailed as PDF to the attendees."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("meetings", __name__)


def init_app(app: Flask) -> None:
    from app.knowledge.markup import to_html
    from app.meetings import api, labels, panels, policy, routes, routes_detail, rules  # noqa: F401
    from app.web import navigation

    labels.register_template_helpers(app)
    app.jinja_env.globals.update(
        can_manage_meetings=policy.can_manage,
        meeting_minutes_html=lambda meeting: to_html(meeting.minutes_markdown),
        meeting_decisions=lambda meeting: rules.lines(meeting.decisions),
        meeting_item_overdue=lambda item, today: rules.is_overdue(item.due_on, item.status, today),
    )
    panels.register()
    navigation.register("meetings.index", _l("Meetings"), policy.READERS, order=60)
    app.register_blueprint(bp)
