"""Service-level figures of a report: ticket volume, SLA attainment and breaches, satisfaction."""

from collections import Counter
from datetime import date

import sqlalchemy as sa

from app.accounts.models import Department
from app.clocks import store, tracking
from app.contracts.models import Contract
from app.extensions import db
from app.reports import rules
from app.reports.facts import (
    PRIORITIES,
    REMOTE_GROUPS,
    RESPONSE_CHANNELS,
    TicketFacts,
)
from app.reports.rules import Period
from app.sla.services import breach_reasons, day_minutes
from app.tickets.catalog import GROUPS
from app.tickets.rules import CHANNELS, OPEN_STATUSES, TYPES
from app.web.i18n import iso

# how many lines the breach list keeps (the total counts them all): the worst breaches of
# each measure, so that one measure's many breaches do not hide another's
BREACHES_PER_METRIC = 12


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


def working_days(contract: Contract) -> dict[tuple[str, str], int]:
    """(metric, key) → minutes of a working day on the calendar that counts it now, so that
    the report prints "3 working days (1,620 min)"."""
    found = {}
    for metric in tracking.contract_metrics(contract):
        for key in dict(metric.targets):
            found[(metric.code, "all" if key == "*" else key)] = day_minutes(metric.calendar)
    return found


def sla(tickets: list[TicketFacts], contract: Contract) -> dict:
    outcomes = [(t, o) for t in tickets for o in t.outcomes]
    days = working_days(contract)
    rows = []
    for metric, key, target in sla_rows(contract):
        states = [o.state for _t, o in outcomes if o.metric == metric and o.key == key]
        rows.append(
            {
                "metric": metric,
                "key": key,
                "target": target,
                "day_minutes": days.get((metric, key)),
                **rules.attainment(states),
            }
        )
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
    recorded = breach_reasons({t.id for t, _o in breaches})
    return {
        "rows": rows,
        "by_metric": by_metric,
        "overall": rules.attainment(o.state for _t, o in outcomes),
        "breaches_total": len(breaches),
        "breaches": [
            {
                **breach(t, o, recorded.get((t.id, o.metric))),
                "day_minutes": days.get((o.metric, o.key)),
            }
            for t, o in listed
        ],
        # every breach of the period counted by its recorded reason (None: none recorded)
        "breach_reasons": rules.reason_counts(
            getattr(recorded.get((t.id, o.metric)), "reason", None) for t, o in breaches
        ),
    }


def breach(ticket: TicketFacts, outcome, recorded=None) -> dict:
    """One line of the breach list: the recorded reason, else the note that best explains it."""
    if recorded is not None:
        return {
            **breach_facts(ticket, outcome),
            "reason_code": recorded.reason,
            "reason": recorded.note,
        }
    return {**breach_facts(ticket, outcome), "reason_code": None}


def breach_facts(ticket: TicketFacts, outcome) -> dict:
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
