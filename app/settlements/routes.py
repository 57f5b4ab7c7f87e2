"""Settlement pages (S21): the months, one month's sheet with its lines, adjustments, sending,
the client's answer and the downloads."""

import io

from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.roles import MANAGERS
from app.audit.services import record_export
from app.contracts.services import get_contract
from app.extensions import utcnow
from app.settlements import bp, exports, forms, labels, policy, queries, rules, services
from app.settlements.policy import AUDIENCE
from app.web.access import allow
from app.web.forms import options
from app.web.i18n import current_lang
from app.web.render import render
from app.web.unit_of_work import discard_writes

PAGE = "settlements/detail.html"


def month_or_404(month: str) -> tuple[int, int]:
    """The month of the URL, for someone who may see settlements at all."""
    parsed = rules.parse_month(month)
    if parsed is None or not policy.can_view(current_user, get_contract()):
        abort(404)
    return parsed


def sheet_for(year: int, month: int):
    """The stored sheet, or the one computed now (not stored) for a month without one."""
    return services.get_sheet(rules.month_key(year, month)) or services.preview(
        year, month, get_contract()
    )


def detail_context(year: int, month: int, **overrides) -> dict:
    contract = get_contract()
    sheet = sheet_for(year, month)
    earlier = queries.sheets_by_month(earlier_months(year, month)).values()
    locked = sorted((s.month for s in earlier if rules.is_locked(s.status)), reverse=True)
    adjustment = forms.AdjustmentForm()
    adjustment.refers_to.choices = options([("", "—")] + [(m, m) for m in locked])
    return {
        "sheet": sheet,
        "stored": sheet.id is not None,
        "contract": contract,
        "year": year,
        "month_number": month,
        "can_prepare": policy.can_prepare(current_user),
        "can_answer": policy.can_answer(current_user, contract),
        "adjustment_form": adjustment,
        "action_form": forms.ActionForm(),
        "send_by": rules.due_date(year, month, contract.settlement_send_day),
        "confirm_by": rules.due_date(year, month, contract.settlement_confirm_day),
        "error": None,
        **overrides,
    }


def earlier_months(year: int, month: int) -> list[str]:
    return [m.key for m in queries.recent_months(rules.month_bounds(year, month)[0], 13)[1:]]


def show(year: int, month: int, status: int = 200, **overrides):
    return render(PAGE, "sheet", status, **detail_context(year, month, **overrides))


def refused(year: int, month: int, error: services.SettlementError, form=None):
    """The sheet as stored, with the refusal in the reader's language; nothing written."""
    discard_writes()
    overrides = {
        "error": labels.refusal(error.code),
        "field_errors": labels.field_errors(error.fields),
    }
    if form is not None:
        overrides["adjustment_form"] = form
    return show(year, month, error.status, **overrides)


def form_error(form) -> services.SettlementError:
    """A form the browser sent wrongly: no CSRF token is a 400, text too long a 422."""
    if "csrf_token" in form.errors:
        abort(400)
    fields = {name: "note_too_long" if name == "note" else "too_large" for name in form.errors}
    return services.SettlementError("invalid", 422, fields)


def done(year: int, month: int, message: str):
    flash(message, "success")
    if request.htmx and not request.htmx.boosted:
        return show(year, month)
    return redirect(url_for("settlements.detail", month=rules.month_key(year, month)))


@bp.get("/settlements/")
@allow(AUDIENCE)
def index():
    """The months and their sheets: status, total, and what is late."""
    contract = get_contract()
    if not policy.can_view(current_user, contract):
        abort(404)
    today = services.local_today(utcnow())
    months = queries.recent_months(today)
    return render(
        "settlements/index.html",
        months=months,
        sheets=queries.sheets_by_month([m.key for m in months]),
        late={(x.month, x.step): x for x in queries.overdue(today, contract)},
        can_prepare=policy.can_prepare(current_user),
    )


