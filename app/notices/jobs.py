"""The worker mails notices whose audience is too large to mail while the publisher waits."""

from datetime import datetime

from app.notices import services
from app.worker import job


@job("notice_mail", every_seconds=60)
def notice_mail_job(now: datetime) -> int:
    return services.mail_waiting(now)
