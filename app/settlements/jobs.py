"""The worker's settlement steps (S21): on day X the last month's draft is computed; after day
Y an unsent sheet, after day Z an unanswered one, mails the manager (once per step)."""

from datetime import datetime

from app.contracts.services import get_contract
from app.settlements import queries, services
from app.worker import job


def run(now: datetime, contract) -> dict:
    """Compute the due draft and send the due reminders; returns what was done."""
    done = {"computed": 0, "reminded": 0}
    today = services.local_today(now)
    due = queries.last_month(today)
    if today.day >= contract.settlement_compute_day and services.get_sheet(due.key) is None:
        services.store_draft(due.year, due.month, contract=contract, now=now)
        done["computed"] = 1
    for late in queries.overdue(today, contract):
        done["reminded"] += services.remind(late.month, late.step, contract=contract, now=now)
    return done


@job("settlement_steps", every_seconds=3600)
def settlement_job(now: datetime) -> int:
    """S21 days X, Y and Z for the contract (the worker commits)."""
    done = run(now, get_contract())
    return done["computed"] + done["reminded"]