@bp.get("/settlements/<month>")
@allow(AUDIENCE)
def detail(month: str):
    """One month's sheet: the lines with their records, adjustments, history and actions."""
    year, number = month_or_404(month)
    try:
        services.check_month(year, number, utcnow())
    except services.SettlementError as error:
        return render("settlements/future.html", status=error.status, month=month)
    return render(PAGE, "sheet", **detail_context(year, number))


@bp.post("/settlements/<month>/adjustments")
@allow(MANAGERS)
def adjust(month: str):
    """The manager adds an explained line (with the client's confirmation reference)."""
    year, number = month_or_404(month)
    form = forms.AdjustmentForm()
    form.refers_to.choices = options([("", "—")])
    if not form.validate_on_submit():
        return refused(year, number, form_error(form), form)
    try:
        sheet = services.stored(
            year, number, contract=get_contract(), now=utcnow(), actor=current_user
        )
        services.add_adjustment(
            sheet,
            form.item.data,
            form.note.data,
            form.quantity.data,
            form.unit_price.data,
            form.refers_to.data or "",
            actor=current_user,
            now=utcnow(),
        )
    except services.SettlementError as error:
        return refused(year, number, error, form)
    return done(year, number, _("Adjustment added."))


ACTION_DONE = {
    "send": lambda: _("Sent to the client's project lead."),
    "confirm": lambda: _("Confirmed. The month is locked."),
    "dispute": lambda: _("Disputed. The manager has been told."),
    "recompute": lambda: _("Computed again from the service record."),
}


@bp.post("/settlements/<month>/actions")
@allow(AUDIENCE)
def act(month: str):
    """Send (manager), confirm or dispute (the client's project lead), compute again."""
    year, number = month_or_404(month)
    action, contract = request.form.get("action", ""), get_contract()
    if action not in ACTION_DONE:
        return refused(year, number, services.SettlementError("action", 422))
    if not policy.can_act(current_user, action, contract):
        abort(403)
    form = forms.ActionForm()
    if not form.validate_on_submit():
        return refused(year, number, form_error(form))
    try:
        perform(year, number, action, form.note.data or "", contract)
    except services.SettlementError as error:
        return refused(year, number, error)
    return done(year, number, ACTION_DONE[action]())


def perform(year: int, month: int, action: str, note: str, contract) -> None:
    """One action on the month's sheet (stored first if it is still only computed)."""
    now = utcnow()
    if (
        action in ("confirm", "dispute")
        and services.get_sheet(rules.month_key(year, month)) is None
    ):
        raise services.SettlementError("state", 409)
    sheet = services.stored(year, month, contract=contract, now=now, actor=current_user)
    if action == "send":
        services.send(sheet, contract=contract, actor=current_user, now=now)
    elif action == "recompute":
        services.recompute(sheet, contract=contract, actor=current_user, now=now)
    else:
        services.answer(sheet, action, note, contract=contract, actor=current_user, now=now)


@bp.get("/settlements/<month>/sheet.<kind>")
@allow(AUDIENCE)
def download(month: str, kind: str):
    """The sheet as PDF (?lang=zh|en) or Excel with formulas."""
    year, number = month_or_404(month)
    if kind not in ("pdf", "xlsx"):
        abort(404)
    try:
        services.check_month(year, number, utcnow())
    except services.SettlementError:
        abort(404)
    record_export(current_user, "settlement", kind, month=month)
    return sheet_file(sheet_for(year, number), kind, request.args.get("lang"))


def sheet_file(sheet, kind: str, lang: str | None):
    """The file of a sheet in `lang` (else the reader's language)."""
    lang = lang if lang in exports.LANGUAGES else current_lang()
    contract = get_contract()
    if kind == "pdf":
        data, mimetype = exports.render_pdf(sheet, contract, lang), "application/pdf"
    else:
        data, mimetype = exports.render_xlsx(sheet, contract, lang), exports.XLSX
    name = exports.file_name(sheet, lang, kind)
    return send_file(io.BytesIO(data), mimetype=mimetype, download_name=name)
