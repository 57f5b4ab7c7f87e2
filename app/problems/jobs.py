"""The worker's recurrence detection, every ten minutes (several workers: see detection.refresh)."""

from datetime import datetime

from app.contracts.services import get_contract
from app.problems import detection
from app.worker import job


@job("problem_detect", every_seconds=600)
def detect_job(now: datetime) -> int:
    """Keep the recurrence candidates current; reports how many are new."""
    return detection.refresh(now, get_contract())["new"]
