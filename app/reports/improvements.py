"""The report's service improvements (S18): the items followed in the period, with their
source, owner, status, target date and measured effect."""

from app.improvements import services
from app.reports.rules import Period
from app.web.i18n import iso

LIST_LIMIT = 30


def section(period: Period) -> dict:
    found = services.for_period(period.start, period.end)
    return {
        "total": len(found),
        "done": sum(1 for item in found if item.status == "done"),
        "rows": [
            {
                "title": item.title,
                "source": item.source,
                "source_reference": item.source_reference,
                "owner": item.owner.name if item.owner else "",
                "status": item.status,
                "target_on": item.target_on.isoformat() if item.target_on else None,
                "done_at": iso(item.done_at),
                "effect": (item.effect or "")[:500],
            }
            for item in found[:LIST_LIMIT]
        ],
    }
