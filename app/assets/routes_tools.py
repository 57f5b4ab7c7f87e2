"""Register tools: RMAs, security status, import and export, labels, and CI types."""

import sqlalchemy as sa
from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from app.accounts.roles import MANAGERS, STAFF
from app.assets import (
    bp,
    forms,
    label_jobs,
    printing,
    queries,
    rmas,
    rules,
    security,
    security_checks,
    services,
    transfer,
)
from app.assets.labels import FINDING_LABELS, _, problem_message
from app.assets.models import AssetType, Rma
from app.assets.routes import detail_action, detail_failed, editable_or_404, today
from app.audit.services import record_export
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.jobs.routes import render_job
from app.jobs.services import submit
from app.web.access import allow
from app.web.render import render, wants_fragment
from app.web.unit_of_work import keep_writes

# ---------------------------------------------------------------- RMA


@bp.post("/<tag>/rma")
@allow(STAFF)
def open_rma(tag: str):
    """Send the CI to its vendor under a ticket that lists it (status: at vendor)."""
    asset = editable_or_404(tag)
    form = forms.RmaForm()
    if not form.validate_on_submit():
        return detail_failed(
            tag, services.AssetError(_("Give the ticket and the vendor.")), rma_form=form
        )
    return detail_action(
        asset,
        lambda: rmas.open_rma(asset, form.data, actor=current_user, now=utcnow(), today=today()),
        _("RMA recorded; %(tag)s is at the vendor.", tag=asset.tag),
        rma_form=form,
    )


@bp.post("/rma/<int:rma_id>/return")
@allow(STAFF)
def return_rma(rma_id: int):
    """Record the return: date, replacement serial, cost and who pays."""
    rma = db.get_or_404(Rma, rma_id)
    asset = editable_or_404(rma.asset.tag)
    form = forms.RmaReturnForm()
    if not form.validate_on_submit():
        return detail_failed(
            asset.tag, services.AssetError(_("Give the return date.")), return_form=form
        )
    return detail_action(
        asset,
        lambda: rmas.return_rma(rma, form.data, actor=current_user, now=utcnow()),
        _("Return recorded."),
        return_form=form,
    )


@bp.get("/rmas")
@allow(STAFF)
def rma_list():
    """Open RMAs and this year's client-paid repairs (what billing will count, S21)."""
    day = today()
    open_ = db.session.scalars(
        sa.select(Rma).where(Rma.returned_on.is_(None)).order_by(Rma.sent_on)
    ).all()
    recent = db.session.scalars(
        sa.select(Rma)
        .where(Rma.returned_on.is_not(None))
        .order_by(Rma.returned_on.desc())
        .limit(100)
    ).all()
    paid = queries.rma_costs(
        day.replace(month=1, day=1), day.replace(year=day.year + 1, month=1, day=1)
    )
    return render(
        "assets/rmas.html",
        open_rmas=open_,
        recent=recent,
        paid_total=sum((c.cost for c in paid), start=0),
        paid_count=len(paid),
        year=day.year,
    )


# ---------------------------------------------------------------- security (S14)


@bp.get("/security")
@allow(STAFF)
def security_overdue():
    """CIs with a rotation due, old antivirus signatures or missing patches (S14)."""
    finding = request.args.get("finding", "")
    if finding not in ("", *security_checks.FINDINGS):
        finding = ""
    items = security.overdue(today(), get_contract(), finding)
    return render(
        "assets/security.html", "rows", items=items, finding=finding, findings=FINDING_LABELS
    )


@bp.post("/security/<tag>/<finding>")
@allow(STAFF)
def raise_security_ticket(tag: str, finding: str):
    """Open a security-service ticket for one overdue finding (none twice)."""
    asset = editable_or_404(tag)
    if finding not in security_checks.FINDINGS:
        abort(404)
    ticket, created = security.raise_ticket(
        asset, finding, actor=current_user, now=utcnow(), contract=get_contract()
    )
    if created:
        flash(
            _("Ticket %(number)s opened for %(tag)s.", number=ticket.number, tag=asset.tag),
            "success",
        )
    else:
        flash(_("%(number)s is already open for this.", number=ticket.number), "warning")
    return redirect(request.referrer or url_for("assets.security_overdue"))


# ---------------------------------------------------------------- import and export


def import_page(form, report=None, status: int = 200, message: str = ""):
    return render("assets/import.html", "report", status, form=form, report=report, message=message)


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(error):
    """A clear answer for an oversized upload (htmx swaps 422, so fragments use it)."""
    limit = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) >> 20
    message = _("The file is larger than the %(mb)d MB allowed. Nothing was imported.", mb=limit)
    form = forms.ImportForm(formdata=None)
    return import_page(form, status=422 if wants_fragment() else 413, message=message)


