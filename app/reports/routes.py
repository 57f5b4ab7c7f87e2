"""Report pages: the schedule and versions, one version's workflow, the live dashboard, the
tickets behind each figure with their CSV/Excel export, and the client's acknowledgement link."""

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.roles import MANAGERS
from app.audit.services import record_export
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.jobs.routes import render_job
from app.jobs.services import submit
from app.reports import (
    bp,
    export,
    forms,
    links,
    pdf,
    pdf_jobs,
    policy,
    queries,
    rules,
    services,
)
from app.reports.dashboard import dashboard_context, list_context
from app.reports.models import ServiceReport
from app.sla.forms import BreachReasonForm
from app.sla.labels import BREACH_REASON_LABELS
from app.web.access import allow, public
from app.web.render import render, wants_fragment
from app.web.unit_of_work import discard_writes

PER_PAGE = 50


def report_or_404(report_id: int) -> ServiceReport:
    return db.get_or_404(ServiceReport, report_id)


def period_message(error: rules.PeriodError) -> str:
    return _("%(detail)s Write a month as 2026-10 or a quarter as 2026-Q4.", detail=str(error))


@bp.get("/")
@allow(MANAGERS)
def index():
    """Reports due by the contract's schedule, the stored versions, and "generate"."""
    return render("reports/index.html", "main", **index_context(forms.GenerateForm()))


def index_context(form) -> dict:
    today, contract = rules.local_date(utcnow()), get_contract()
    if not form.period.data:
        form.period.data = rules.previous(rules.month_of(today)).label
    return {
        "form": form,
        "schedule": queries.schedule(today, contract),
        "contract_days": {
            "monthly": contract.monthly_report_due_day,
            "quarterly": contract.quarterly_report_due_day,
        },
        "reports": db.session.scalars(queries.versions().limit(60)).all(),
        "today": today,
    }


@bp.post("/generate")
@allow(MANAGERS)
def generate():
    """Compute a period's figures once and store them as its next version."""
    form = forms.GenerateForm()
    if not form.validate_on_submit():
        return render("reports/index.html", "main", 422, **index_context(form))
    try:
        rules.parse_period(form.kind.data, form.period.data, rules.local_date(utcnow()))
    except rules.PeriodError as error:
        form.period.errors = [period_message(error)]
        return render("reports/index.html", "main", 422, **index_context(form))
    params = {"kind": form.kind.data, "period": form.period.data}
    return job_response(submit(pdf_jobs.GENERATE, current_user, params))


def job_response(job):
    """The job's progress: in place for htmx, else its own page."""
    if wants_fragment():
        return render_job(job)
    return redirect(url_for("jobs.show", job_id=job.id))


@bp.get("/<int:report_id>")
@allow(MANAGERS)
def detail(report_id: int):
    """One version: its key figures, its PDFs and the next workflow step."""
    report = report_or_404(report_id)
    return render("reports/detail.html", "main", **detail_context(report))


def detail_context(report: ServiceReport, **overrides) -> dict:
    lead = get_contract().client_project_lead
    action_form = forms.ActionForm(formdata=None, lang=lead.language if lead else "zh")
    context = {
        "report": report,
        "f": report.figures,
        "versions": queries.versions_of(report.kind, report.period),
        "lead": lead,
        "allowed": [
            a for a in rules.allowed_actions(report.status) if policy.may(current_user, a, report)
        ],
        "action_form": action_form,
        "comment_form": forms.CommentForm(formdata=None, comment=report.comment),
        "latest": services.latest_version(report.kind, report.period),
        "explain": policy.may(current_user, "explain", report),
    }
    if context["explain"]:
        submitted = overrides.pop("reason_forms", {})
        context["reason_forms"] = {
            (b["number"], b["metric"]): submitted.get((b["number"], b["metric"]))
            or breach_form(b["number"], b["metric"], b)
            for b in report.figures["sla"].get("breaches", [])
        }
    context.update(overrides)
    return context


@bp.get("/<int:report_id>/pdf")
@allow(MANAGERS)
def download(report_id: int):
    """The version's PDF in the chosen edition (?lang=zh|en)."""
    report = report_or_404(report_id)
    try:
        lang = rules.parse_language(request.args.get("lang"))
    except rules.PeriodError:
        abort(400)
    stored = pdf.stored_file(report, lang)
    if stored is None:  # rendered by a worker; the job's link comes back here
        return job_response(
            submit(pdf_jobs.RENDER, current_user, {"report_id": report.id, "lang": lang})
        )
    return Response(
        stored.read_bytes(),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{pdf.filename(report, lang)}"'},
    )


def action_failed(report: ServiceReport, message: str, status: int):
    discard_writes()
    flash(message, "error")
    return render("reports/detail.html", "main", status, **detail_context(report))


