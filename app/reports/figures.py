"""A report's figures: JSON-ready, language-neutral (names in both languages), computed once.

Each section reads its own domain; a domain with nothing in the period gives empty lists and
zero counts, which the PDF and the pages print as "no data in this period".
"""

from collections import Counter
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from app.accounts.models import Department, User
from app.contracts.models import Contract
from app.extensions import db
from app.reports import rules
from app.reports.facts import (
    PRIORITIES,
    REMOTE_GROUPS,
    RESPONSE_CHANNELS,
    Filters,
    TicketFacts,
    collect,
)
from app.reports.rules import Period
from app.sla import store
from app.tickets.catalog import GROUPS
from app.tickets.models import CatalogItem
from app.tickets.rules import CHANNELS, OPEN_STATUSES, TYPES
from app.web.i18n import iso

# how many lines a list section keeps (the totals count them all): the worst breaches of
# each measure, so that one measure's many breaches do not hide another's
BREACHES_PER_METRIC = 12
LIST_LIMIT = 30
TOP_LIMIT = 10
MOVEMENT_FIELDS = ("created", "owner", "department", "location", "status")


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
        "assets": assets(period, contract),
        "staffing": staffing(tickets, period, contract),
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


def named(pairs, names: dict) -> list[dict]:
    """[(key, count)] → [{key, name_zh, name_en, count}] with the names looked up."""
    return [
        {
            "key": key,
            "name_zh": names.get(key, (key, key))[0] if key else "未知",
            "name_en": names.get(key, (key, key))[1] if key else "Unknown",
            "count": count,
        }
        for key, count in pairs
    ]


def days_off(period: Period, contract: Contract) -> set[date]:
    """Weekends and holidays of the period on the contract's office calendar."""
    calendar = store.calendars().get(contract.office_calendar)
    if calendar is None:
        return set()
    return {day.date for day in calendar.iter_days(period.first, period.last) if not day.hours}


def volume(tickets: list[TicketFacts], period: Period, off: set[date]) -> dict:
    groups = {code: (zh, en) for code, (_slug, zh, en) in GROUPS.items()}
    departments = {
        d.code: (d.name_zh, d.name_en) for d in db.session.scalars(sa.select(Department))
    }
    days = Counter(rules.local_date(t.created_at) for t in tickets)
    return {
        "total": len(tickets),
        "resolved": sum(1 for t in tickets if t.resolved_at is not None),
        "open": sum(1 for t in tickets if t.status in OPEN_STATUSES),
        "by_group": named(rules.counted((t.group for t in tickets), GROUPS), groups),
        "by_channel": [
            {"key": k, "count": n} for k, n in rules.counted((t.channel for t in tickets), CHANNELS)
        ],
        "by_department": named(rules.counted(t.department for t in tickets), departments),
        "by_priority": [
            {"key": k, "count": n}
            for k, n in rules.counted((t.priority for t in tickets), PRIORITIES)
        ],
        "by_type": [
            {"key": k, "count": n} for k, n in rules.counted((t.type for t in tickets), TYPES)
        ],
        "by_day": [
            {"date": d.isoformat(), "count": days.get(d, 0), "off": d in off} for d in period.days()
        ],
    }


def sla_rows(contract: Contract) -> list[tuple[str, str, float]]:
    """(metric, key, target) of every row the report prints, in order, from the contract."""
    response = {
        "email": contract.response_email_minutes,
        "web": contract.response_web_minutes,
        "walk_in": contract.response_web_minutes,
    }
    remote = {"hw": contract.remote_limit_hw_minutes, "sys": contract.remote_limit_sys_minutes}
    return [
        *(("response", channel, response[channel]) for channel in RESPONSE_CHANNELS),
        ("phone", "phone", contract.phone_ring_limit),
        *(("remote_limit", group, remote[group]) for group in REMOTE_GROUPS),
        ("onsite_arrival", "all", contract.onsite_arrival_minutes),
        *(("resolution", p, contract.resolution_minutes(p)) for p in PRIORITIES),
    ]


def sla(tickets: list[TicketFacts], contract: Contract) -> dict:
    outcomes = [(t, o) for t in tickets for o in t.outcomes]
    rows = []
    for metric, key, target in sla_rows(contract):
        states = [o.state for _t, o in outcomes if o.metric == metric and o.key == key]
        rows.append({"metric": metric, "key": key, "target": target, **rules.attainment(states)})
    by_metric = {}
    for metric in dict.fromkeys(metric for metric, _k, _t in sla_rows(contract)):
        by_metric[metric] = rules.attainment(o.state for _t, o in outcomes if o.metric == metric)
    breaches = [(t, o) for t, o in outcomes if o.state == "breached"]
    listed = []
    for metric in dict.fromkeys(metric for metric, _k, _t in sla_rows(contract)):
        worst = sorted(
            (pair for pair in breaches if pair[1].metric == metric),
            key=lambda pair: (pair[1].target - pair[1].used, pair[0].id),
        )
        listed += worst[:BREACHES_PER_METRIC]
    return {
        "rows": rows,
        "by_metric": by_metric,
        "overall": rules.attainment(o.state for _t, o in outcomes),
        "breaches_total": len(breaches),
        "breaches": [breach(t, o) for t, o in listed],
    }


