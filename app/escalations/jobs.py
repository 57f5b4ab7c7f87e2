"""The worker's climb (S17): an unconfirmed step whose waiting time has run out calls the
next level; the step's unique level makes two workers fire it once."""

from datetime import datetime

from app.contracts.services import get_contract
from app.escalations import services
from app.worker import job


@job("escalation_climb", every_seconds=60)
def climb_job(now: datetime) -> int:
    return services.climb_due(now, get_contract())
