"""Worker job: campaigns open on their first day and remind before they close."""

from datetime import datetime

from app.surveys import services
from app.worker import job


@job("survey_campaigns", every_seconds=300)
def survey_campaigns(now: datetime) -> dict[str, int]:
    return services.run_campaigns(now)
