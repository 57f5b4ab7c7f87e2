"""The report's training lines (S20): sessions held in the period and how many attended."""

from datetime import timedelta

from app.reports.rules import Period
from app.training import queries


def section(period: Period) -> dict:
    return queries.counts_between(period.first, period.last + timedelta(days=1))
