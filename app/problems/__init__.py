"""Problem management (S16): root causes of recurring and critical problems, escalated by
severity, with the incidents, changes and assets they concern; recurrence detection (S9)."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("problems", __name__)


def init_app(app: Flask) -> None:
    from app.contracts.services import get_contract
    from app.problems import (  # noqa: F401  (jobs registers the detection job)
        api,
        cli,
        detection,
        jobs,
        links,
        panels,
        policy,
        queries,
        routes,
        routes_candidates,
        routes_work,
    )
    from app.problems.labels import register_template_helpers
    from app.web import hooks, navigation
    from app.web.i18n import current_lang

    register_template_helpers(app)
    hooks.set_change_problems(links.ProblemRegister())
    hooks.set_ticket_problems(links.QueueProblems())
    app.jinja_env.globals.update(
        can_view_problems=policy.can_view,
        can_manage_problems=policy.can_manage,
        ticket_problem=queries.of_ticket,
        ticket_recurrence=detection.of_ticket,
        problem_incident_count=queries.incident_count,
        problem_candidate_name=lambda candidate: detection.display_name(candidate, current_lang()),
        problem_window_days=lambda: get_contract().recurrence_window_days,
    )
    panels.register()
    navigation.register("problems.index", _l("Problems"), policy.READERS, order=24)
    navigation.register("problems.candidates", _l("Repeated incidents"), policy.MANAGE, order=25)
    app.register_blueprint(bp)
    app.cli.add_command(cli.problems)
