"""Report figures and PDFs over the API (API.md: /api/v1/reports/monthly/{YYYY-MM}[.pdf]).

A finished period answers from its stored version (the latest, or ?version=N); one never
generated is generated and stored once, so the JSON and the PDF print the same numbers. The
period in progress is computed live and not stored.
"""

from flask import Response, jsonify, request

from app.accounts.roles import MANAGERS
from app.api import bp, openapi
from app.api.common import ApiError, actor, validation_error
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.reports import figures, pdf, rules, services
from app.reports.models import ServiceReport
from app.web.access import allow
from app.web.i18n import iso
from app.web.unit_of_work import keep_writes


def period_or_400(kind: str, label: str, now) -> rules.Period:
    try:
        return rules.parse_period(kind, label, rules.local_date(now))
    except rules.PeriodError as error:
        raise validation_error({"period": str(error)}, str(error)) from None


def language_or_400() -> str:
    try:
        return rules.parse_language(request.args.get("lang"))
    except rules.PeriodError as error:
        raise validation_error({"lang": str(error)}, str(error)) from None


def report_for(kind: str, label: str) -> tuple[dict, dict]:
    """(figures, meta) of the period: stored, generated and stored, or live."""
    now = utcnow()
    period = period_or_400(kind, label, now)
    version = request.args.get("version")
    if version is not None:
        if not version.isdigit():
            raise validation_error({"version": "A version number, e.g. 2."})
        found = db.session.scalar(
            db.select(ServiceReport).filter_by(kind=kind, period=period.label, version=int(version))
        )
        if found is None:
            raise ApiError(404, f"{period.label} has no version {version}.", "not_found")
        return found.figures, meta(found)
    contract = get_contract()
    if period.last >= rules.local_date(now):
        live = figures.build(period, now=now, contract=contract)
        return live, {"version": None, "status": "live", "stored": False, "generated_at": iso(now)}
    report = services.latest_version(kind, period.label)
    if report is None:
        report = services.store(period, actor=actor(), now=now, contract=contract)
        keep_writes()  # a closed period's figures are frozen the first time anyone reads them
    return report.figures, meta(report)


def meta(report: ServiceReport) -> dict:
    return {
        "id": report.id,
        "version": report.version,
        "status": report.status,
        "stored": True,
        "generated_at": iso(report.generated_at),
        "reviewed_at": iso(report.reviewed_at),
        "sent_at": iso(report.sent_at),
        "acknowledged_at": iso(report.acknowledged_at),
        "comment": report.comment,
    }


def pdf_response(kind: str, label: str) -> Response:
    lang = language_or_400()
    found, info = report_for(kind, label)
    if stored := info.get("id") and db.session.get(ServiceReport, info["id"]):
        data = pdf.stored_or_render(stored, lang)  # a stored version is rendered once
    else:
        data = pdf.render_figures(
            found,
            lang,
            meta={
                "version": info["version"] or "—",
                "status": info["status"],
                "comment": info.get("comment", ""),
            },
        )
    name = f"service-report-{found['period']}-v{info['version'] or 'live'}-{lang}.pdf"
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


def json_response(kind: str, label: str):
    language_or_400()  # a language we do not have is refused here too
    found, info = report_for(kind, label)
    return jsonify({**found, "report": info})


@bp.get("/reports/monthly/<period>.pdf")
@allow(MANAGERS)
def monthly_report_pdf(period: str):
    """The monthly report as a PDF, ?lang=zh|en."""
    return pdf_response("monthly", period)


@bp.get("/reports/monthly/<period>")
@allow(MANAGERS)
def monthly_report(period: str):
    """The monthly report's figures: the numbers its PDF prints."""
    return json_response("monthly", period)


@bp.get("/reports/quarterly/<period>.pdf")
@allow(MANAGERS)
def quarterly_report_pdf(period: str):
    """The quarterly report as a PDF, ?lang=zh|en."""
    return pdf_response("quarterly", period)


@bp.get("/reports/quarterly/<period>")
@allow(MANAGERS)
def quarterly_report(period: str):
    """The quarterly report's figures."""
    return json_response("quarterly", period)


def _attainment() -> dict:
    return {
        "type": "object",
        "properties": {
            name: {"type": ["integer", "null"]} for name in ("met", "breached", "open", "measured")
        }
        | {"percent": {"type": ["number", "null"]}},
    }


openapi.SCHEMAS["ServiceReport"] = {
    "type": "object",
    "required": ["kind", "period", "summary", "volume", "sla", "satisfaction", "report"],
    "properties": {
        "kind": {"type": "string", "enum": list(rules.KINDS)},
        "period": {"type": "string", "description": "YYYY-MM or YYYY-Qn"},
        "first_day": {"type": "string", "format": "date"},
        "last_day": {"type": "string", "format": "date"},
        "as_of": {"type": "string", "format": "date-time"},
        "summary": {"type": "object"},
        "volume": {"type": "object", "description": "by_group, by_channel, by_department, by_day"},
        "sla": {
            "type": "object",
            "properties": {
                "rows": {"type": "array", "items": {"type": "object"}},
                "overall": _attainment(),
                "breaches": {"type": "array", "items": {"type": "object"}},
                "breaches_total": {"type": "integer"},
            },
        },
        "satisfaction": {"$ref": "#/components/schemas/SurveyResults"},
        "complaints": {"type": "object"},
        "top_issues": {"type": "object"},
        "changes": {"type": "object"},
        "problems": {
            "type": "object",
            "description": "opened, resolved and open at the end; recurring items",
        },
        "assets": {"type": "object"},
        "staffing": {"type": "object"},
        "trend": {"type": "array", "items": {"type": "object"}},
        "report": {
            "type": "object",
            "description": "the stored version these figures come from (stored: false = live)",
            "properties": {
                "version": {"type": ["integer", "null"]},
                "status": {"type": "string", "enum": [*rules.STATUSES, "live"]},
                "stored": {"type": "boolean"},
            },
        },
    },
}


def _operations(kind: str, example: str) -> None:
    params = (
        openapi.path_param("period"),
        openapi.query("version", "A stored version (default: the latest)"),
    )
    figures_op = openapi.op(
        f"The {kind} report's figures for {example}", params=params, errors=(400, 403, 404)
    )
    figures_op["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/ServiceReport"
    }
    pdf_op = openapi.op(
        f"The {kind} report as a PDF",
        params=(*params, openapi.query("lang", "zh (default) or en")),
        errors=(400, 403, 404),
    )
    pdf_op["responses"]["200"] = {
        "description": "The PDF",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    }
    openapi.add(f"/api/v1/reports/{kind}/{{period}}", get=figures_op)
    openapi.add(f"/api/v1/reports/{kind}/{{period}}.pdf", get=pdf_op)


_operations("monthly", "a month, YYYY-MM")
_operations("quarterly", "a quarter, YYYY-Qn")
