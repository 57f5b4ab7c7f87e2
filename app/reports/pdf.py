"""The report as an A4 PDF (WeasyPrint), in the Chinese or English edition.

Everything the page needs is inline: charts are SVG in the HTML, fonts are the system's
Noto Sans CJK; web.pdf renders it, so a report can never read a local file or reach a host.
"""

import hashlib
import json
import os
import re
from datetime import datetime
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from markupsafe import Markup

from app.reports import charts, rules
from app.reports.models import ServiceReport
from app.reports.texts import label, text
from app.sla.rules import split_target
from app.web.i18n import SHANGHAI
from app.web.pdf import html_to_pdf


def render(report: ServiceReport, lang: str) -> bytes:
    """The PDF of a stored report version."""
    return render_figures(report.figures, lang, meta=meta_of(report))


def meta_of(report: ServiceReport) -> dict:
    return {
        "version": report.version,
        "status": report.status,
        "generated_at": report.generated_at,
        "comment": report.comment,
    }


def render_figures(figures: dict, lang: str, *, meta: dict) -> bytes:
    return html_to_pdf(html_of(figures, lang, meta=meta))


def html_of(figures: dict, lang: str, *, meta: dict) -> str:
    with force_locale(lang):
        return render_template(
            "reports/pdf.html",
            f=figures,
            meta=meta,
            lang=lang,
            t=lambda key, **values: text(key, lang, **values),
            lb=lambda kind, key: label(kind, key, lang),
            name=lambda row: row["name_zh"] if lang == "zh" else row["name_en"],
            when=when,
            pct=pct,
            span=lambda minutes, metric="": span(minutes, metric, lang),
            target=lambda minutes, metric, day=None: target(minutes, metric, day, lang),
            breach_groups=breach_groups,
            charts=chart_set(figures, lang),
            css_string=css_string,
            page_content=page_content(lang),
        )


