"""Background jobs people start from a page: the job's row, its progress partial, cancel and
download, and the worker's side that runs it (on the worker's engine)."""

import sqlalchemy as sa
from flask import Blueprint, Flask

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


def init_app(app: Flask) -> None:
    from app.extensions import db
    from app.jobs import labels, routes, rules, services  # noqa: F401
    from app.worker import job, task

    sa.event.listen(db.session, "after_commit", services.enqueue_committed)
    sa.event.listen(db.session, "after_soft_rollback", services.forget_rolled_back)
    task(services.RUN_TASK)(services.run)
    job("job_cleanup", every_seconds=3600)(services.clean_expired)

    @app.template_global()
    def job_status_label(status: str) -> str:
        return labels.status_label(status)

    app.register_blueprint(bp)
