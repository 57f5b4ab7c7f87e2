"""The report's escalation lines (S17): the escalations opened in the period, counted by
kind and by the highest level they reached, and how many are still open."""

from app.escalations import queries, rules
from app.extensions import db
from app.reports.rules import Period


def section(period: Period) -> dict:
    rows = db.session.execute(queries.month_rows(period.start, period.end)).all()
    table = rules.counts_by_kind_and_level((kind, level) for kind, level in rows)
    levels = sorted({level for counts in table.values() for level in counts}) or [1]
    return {
        "total": len(rows),
        "levels": levels,
        "by_kind": [
            {
                "kind": kind,
                "counts": [counts.get(level, 0) for level in levels],
                "total": sum(counts.values()),
            }
            for kind, counts in table.items()
        ],
        "still_open": db.session.scalar(queries.count_open_of(period.start, period.end)),
    }