def css_string(value: str) -> Markup:
    """A CSS string literal (for @page margin boxes) from any text."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    escaped = escaped.replace("<", "\\3C ")  # no "</style>" from a client's name
    return Markup(f'"{escaped}"')


def page_content(lang: str) -> Markup:
    """ "Page N of M" as CSS content, with the page counters where the wording puts them."""
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", text("page", lang)):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(piece))
    return Markup(" ".join(parts))


def when(value: str | datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """An ISO time (stored in the figures) as Shanghai wall time."""
    if not value:
        return "—"
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    return at.astimezone(SHANGHAI).strftime(fmt)


def breach_groups(sla: dict) -> list[tuple]:
    """The breach list in blocks by recorded reason; reports stored before reasons were
    recorded count their listed lines instead."""
    breaches = sla.get("breaches") or []
    reasons = sla.get("breach_reasons")
    if reasons is None:
        reasons = rules.reason_counts(b.get("reason_code") for b in breaches)
    return rules.group_breaches(breaches, reasons)


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def span(minutes: float | None, metric: str, lang: str) -> str:
    """A target or a duration as people read it: rings, minutes, or hours past two hours."""
    if minutes is None:
        return "—"
    if metric == "phone":
        return text("rings", lang, n=f"{minutes:g}")
    if abs(minutes) < 120:
        return text(
            "minutes", lang, n=f"{minutes:.0f}" if minutes == int(minutes) else f"{minutes:.1f}"
        )
    return text("hours", lang, n=f"{minutes / 60:.1f}".rstrip("0").rstrip("."))


def target(minutes: float | None, metric: str, day_minutes: int | None, lang: str) -> str:
    """A target in working days or hours with the minutes beside, on the calendar that counts
    it; reports stored before targets knew their working day print as before."""
    if minutes is None or metric == "phone" or not day_minutes or minutes != int(minutes):
        return span(minutes, metric, lang)
    amount, unit = split_target(int(minutes), day_minutes)
    if unit == "minutes":
        return span(minutes, metric, lang)
    singular = amount == 1
    key = {
        "working_days": "target_day" if singular else "target_days",
        "hours": "target_hour" if singular else "target_hours",
    }[unit]
    return text(key, lang, n=amount, m=f"{int(minutes):,}")


def chart_set(f: dict, lang: str) -> dict[str, str]:
    """Every chart of the report as an SVG string."""
    t = lambda key, **values: text(key, lang, **values)  # noqa: E731
    name = (lambda row: row["name_zh"]) if lang == "zh" else (lambda row: row["name_en"])
    volume, sat = f["volume"], f["satisfaction"]
    departments = volume["by_department"][:12]
    out = {
        "by_group": charts.hbar_chart(
            [(name(row), row["count"]) for row in volume["by_group"]], title=t("by_group")
        ),
        "by_channel": charts.hbar_chart(
            [(label("channel", row["key"], lang), row["count"]) for row in volume["by_channel"]],
            title=t("by_channel"),
        ),
        "by_department": charts.hbar_chart(
            [(name(row), row["count"]) for row in departments], title=t("by_department")
        ),
        "by_day": charts.tickets_by_day(volume["by_day"], title=t("by_day"), y_label=t("day_axis")),
        "attainment": charts.attainment(
            f["sla"]["rows"],
            title=t("attainment_chart"),
            name=lambda row: (
                f"{label('metric', row['metric'], lang)} · {label('scope', row['key'], lang)}"
            ),
        ),
        "satisfaction": charts.trend_lines(
            {
                t("satisfaction_series"): [
                    (m["month"], m["satisfaction_percent"]) for m in sat["months"]
                ],
                t("response_series"): [(m["month"], m["response_rate"]) for m in sat["months"]],
            },
            title=t("satisfaction_chart"),
            y_label="%",
            y_max=100,
            target=sat["target_percent"],
            target_label=t("target_line", target=sat["target_percent"]),
            below_label=t("below_target"),
        ),
    }
    if f["kind"] == "quarterly":
        out["trend_tickets"] = charts.hbar_chart(
            [(row["month"], row["tickets"]) for row in f["trend"]], title=t("trend_tickets")
        )
        out["trend_rates"] = charts.trend_lines(
            {
                t("trend_sla"): [(row["month"], row["sla_percent"]) for row in f["trend"]],
                t("satisfaction_series"): [
                    (row["month"], row["satisfaction_percent"]) for row in f["trend"]
                ],
            },
            title=t("trend_rates"),
            y_label="%",
            y_max=100,
            target=sat["target_percent"],
            target_label=t("target_line", target=sat["target_percent"]),
        )
    return out


def filename(report: ServiceReport, lang: str) -> str:
    return f"service-report-{report.period}-v{report.version}-{lang}.pdf"


def fingerprint(report: ServiceReport, lang: str) -> str:
    """What the PDF of a version prints: a new one only when that changes (its figures change
    too while it is reviewed: a breach's reason)."""
    printed = [report.id, lang, report.status, report.comment, str(report.generated_at)]
    text = json.dumps([*printed, report.figures], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def stored_path(report: ServiceReport, lang: str) -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "reports" / "versions"
    return folder / f"{report.id}-{lang}-{fingerprint(report, lang)}.pdf"


def stored_file(report: ServiceReport, lang: str) -> Path | None:
    """The PDF to serve: the one mailed (in its language), else the one rendered for the
    version as it is now; None when it has still to be rendered."""
    if report.pdf_path and report.sent_language == lang and Path(report.pdf_path).is_file():
        return Path(report.pdf_path)
    path = stored_path(report, lang)
    return path if path.is_file() else None


def render_stored(report: ServiceReport, lang: str) -> Path:
    """Render the version's PDF once and keep it (earlier renderings of it are removed)."""
    path = stored_path(report, lang)
    if path.is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(render(report, lang))
    partial.replace(path)  # readers see the whole file or none
    for older in path.parent.glob(f"{report.id}-{lang}-*.pdf"):
        if older != path:
            older.unlink(missing_ok=True)
    return path


def stored_or_render(report: ServiceReport, lang: str) -> bytes:
    return (stored_file(report, lang) or render_stored(report, lang)).read_bytes()


def store_pdf(report: ServiceReport, lang: str, data: bytes) -> str:
    """Keep the PDF as sent under the upload folder; returns its absolute path."""
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / filename(report, lang)
    path.write_bytes(data)
    return str(path)
