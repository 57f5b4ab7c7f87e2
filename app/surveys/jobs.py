"""Worker job: campaigns open on their first day and remind before they close."""

from contextlib import nullcontext
from datetime import datetime

from flask import current_app, has_request_context

from app.surveys import services
from app.worker import job


@job("survey_campaigns", every_seconds=300)
def survey_campaigns(now: datetime) -> dict[str, int]:
    # mail links are built with url_for, which outside a request needs one
    with nullcontext() if has_request_context() else current_app.test_request_context():
        return services.run_campaigns(now)
