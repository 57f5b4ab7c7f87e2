"""The report's problem-management section (S16): problems opened and resolved in the period,
and the items whose incidents repeated within it."""

from datetime import timedelta

import sqlalchemy as sa

from app.contracts.models import Contract
from app.extensions import db
from app.problems import detection, queries
from app.problems import rules as problem_rules
from app.reports.rules import Period
from app.tickets.models import CatalogItem
from app.web.i18n import iso

LIST_LIMIT = 30
EXAMPLES = 5


def row(problem) -> dict:
    return {
        "number": problem.number,
        "title": problem.title,
        "severity": problem.severity,
        "status": problem.status,
        "created_at": iso(problem.created_at),
        "resolved_at": iso(problem.resolved_at),
        "root_cause": (problem.what_happened or "")[:300],
        "fix": (problem.fix or "")[:300],
    }


def section(period: Period, contract: Contract) -> dict:
    opened = queries.opened_between(period.start, period.end)
    resolved = queries.resolved_between(period.start, period.end)
    last = period.end - timedelta(microseconds=1)  # the period is [start, end)
    incidents = detection.incidents_between(period.start, last)
    repeats = problem_rules.detect(
        incidents, start=period.start, end=last, minimum=detection.minimum(contract)
    )
    problem_of = queries.problem_numbers_of(sorted({i for c in repeats for i in c.ids}))
    items = {
        code: (zh, en)
        for code, zh, en in db.session.execute(
            sa.select(CatalogItem.code, CatalogItem.name_zh, CatalogItem.name_en)
        )
    }
    return {
        "opened_total": len(opened),
        "opened_by_severity": {
            s: sum(p.severity == s for p in opened) for s in problem_rules.SEVERITIES
        },
        "resolved_total": len(resolved),
        "open_at_end": queries.open_at(period.end),
        "opened": [row(p) for p in opened[:LIST_LIMIT]],
        "resolved": [row(p) for p in resolved[:LIST_LIMIT]],
        "recurring_total": len(repeats),
        "recurring": [
            {
                "kind": c.kind,
                "key": c.value,
                "name_zh": items.get(c.value, (c.value, c.value))[0],
                "name_en": items.get(c.value, (c.value, c.value))[1],
                "count": len(c.ids),
                "tickets": list(c.incidents[:EXAMPLES]),
                "problems": sorted({problem_of[i] for i in c.ids if i in problem_of}),
            }
            for c in repeats[:LIST_LIMIT]
        ],
    }
