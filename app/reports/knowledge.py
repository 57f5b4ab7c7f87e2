"""The report's knowledge-base lines: requests the request form answered with an article
instead of a ticket, and the articles that answered most."""

from app.knowledge import queries
from app.reports.rules import Period

TOP = 5


def section(period: Period) -> dict:
    top = queries.top_deflecting(period.start, period.end, TOP)
    return {
        "deflected": queries.deflections_between(period.start, period.end),
        "top": [
            {
                "title_zh": (article.text("zh").title if article.text("zh") else ""),
                "title_en": (article.text("en").title if article.text("en") else ""),
                "count": count,
            }
            for article, count in top
        ],
    }
