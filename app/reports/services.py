"""Report writes: generate a version, review, send to the client, record the acknowledgement.

Flush, never commit; every change by a person goes to the audit trail.
"""

import copy
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from app.audit.services import record
from app.contracts.models import Contract
from app.extensions import db
from app.mail import outbox
from app.reports import figures as figures_module
from app.reports import links, pdf, rules
from app.reports.models import ServiceReport
from app.reports.rules import Period
from app.reports.texts import text


class ReportError(ValueError):
    """A report action that cannot be done; the message says why."""


def latest_version(kind: str, period: str) -> ServiceReport | None:
    return db.session.scalar(
        sa.select(ServiceReport)
        .where(ServiceReport.kind == kind, ServiceReport.period == period)
        .order_by(ServiceReport.version.desc())
        .limit(1)
    )


def generate(kind: str, label: str, *, actor, now: datetime, contract: Contract) -> ServiceReport:
    """Compute the figures of a period once and store them as its next version (a draft)."""
    period = rules.parse_period(kind, label, rules.local_date(now))
    return store(period, actor=actor, now=now, contract=contract)


def store(period: Period, *, actor, now: datetime, contract: Contract) -> ServiceReport:
    previous = latest_version(period.kind, period.label)
    report = ServiceReport(
        kind=period.kind,
        period=period.label,
        first_day=period.first,
        last_day=period.last,
        version=(previous.version + 1) if previous else 1,
        status="draft",
        figures=figures_module.build(period, now=now, contract=contract),
        generated_at=now,
        generated_by_id=getattr(actor, "id", None),
    )
    db.session.add(report)
    db.session.flush()
    record(actor, "report.generate", report, {"period": report.reference}, now=now)
    return report


def require_latest(report: ServiceReport) -> None:
    latest = latest_version(report.kind, report.period)
    if latest is not None and latest.id != report.id:
        raise ReportError(
            _(
                "Version %(version)d has been replaced by version %(latest)d.",
                version=report.version,
                latest=latest.version,
            )
        )


def move(report: ServiceReport, action: str) -> None:
    try:
        report.status = rules.next_status(report.status, action)
    except rules.TransitionError:
        raise ReportError(
            _("This cannot be done while the report is %(status)s.", status=report.status)
        ) from None


def set_comment(report: ServiceReport, comment: str, *, actor, now: datetime) -> None:
    """The manager's comment for the executive summary; only while the report is a draft."""
    if report.status != "draft":
        raise ReportError(_("Only a draft can be changed; generate a new version."))
    report.comment = comment.strip()[:4000]
    record(actor, "report.comment", report, {"period": report.reference}, now=now)


def explain_breach(
    report: ServiceReport, number: str, metric: str, reason: str, note: str, *, actor, now
) -> None:
    """Record why a listed breach happened, on its ticket, and put it into this version's
    breach list so the PDF groups it under its reason."""
    from app.sla import services as sla_services
    from app.tickets.models import Ticket

    if report.status not in ("draft", "reviewed"):
        raise ReportError(_("Only a draft can be changed; generate a new version."))
    ticket = db.session.scalar(sa.select(Ticket).where(Ticket.number == number))
    if ticket is None:
        raise ReportError(_("No ticket %(number)s.", number=number))
    sla_services.set_breach_reason(ticket, metric, reason, note, actor=actor, now=now)
    figures = copy.deepcopy(report.figures)
    sla = figures["sla"]
    codes = []
    for line in sla.get("breaches", []):
        if line["number"] == number and line["metric"] == metric:
            codes.append(line.get("reason_code"))
            line["reason_code"], line["reason"] = reason, note.strip()[:500]
    if "breach_reasons" in sla:
        sla["breach_reasons"] = rules.recount(sla["breach_reasons"], codes, reason)
    report.figures = figures
    record(
        actor,
        "report.breach_reason",
        report,
        {"period": report.reference, "ticket": number, "metric": metric, "reason": reason},
        now=now,
    )


def review(report: ServiceReport, *, actor, now: datetime) -> None:
    """The manager has checked the figures: the version may go to the client."""
    require_latest(report)
    move(report, "review")
    report.reviewed_at, report.reviewed_by_id = now, actor.id
    record(actor, "report.review", report, {"period": report.reference}, now=now)


def send(
    report: ServiceReport, *, actor, now: datetime, contract: Contract, lang: str | None = None
):
    """S11: mail the PDF to the client's project lead through the outbox (attached)."""
    require_latest(report)
    lead = contract.client_project_lead
    if lead is None or not lead.email:
        raise ReportError(_("Name the client's project lead in the contract settings first."))
    lang = rules.parse_language(lang or lead.language)
    # the PDF as reviewed, rendered once when the version was reviewed
    data = pdf.stored_or_render(report, lang) if report.status == "reviewed" else b""
    move(report, "send")
    report.sent_at, report.sent_by_id = now, actor.id
    report.sent_to, report.sent_language = lead.email, lang
    report.pdf_path = pdf.store_pdf(report, lang, data)
    title = f"{contract.client_name} · {text(report.kind + '_title', lang)} · {report.reference}"
    # the mail speaks the language of the edition it carries, whatever the lead's setting
    message = outbox.queue(
        lead,
        "report_sent",
        subject=title,
        headers={"X-Deskpact-Report": report.reference},
        language=lang,
        report=report,
        contract=contract,
        title=title,
        summary=report.figures["summary"],
        acknowledge_url=outbox.external_url(
            "reports.acknowledge_by_link", token=links.token(report)
        ),
    )
    message.attachment_path = report.pdf_path
    record(actor, "report.send", report, {"to": lead.email, "language": lang}, now=now)
    return message


def acknowledge(report: ServiceReport, *, by: str, note: str, now: datetime, actor=None) -> None:
    """The client confirmed receipt (by the mail's link, or the manager records it)."""
    move(report, "acknowledge")
    report.acknowledged_at, report.acknowledged_by = now, by[:254]
    report.acknowledgement_note = note.strip()[:4000]
    record(actor, "report.acknowledge", report, {"by": by}, now=now)