@bp.route("/import", methods=["GET", "POST"])
@allow(MANAGERS)
def import_assets():
    """Upload CSV or Excel; a dry run lists each bad row; then import per the chosen mode."""
    form = forms.ImportForm()
    if request.method == "GET":
        return import_page(form)
    if not form.validate_on_submit() or not getattr(form.file.data, "filename", ""):
        return import_page(form, status=422, message=_("Choose a CSV file or an Excel workbook."))
    upload = form.file.data
    dry_run = "dry_run" in request.form
    mode = form.mode.data if form.mode.data in transfer.MODES else "all"
    try:
        rows = transfer.read_table(upload.filename, upload.read())
        report = transfer.import_rows(
            rows,
            mode=mode,
            dry_run=dry_run,
            actor=current_user,
            now=utcnow(),
            source=upload.filename,
        )
    except (transfer.ImportFileError, services.AssetError) as error:
        return import_page(form, status=422, message=str(error))
    if not dry_run:
        keep_writes()  # the rows that passed are imported beside those refused (422)
    return import_page(form, report, 422 if report.errors else 200)


def filtered_assets(limit: int):
    filters = {name: request.args.get(name, "").strip() for name in queries.FILTERS}
    contract = get_contract()
    query = queries.register(
        current_user, filters, today=today(), warning_days=contract.warranty_warning_days
    )
    return db.session.scalars(query.limit(limit)).all()


@bp.get("/export.<fmt>")
@allow(STAFF)
def export(fmt: str):
    """The filtered register as CSV or Excel, in the columns the import reads."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    header, rows = transfer.export_rows(filtered_assets(transfer.MAX_ROWS))
    record_export(current_user, "assets", fmt, filters=request.args.to_dict())
    stamp = today().isoformat()
    if fmt == "csv":
        body, mimetype = transfer.to_csv(header, rows), "text/csv; charset=utf-8"
    else:
        body = transfer.to_xlsx(header, rows)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="assets-{stamp}.{fmt}"'},
    )


# ---------------------------------------------------------------- labels


def pdf_response(body: bytes, name: str) -> Response:
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


@bp.get("/<tag>/label.pdf")
@allow(STAFF)
def label(tag: str):
    """One CI's label: tag, model and a QR code to its page."""
    asset = editable_or_404(tag)
    return pdf_response(
        printing.labels_pdf([asset], get_contract().client_name), f"{asset.tag}.pdf"
    )


@bp.post("/labels")
@allow(STAFF)
def labels():
    """Labels for the filtered register (all of it when unfiltered), made by a worker: the
    answer is the job's progress, polled until its download link appears."""
    filters = {name: request.form.get(name, "").strip() for name in queries.FILTERS}
    job = submit(label_jobs.KIND, current_user, {"filters": filters})
    if wants_fragment():
        return render_job(job)
    return redirect(url_for("jobs.show", job_id=job.id))


# ---------------------------------------------------------------- types


@bp.get("/types")
@allow(MANAGERS)
def types():
    """The CI types and their parameter fields."""
    return render("assets/types.html", types=services.asset_types(active_only=False))


@bp.route("/types/<code>", methods=["GET", "POST"])
@allow(MANAGERS)
def edit_type(code: str):
    """Add a type (code 'new') or change one's names and parameter fields."""
    asset_type = None
    if code != "new":
        asset_type = db.session.scalar(sa.select(AssetType).where(AssetType.code == code))
        if asset_type is None:
            abort(404)
    form = forms.TypeForm(obj=asset_type)
    if request.method == "GET" and asset_type is not None:
        form.parameters.data = rules.parameter_lines(asset_type.parameters)
    if form.validate_on_submit():
        try:
            values = {
                "name_zh": form.name_zh.data.strip(),
                "name_en": form.name_en.data.strip(),
                "category": form.category.data,
                "parameters": rules.parse_parameter_lines(form.parameters.data),
                "active": bool(form.active.data),
            }
            if asset_type is None:
                values["code"] = rules.clean_code(form.code.data)
        except rules.FieldProblem as problem:
            target = (
                form.code if problem.code == "bad_code" and asset_type is None else form.parameters
            )
            target.errors = [problem_message(problem)]
        else:
            try:
                saved = services.save_type(asset_type, values, actor=current_user, now=utcnow())
            except services.AssetError as error:
                form.code.errors = [str(error)]
            else:
                flash(_("Type %(code)s saved.", code=saved.code), "success")
                return redirect(url_for("assets.types"))
    status = 422 if request.method == "POST" else 200
    return render("assets/type_form.html", "form", status, form=form, asset_type=asset_type)