def breach(ticket: TicketFacts, outcome) -> dict:
    return {
        "number": ticket.number,
        "title": ticket.title,
        "metric": outcome.metric,
        "key": outcome.key,
        "target": outcome.target,
        "used": round(outcome.used, 1),
        "over": round(outcome.used - outcome.target, 1),
        "started_at": iso(outcome.started_at or ticket.created_at),
        "stopped_at": iso(outcome.stopped_at),
        # the phone's rings are counted at intake: no clock, so no note explains them
        "reason": ""
        if outcome.metric == "phone"
        else rules.breach_reason(ticket.notes, outcome.started_at, outcome.stopped_at),
    }


def satisfaction(period: Period, contract: Contract) -> dict:
    from app.surveys import queries as surveys

    scores = surveys.scores(period.first, period.last, contract=contract)
    # the trend: the period's months, and for a monthly report the five before it
    first = period.first
    if period.kind == "monthly":
        for _ in range(5):
            first = rules.previous(rules.month_of(first)).first
    months = surveys.monthly(first, period.last, contract=contract)
    return {
        **score_dict(scores),
        "good_from": scores.good_from,
        "below_target": scores.below_target,
        "months": [{"month": m.strftime("%Y-%m"), **score_dict(s)} for m, s in months],
    }


def score_dict(scores) -> dict:
    def one(value):
        return None if value is None else round(value, 1)

    return {
        "responses": scores.responses,
        "sent": scores.sent,
        "response_rate": one(scores.response_rate),
        "satisfaction_percent": one(scores.satisfaction_percent),
        "target_percent": scores.target_percent,
    }


def complaints(period: Period) -> dict:
    from app.complaints.models import Complaint

    found = db.session.scalars(
        sa.select(Complaint)
        .where(Complaint.created_at >= period.start, Complaint.created_at < period.end)
        .order_by(Complaint.created_at, Complaint.id)
    ).all()
    still_open = db.session.scalar(
        sa.select(sa.func.count(Complaint.id)).where(
            Complaint.created_at < period.end,
            sa.or_(Complaint.closed_at.is_(None), Complaint.closed_at >= period.end),
        )
    )
    kinds = Counter(c.kind for c in found)
    return {
        "total": len(found),
        "complaints": kinds.get("complaint", 0),
        "major_incidents": kinds.get("major_incident", 0),
        "open_at_end": still_open,
        "items": [
            {
                "number": c.number,
                "kind": c.kind,
                "title": c.title,
                "severity": c.severity,
                "status": c.status,
                "created_at": iso(c.created_at),
                "closed_at": iso(c.closed_at),
                "outcome": (c.outcome or "")[:300],
            }
            for c in found[:LIST_LIMIT]
        ],
    }


def top_issues(tickets: list[TicketFacts]) -> dict:
    from app.assets.models import Asset

    items = {i.code: (i.name_zh, i.name_en) for i in db.session.scalars(sa.select(CatalogItem))}
    by_item = rules.top(Counter(t.code for t in tickets), TOP_LIMIT)
    tags = {tag for t in tickets for tag in (t.asset_tags or [])}
    models: dict[str, tuple[str, str]] = {}
    for chunk in chunks(sorted(tags), 500):
        for tag, model, maker in db.session.execute(
            sa.select(Asset.tag, Asset.model, Asset.manufacturer).where(Asset.tag.in_(chunk))
        ):
            if model:
                models[tag] = (model, maker)
    per_model: Counter = Counter()
    numbers: dict[tuple, list[str]] = {}
    for t in tickets:
        for key in {models[tag] for tag in (t.asset_tags or []) if tag in models}:
            per_model[key] += 1
            numbers.setdefault(key, []).append(t.number)
    return {
        "by_item": named(by_item, items),
        # S16: a model with repeated tickets is a candidate for problem management
        "by_model": [
            {
                "model": model,
                "manufacturer": maker,
                "count": n,
                "tickets": numbers[(model, maker)][:5],
            }
            for (model, maker), n in rules.top(per_model, TOP_LIMIT, at_least=2)
        ],
    }


def chunks(values: list, size: int):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def changes(period: Period) -> dict:
    from app.changes.models import Change

    def row(change) -> dict:
        return {
            "number": change.number,
            "title": change.title,
            "kind": change.kind,
            "category": change.category,
            "risk": change.risk,
            "status": change.status,
            "planned_start": iso(change.planned_start),
            "finished_at": iso(change.finished_at),
        }

    done = db.session.scalars(
        sa.select(Change)
        .where(Change.finished_at >= period.start, Change.finished_at < period.end)
        .order_by(Change.finished_at, Change.id)
    ).all()
    horizon = rules.local_midnight(period.last + timedelta(days=1) + (period.last - period.first))
    planned = db.session.scalars(
        sa.select(Change)
        .where(
            Change.status.in_(("submitted", "approved", "scheduled")),
            Change.planned_start >= period.end,
            Change.planned_start < horizon,
        )
        .order_by(Change.planned_start, Change.id)
    ).all()
    return {
        "done_total": len(done),
        "done_by_kind": dict(Counter(c.kind for c in done)),
        "done": [row(c) for c in done[:LIST_LIMIT]],
        "planned_total": len(planned),
        "planned": [row(c) for c in planned[:LIST_LIMIT]],
    }


