"""The knowledge base: articles that answer employees before they file, the desk's canned
responses, and workarounds published from problem records."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("knowledge", __name__)


def init_app(app: Flask) -> None:
    from app.knowledge import (  # noqa: F401
        api,
        forms,
        labels,
        panels,
        policy,
        queries,
        routes,
        routes_assist,
        routes_canned,
    )
    from app.web import navigation

    labels.register_template_helpers(app)
    app.jinja_env.globals.update(
        problem_article=queries.of_problem,
        article_problem=queries.problem_of,
        can_edit_knowledge=policy.can_edit,
        can_publish_workaround=policy.can_publish_workaround,
        workaround_form=forms.WorkaroundForm,
        canned_responses=queries.canned_for,
    )
    panels.register()
    navigation.register("knowledge.index", _l("Knowledge"), policy.READERS, order=26)
    app.register_blueprint(bp)
