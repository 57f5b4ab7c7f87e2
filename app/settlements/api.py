"""Settlement sheets over the API (API.md: /api/v1/settlements/{YYYY-MM}[.pdf|.xlsx],
…/adjustments, …/actions): amounts as decimal strings, refusals in the caller's language."""

import io

from flask import jsonify, request, send_file

from app.api import bp, openapi
from app.api.common import ApiError, actor, json_body
from app.audit.services import record_export
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.settlements import exports, labels, policy, rules, services
from app.settlements.policy import AUDIENCE
from app.web.access import allow
from app.web.i18n import iso


def month_or_404(month: str) -> tuple[int, int]:
    """The month, if the caller may see settlements (others learn nothing: 404)."""
    parsed = rules.parse_month(month)
    if parsed is None or not policy.can_view(actor(), get_contract()):
        raise ApiError(404, labels.refusal_404(), "not_found")
    try:
        services.check_month(*parsed, utcnow())
    except services.SettlementError as error:
        raise refusal(error) from None
    return parsed


def refusal(error: services.SettlementError) -> ApiError:
    fields = labels.field_errors(error.fields) if error.fields else None
    code = "validation_error" if error.status == 422 else "conflict"
    return ApiError(error.status, labels.refusal(error.code), code, fields)


def sheet_of(year: int, month: int):
    return services.get_sheet(rules.month_key(year, month)) or services.preview(
        year, month, get_contract()
    )


def sheet_body(sheet) -> dict:
    return {
        "month": sheet.month,
        "status": sheet.status,
        "draft": sheet.id is None,
        "locked": rules.is_locked(sheet.status),
        "sent_at": iso(sheet.sent_at),
        "answered_at": iso(sheet.answered_at),
        "lines": [
            {
                "item": line.item,
                "note": labels.note_text(line),
                "adjustment": line.adjustment,
                "refers_to": line.refers_to or None,
                "quantity": rules.quantity_text(line.quantity),
                "unit_price": str(line.unit_price),
                "total": str(line.total),
                "sources": [dict(source) for source in line.sources],
            }
            for line in sheet.lines
        ],
        "total": str(sheet.total),
        "history": [
            {"at": iso(e.at), "event": e.code, "text": labels.event_text(e), "note": e.note}
            for e in sheet.events
        ],
    }


@bp.get("/settlements/<month>")
@allow(AUDIENCE)
def get_settlement(month: str):
    """The month's sheet; a month without a stored sheet answers it as computed now."""
    return jsonify(sheet_body(sheet_of(*month_or_404(month))))


@bp.get("/settlements/<month>.pdf")
@allow(AUDIENCE)
def settlement_pdf(month: str):
    """The sheet as a PDF (?lang=zh|en, default the caller's language)."""
    sheet = sheet_of(*month_or_404(month))
    lang = request.args.get("lang")
    lang = lang if lang in exports.LANGUAGES else exports.language_of(actor())
    data = exports.render_pdf(sheet, get_contract(), lang)
    record_export(actor(), "settlement", "pdf", month=month)
    name = exports.file_name(sheet, lang, "pdf")
    return send_file(io.BytesIO(data), mimetype="application/pdf", download_name=name)


@bp.get("/settlements/<month>.xlsx")
@allow(AUDIENCE)
def settlement_xlsx(month: str):
    """The sheet as Excel, with formulas for the line totals and the sheet total."""
    sheet = sheet_of(*month_or_404(month))
    lang = exports.language_of(actor())
    data = exports.render_xlsx(sheet, get_contract(), lang)
    record_export(actor(), "settlement", "xlsx", month=month)
    name = exports.file_name(sheet, lang, "xlsx")
    return send_file(io.BytesIO(data), mimetype=exports.XLSX, download_name=name)


@bp.post("/settlements/<month>/adjustments")
@allow(AUDIENCE)
def settlement_adjustment(month: str):
    """{item, note, quantity, unit_price[, refers_to]} → 201 with the sheet; 409 once locked."""
    year, number = month_or_404(month)
    if not policy.can_prepare(actor()):
        raise ApiError(403, labels.refusal_403(), "forbidden")
    body = json_body()
    try:
        sheet = services.stored(year, number, contract=get_contract(), now=utcnow(), actor=actor())
        services.add_adjustment(
            sheet,
            body.get("item"),
            body.get("note"),
            body.get("quantity"),
            body.get("unit_price"),
            body.get("refers_to") or "",
            actor=actor(),
            now=utcnow(),
        )
    except services.SettlementError as error:
        db.session.rollback()
        raise refusal(error) from None
    return jsonify(sheet_body(sheet)), 201


@bp.post("/settlements/<month>/actions")
@allow(AUDIENCE)
def settlement_action(month: str):
    """{action: send|confirm|dispute, note}: send by the manager, the answer by the lead."""
    year, number = month_or_404(month)
    body, contract, user = json_body(), get_contract(), actor()
    action, note = body.get("action"), body.get("note") or ""
    if action not in ("send", "confirm", "dispute"):
        raise refusal(services.SettlementError("action", 422, {"action": "item"}))
    if not policy.can_act(user, action, contract):
        raise ApiError(403, labels.refusal_403(), "forbidden")
    now = utcnow()
    try:
        if action == "send":
            sheet = services.stored(year, number, contract=contract, now=now, actor=user)
            services.send(sheet, contract=contract, actor=user, now=now)
        else:
            sheet = services.get_sheet(rules.month_key(year, number))
            if sheet is None:
                raise services.SettlementError("state", 409)
            services.answer(sheet, action, note, contract=contract, actor=user, now=now)
    except services.SettlementError as error:
        db.session.rollback()
        raise refusal(error) from None
    return jsonify(sheet_body(sheet))


MONTH = openapi.path_param("month")
_errors = (400, 403, 404, 409, 422)
openapi.add(
    "/api/v1/settlements/{month}",
    get=openapi.op("A month's settlement sheet (YYYY-MM)", params=(MONTH,), errors=_errors),
)
openapi.add(
    "/api/v1/settlements/{month}.pdf",
    get=openapi.op(
        "The settlement sheet as a PDF",
        params=(MONTH, openapi.query("lang", "zh or en")),
        errors=(403, 404, 422),
    ),
)
openapi.add(
    "/api/v1/settlements/{month}.xlsx",
    get=openapi.op("The settlement sheet as Excel", params=(MONTH,), errors=(403, 404, 422)),
)
openapi.add(
    "/api/v1/settlements/{month}/adjustments",
    post=openapi.op("Add an adjustment line", params=(MONTH,), ok=201, errors=_errors),
)
openapi.add(
    "/api/v1/settlements/{month}/actions",
    post=openapi.op("Send, confirm or dispute the sheet", params=(MONTH,), errors=_errors),
)