@bp.post("/<int:report_id>/act")
@allow(MANAGERS)
def act(report_id: int):
    """Review, send to the client's project lead, or record the client's acknowledgement."""
    report = report_or_404(report_id)
    form = forms.ActionForm()
    action = form.action.data or ""
    if not form.validate_on_submit() or action not in rules.TRANSITIONS:
        return action_failed(report, _("Choose an action."), 422)
    if not policy.may(current_user, action, report):
        return action_failed(
            report,
            _("This cannot be done while the report is %(status)s.", status=report.status),
            409,
        )
    now, contract = utcnow(), get_contract()
    try:
        if action == "review":
            services.review(report, actor=current_user, now=now)
            pdf_jobs.prepare(report, current_user)
        elif action == "send":
            services.send(
                report, actor=current_user, now=now, contract=contract, lang=form.lang.data
            )
        else:
            by = (form.acknowledged_by.data or "").strip()
            if not by:
                return action_failed(report, _("Say who acknowledged the report."), 422)
            services.acknowledge(
                report, by=by, note=form.note.data or "", now=now, actor=current_user
            )
    except services.ReportError as error:
        return action_failed(report, str(error), 409)
    messages = {
        "review": _("Reviewed: the report may now be sent."),
        "send": _("Sent to %(address)s with the PDF attached.", address=report.sent_to),
        "acknowledge": _("The client's acknowledgement is recorded."),
    }
    flash(messages[action], "success")
    return redirect(url_for("reports.detail", report_id=report.id))


@bp.post("/<int:report_id>/comment")
@allow(MANAGERS)
def comment(report_id: int):
    """The project manager's comment, printed in the executive summary (drafts only)."""
    report = report_or_404(report_id)
    form = forms.CommentForm()
    if not form.validate_on_submit():
        return action_failed(report, _("The comment is too long."), 422)
    try:
        services.set_comment(report, form.comment.data or "", actor=current_user, now=utcnow())
    except services.ReportError as error:
        return action_failed(report, str(error), 409)
    flash(_("Comment saved."), "success")
    return redirect(url_for("reports.detail", report_id=report.id))


@bp.post("/<int:report_id>/breaches/<number>/<metric>/reason")
@allow(MANAGERS)
def breach_reason(report_id: int, number: str, metric: str):
    """Give a listed breach its reason while the report is being reviewed, before it is sent;
    the ticket keeps the reason too."""
    report = report_or_404(report_id)
    if not any(
        b["number"] == number and b["metric"] == metric
        for b in report.figures["sla"].get("breaches", [])
    ):
        abort(404)
    if not policy.may(current_user, "explain", report):
        return action_failed(
            report,
            _("This cannot be done while the report is %(status)s.", status=report.status),
            409,
        )
    form = breach_form(number, metric)
    if not form.validate_on_submit():
        return render(
            "reports/detail.html",
            "main",
            422,
            **detail_context(report, reason_forms={(number, metric): form}),
        )
    services.explain_breach(
        report,
        number,
        metric,
        form.reason.data,
        form.note.data or "",
        actor=current_user,
        now=utcnow(),
    )
    pdf_jobs.prepare(report, current_user)  # the PDF groups the breach under its reason now
    flash(_("The reason is recorded."), "success")
    return redirect(url_for("reports.detail", report_id=report.id, _anchor="breaches"))


def breach_form(number: str, metric: str, breach: dict | None = None):
    """The reason form of one listed breach; filled from the report's line when given."""
    form = BreachReasonForm(
        prefix=f"{number}-{metric}", **({"formdata": None} if breach is not None else {})
    )
    form.offer(BREACH_REASON_LABELS)
    if breach is not None:
        form.reason.data = breach.get("reason_code") or ""
        form.note.data = breach.get("reason") or ""
    return form


@bp.get("/dashboard")
@allow(MANAGERS)
def dashboard():
    """The month's figures, live, filtered by period, department and catalog group."""
    context = dashboard_context(request.args, now=utcnow(), contract=get_contract())
    if context.get("error"):
        flash(context["error"], "error")
    return render("reports/dashboard.html", "figures", **context)


@bp.get("/tickets")
@allow(MANAGERS)
def tickets():
    """The tickets behind one figure of the dashboard."""
    page = request.args.get("page", 1, type=int) or 1
    context = list_context(request.args, now=utcnow(), contract=get_contract())
    ids = [t.id for t in context["facts"]]
    pages = max((len(ids) + PER_PAGE - 1) // PER_PAGE, 1)
    page = min(max(page, 1), pages)
    shown = context["facts"][(page - 1) * PER_PAGE : page * PER_PAGE]
    return render(
        "reports/tickets.html",
        "rows",
        **context,
        shown=shown,
        tickets=queries.tickets_by_id([t.id for t in shown]),
        page=page,
        pages=pages,
    )


@bp.get("/tickets.<fmt>")
@allow(MANAGERS)
def export_tickets(fmt: str):
    """The same tickets as CSV or Excel (formula-looking cells are neutralised)."""
    if fmt not in export.FORMATS:
        abort(404)
    context = list_context(request.args, now=utcnow(), contract=get_contract())
    body, mimetype = export.render(fmt, context["facts"], context["names"])
    record_export(current_user, "tickets", fmt, filters=request.args.to_dict())
    stamp = context["period"].label
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="tickets-{stamp}.{fmt}"'},
    )


@bp.route("/ack/<token>", methods=["GET", "POST"])
@public
def acknowledge_by_link(token: str):
    """The client's project lead confirms receipt: GET shows one button; POST records it."""
    payload = links.read(token)
    report = db.session.get(ServiceReport, payload["r"]) if payload else None
    if not policy.link_matches(payload, report):
        return render("reports/acknowledge.html", status=404, report=None, form=None)
    form = forms.LinkAcknowledgeForm()
    if report.status == "sent" and form.validate_on_submit():
        services.acknowledge(report, by=report.sent_to, note=form.note.data or "", now=utcnow())
    return render("reports/acknowledge.html", report=report, form=form)
