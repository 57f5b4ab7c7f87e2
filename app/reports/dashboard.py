"""The manager's live dashboard and the ticket lists behind its figures (reads only)."""

from collections.abc import Mapping
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accounts.models import Department
from app.complaints.models import Complaint
from app.contracts.models import Contract
from app.extensions import db
from app.reports import charts, queries, rules, service_levels
from app.reports.facts import Filters, collect
from app.reports.labels import MEASURE_LABELS, scope_label
from app.tickets.catalog import GROUPS
from app.tickets.models import CatalogItem
from app.web.i18n import current_lang

# what a ticket list may be narrowed to, beyond period, department and group
CRITERIA = (
    "channel",
    "priority",
    "type",
    "code",
    "day",
    "metric",
    "key",
    "state",
    "open",
    "resolved",
)


def period_filters(args: Mapping, today: date) -> tuple[rules.Period, Filters, str | None]:
    """The period (a month "2026-10" or a quarter "2026-Q4"; default this month) and the
    department and group filters; an unusable period falls back to this month with a message."""
    text = (args.get("period") or "").strip() or rules.month_of(today).label
    kind = "quarterly" if "Q" in text.upper() else "monthly"
    error = None
    try:
        period = rules.parse_period(kind, text, today)
    except rules.PeriodError as problem:
        period = rules.month_of(today)
        error = _("%(detail)s Showing this month instead.", detail=str(problem))
    group = args.get("group") or None
    department = args.get("department") or None
    return period, Filters(department=department, group=group if group in GROUPS else None), error


def base_args(period: rules.Period, filters: Filters) -> dict:
    """The query arguments that every link from the dashboard carries."""
    out = {"period": period.label}
    if filters.department:
        out["department"] = filters.department
    if filters.group:
        out["group"] = filters.group
    return out


def dashboard_context(args: Mapping, *, now: datetime, contract: Contract) -> dict:
    from app.surveys import queries as surveys

    today = rules.local_date(now)
    period, filters, error = period_filters(args, today)
    tickets = collect(period, now=now, contract=contract, filters=filters)
    volume = service_levels.volume(tickets, period, service_levels.days_off(period, contract))
    sla = service_levels.sla(tickets, contract)
    lang = current_lang()
    name = (lambda row: row["name_zh"]) if lang == "zh" else (lambda row: row["name_en"])
    return {
        "period": period,
        "filters": filters,
        "error": error,
        "link": base_args(period, filters),
        "volume": volume,
        "sla": sla,
        "scores": surveys.scores(period.first, min(period.last, today), contract=contract),
        "complaints": db.session.scalar(
            sa.select(sa.func.count(Complaint.id)).where(
                Complaint.created_at >= period.start, Complaint.created_at < period.end
            )
        ),
        "due": queries.pending(today, contract),
        "departments": departments(),
        "groups": GROUPS,
        "lang": lang,
        "charts": {
            "by_day": charts.tickets_by_day(
                volume["by_day"], title=_("Tickets by day"), y_label=_("Tickets")
            ),
            "by_group": charts.hbar_chart(
                [(name(r), r["count"]) for r in volume["by_group"]], title=_("By catalog group")
            ),
            "attainment": charts.attainment(
                sla["rows"],
                title=_("Service levels attained"),
                name=lambda r: f"{MEASURE_LABELS[r['metric']]} · {scope_label(r['key'])}",
            ),
        },
    }


def departments() -> list[Department]:
    return db.session.scalars(sa.select(Department).order_by(Department.code)).all()


def list_context(args: Mapping, *, now: datetime, contract: Contract) -> dict:
    """The period's tickets narrowed to one figure's criteria."""
    period, filters, error = period_filters(args, rules.local_date(now))
    criteria = {name: args.get(name) for name in CRITERIA if args.get(name)}
    if criteria.get("state") and criteria["state"] not in queries.SLA_STATES:
        criteria.pop("state")
    found = [
        facts
        for facts in collect(period, now=now, contract=contract, filters=filters)
        if queries.matches(facts, criteria)
    ]
    return {
        "period": period,
        "filters": filters,
        "criteria": criteria,
        "error": error,
        "facts": found,
        "link": {**base_args(period, filters), **criteria},
        "back": base_args(period, filters),
        "names": names(),
    }


def names() -> dict:
    """Department and catalog item names in the page's language, for lists and exports."""
    lang = current_lang()
    return {
        "department": {d.code: d.name(lang) for d in departments()},
        "item": {i.code: i.name(lang) for i in db.session.scalars(sa.select(CatalogItem))},
    }
