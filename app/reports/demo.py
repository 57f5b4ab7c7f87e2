"""Demo data: last month's report generated and reviewed, ready for the manager to send."""

from app.accounts.roles import MANAGER
from app.contracts.services import get_contract
from app.extensions import utcnow
from app.reports import rules, services


def seed_reports(people, departments, rng, **_context) -> None:
    """Last month's report as a reviewed version 1 (the month end story, SCENARIOS 11)."""
    now = utcnow()
    manager = next((p for p in people if p.role == MANAGER), None)
    period = rules.previous(rules.month_of(rules.local_date(now)))
    report = services.store(period, actor=manager, now=now, contract=get_contract())
    if manager is not None:
        services.review(report, actor=manager, now=now)
