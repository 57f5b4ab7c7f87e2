"""What the meetings see of the stored monthly reports: their names and pages."""

import sqlalchemy as sa
from flask import url_for
from flask_login import current_user

from app.accounts.roles import MANAGERS, has_role
from app.extensions import db
from app.meetings.shelf import ReportShelf
from app.reports.models import ServiceReport

CHOICES = 24


class StoredReports(ReportShelf):
    def choices(self) -> list[tuple[int, str]]:
        reports = db.session.scalars(
            sa.select(ServiceReport)
            .where(ServiceReport.kind == "monthly")
            .order_by(ServiceReport.period.desc(), ServiceReport.version.desc())
            .limit(CHOICES)
        )
        return [(report.id, report.reference) for report in reports]

    def label(self, report_id: int) -> str | None:
        report = db.session.get(ServiceReport, report_id)
        return report.reference if report else None

    def url(self, report_id: int) -> str | None:
        # the report pages are the managers' (reports.policy); others see the name only
        if not has_role(current_user, MANAGERS):
            return None
        return url_for("reports.detail", report_id=report_id)
