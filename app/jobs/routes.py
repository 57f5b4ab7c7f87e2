"""A background job's progress (polled by the page), cancel, and its result."""

from flask import abort, redirect, send_file
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db, utcnow
from app.jobs import bp, labels, policy, rules, services
from app.jobs.models import BackgroundJob
from app.web.access import signed_in
from app.web.render import render


def visible_or_404(job_id: int) -> BackgroundJob:
    """Someone else's job answers like a missing one: its existence is not told."""
    job = db.session.get(BackgroundJob, job_id)
    if job is None or not policy.may_see(current_user, job):
        abort(404)
    return job


def job_context(job: BackgroundJob, **extra) -> dict:
    return {
        "job": job,
        "kind_label": labels.kind_label(job.kind),
        "percent": rules.percent(job.done, job.total),
        "finished": rules.is_finished(job.status),
        "may_cancel": rules.may_cancel(job.status, job.cancel_requested),
        "expired": rules.is_expired(job.expires_at, utcnow()),
        "error": labels.error_text(job.error_code, job.error_params) if job.error_code else "",
        **extra,
    }


def render_job(job: BackgroundJob, status: int = 200):
    """The job's partial, for the page that started it."""
    return render("jobs/job.html", "job", status, **job_context(job))


@bp.get("/<int:job_id>")
@signed_in
def show(job_id: int):
    """The job's state: a page, or the partial the page polls until the job is finished."""
    job = visible_or_404(job_id)
    return render("jobs/job.html", "job", **job_context(job))


@bp.post("/<int:job_id>/cancel")
@signed_in
def cancel(job_id: int):
    job = visible_or_404(job_id)
    if not services.cancel(job, actor=current_user, now=utcnow()):
        message = _("The work had already finished; nothing was cancelled.")
        return render("jobs/job.html", "job", 409, **job_context(job, message=message))
    return render("jobs/job.html", "job", **job_context(job))


@bp.get("/<int:job_id>/result")
@signed_in
def result(job_id: int):
    job = visible_or_404(job_id)
    if job.status != "done" or rules.is_expired(job.expires_at, utcnow()):
        abort(404)
    if job.result_url and not job.result_path:
        return redirect(job.result_url)
    if not job.result_path:
        abort(404)
    return send_file(
        job.result_path,
        mimetype=job.result_mimetype,
        as_attachment=False,
        download_name=job.result_name,
        max_age=0,
    )