def assets(period: Period, contract: Contract) -> dict:
    from app.assets.models import Asset, AssetChange, Rma

    moved = db.session.execute(
        sa.select(AssetChange, Asset.tag)
        .join(Asset, Asset.id == AssetChange.asset_id)
        .where(
            AssetChange.at >= period.start,
            AssetChange.at < period.end,
            AssetChange.field.in_(MOVEMENT_FIELDS),
        )
        .order_by(AssetChange.at, AssetChange.id)
    ).all()
    rmas = db.session.execute(
        sa.select(Rma, Asset.tag, Asset.model)
        .join(Asset, Asset.id == Rma.asset_id)
        .where(
            sa.or_(
                Rma.sent_on.between(period.first, period.last),
                Rma.returned_on.between(period.first, period.last),
                sa.and_(
                    Rma.sent_on < period.first,
                    sa.or_(Rma.returned_on.is_(None), Rma.returned_on > period.last),
                ),
            )
        )
        .order_by(Rma.sent_on, Rma.id)
    ).all()
    horizon = period.last + timedelta(days=contract.warranty_warning_days)
    ending = db.session.scalars(
        sa.select(Asset)
        .where(
            Asset.warranty_end.between(period.first, horizon),
            Asset.status.not_in(("retired", "disposed")),
        )
        .order_by(Asset.warranty_end, Asset.tag)
    ).all()
    expired = [a for a in ending if a.warranty_end <= period.last]
    expiring = [a for a in ending if a.warranty_end > period.last]
    paid = sum(
        (
            rma.cost
            for rma, _tag, _model in rmas
            if rma.paid_by_client
            and rma.cost is not None
            and rma.returned_on
            and period.first <= rma.returned_on <= period.last
        ),
        start=0,
    )
    return {
        "movements_total": len(moved),
        "movements_by_field": dict(Counter(line.field for line, _tag in moved)),
        "movements": [
            {
                "tag": tag,
                "field": line.field,
                "old": line.old_value,
                "new": line.new_value,
                "at": iso(line.at),
                "authorized_by": line.authorized_by,
            }
            for line, tag in moved[:LIST_LIMIT]
        ],
        "rmas_opened": sum(1 for rma, *_ in rmas if in_period(rma.sent_on, period)),
        "rmas_returned": sum(1 for rma, *_ in rmas if in_period(rma.returned_on, period)),
        "rmas_open_at_end": sum(
            1 for rma, *_ in rmas if rma.returned_on is None or rma.returned_on > period.last
        ),
        "rma_client_cost": f"{paid:.2f}",
        "rmas": [
            {
                "tag": tag,
                "model": model,
                "vendor": rma.vendor,
                "rma_number": rma.rma_number,
                "sent_on": rma.sent_on.isoformat(),
                "returned_on": rma.returned_on.isoformat() if rma.returned_on else None,
                "in_warranty": rma.in_warranty,
                "cost": f"{rma.cost:.2f}" if rma.cost is not None else None,
            }
            for rma, tag, model in rmas[:LIST_LIMIT]
        ],
        "warranty_expired_total": len(expired),
        "warranty_expiring_total": len(expiring),
        "warranty_days": contract.warranty_warning_days,
        "warranty": [
            {
                "tag": a.tag,
                "model": a.model,
                "warranty_end": a.warranty_end.isoformat(),
                "expired": a.warranty_end <= period.last,
            }
            for a in ending[:LIST_LIMIT]
        ],
    }


def in_period(day: date | None, period: Period) -> bool:
    return day is not None and period.first <= day <= period.last


def staffing(tickets: list[TicketFacts], period: Period, contract: Contract) -> dict:
    workdays = len(period.days()) - len(days_off(period, contract))
    staff = dict(
        db.session.execute(
            sa.select(User.role, sa.func.count(User.id))
            .where(User.active, User.role.in_(("agent", "engineer")))
            .group_by(User.role)
        ).all()
    )
    load = Counter(t.assignee_id for t in tickets if t.assignee_id)
    names = dict(
        db.session.execute(sa.select(User.id, User.name).where(User.id.in_(list(load)))).all()
    )
    return {
        "office_hours": contract.staff_office_hours,
        "outside_hours": contract.staff_outside_hours,
        "agents": staff.get("agent", 0),
        "engineers": staff.get("engineer", 0),
        "workdays": workdays,
        "by_assignee": [
            {"name": names.get(uid, "—"), "count": n} for uid, n in rules.top(load, LIST_LIMIT)
        ],
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
        "rmas_opened": figures["assets"]["rmas_opened"],
    }
