"""A report's figures: JSON-ready, language-neutral (names in both languages), computed once.

Each section reads its own domain; a domain with nothing in the period gives empty lists and
zero counts, which the PDF and the pages print as "no data in this period".
"""

from datetime import datetime

from app.contracts.models import Contract
from app.reports import escalations, improvements, knowledge, problems, rules, training
from app.reports.facts import Filters, TicketFacts, collect
from app.reports.rules import Period
from app.reports.sections import assets, changes, complaints, staffing, top_issues
from app.reports.service_levels import days_off, satisfaction, sla, volume
from app.web.i18n import iso


def build(
    period: Period, *, now: datetime, contract: Contract, filters: Filters | None = None
) -> dict:
    """Every section of the report for `period`, as of `now`."""
    tickets = collect(period, now=now, contract=contract, filters=filters)
    figures = {
        "kind": period.kind,
        "period": period.label,
        "first_day": period.first.isoformat(),
        "last_day": period.last.isoformat(),
        "as_of": iso(now),
        "contract": contract_section(contract),
        "volume": volume(tickets, period, days_off(period, contract)),
        "sla": sla(tickets, contract),
        "satisfaction": satisfaction(period, contract),
        "complaints": complaints(period),
        "top_issues": top_issues(tickets),
        "changes": changes(period),
        "problems": problems.section(period, contract),
        "knowledge": knowledge.section(period),
        "escalations": escalations.section(period),
        "training": training.section(period),
        "assets": assets(period, contract),
        "staffing": staffing(tickets, period, contract),
        "improvements": improvements.section(period),
    }
    figures["trend"] = trend(tickets, period, figures["satisfaction"]["months"])
    figures["summary"] = summary(figures)
    return figures


def contract_section(contract: Contract) -> dict:
    def person(user):
        return {"name": user.name, "email": user.email} if user else None

    return {
        "client": contract.client_name,
        "vendor": contract.vendor_name,
        "vendor_project_manager": person(contract.vendor_project_manager),
        "client_project_lead": person(contract.client_project_lead),
    }


def trend(tickets: list[TicketFacts], period: Period, satisfaction_months: list[dict]) -> list:
    """Per month of the period: tickets, SLA attainment and satisfaction (quarterly lines)."""
    scores = {m["month"]: m for m in satisfaction_months}
    out = []
    for month in period.months():
        inside = [t for t in tickets if month.start <= t.created_at < month.end]
        attained = rules.attainment(o.state for t in inside for o in t.outcomes)
        score = scores.get(month.label, {})
        out.append(
            {
                "month": month.label,
                "tickets": len(inside),
                "sla_percent": attained["percent"],
                "satisfaction_percent": score.get("satisfaction_percent"),
                "response_rate": score.get("response_rate"),
            }
        )
    return out


def summary(figures: dict) -> dict:
    """The executive summary's key figures against their targets."""
    sla_part, sat = figures["sla"], figures["satisfaction"]
    return {
        "tickets": figures["volume"]["total"],
        "resolved": figures["volume"]["resolved"],
        "sla_percent": sla_part["overall"]["percent"],
        "breaches": sla_part["breaches_total"],
        "satisfaction_percent": sat["satisfaction_percent"],
        "satisfaction_target": sat["target_percent"],
        "satisfaction_met": (
            None
            if sat["satisfaction_percent"] is None
            else sat["satisfaction_percent"] >= sat["target_percent"]
        ),
        "response_rate": sat["response_rate"],
        "complaints": figures["complaints"]["total"],
        "changes_done": figures["changes"]["done_total"],
        "problems_opened": figures["problems"]["opened_total"],
        "deflected": figures["knowledge"]["deflected"],
        "rmas_opened": figures["assets"]["rmas_opened"],
    }
