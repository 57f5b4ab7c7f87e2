"""Service reports (S11, S19): one row per generated version, its figures kept as JSON."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.extensions import UTCDateTime, db, utcnow


class ServiceReport(db.Model):
    """A monthly or quarterly report. Regenerating a period adds a version; the figures are
    computed once, so the PDF (either edition) and the JSON API print the same numbers."""

    __tablename__ = "service_reports"
    # also the index that finds a period's versions
    __table_args__ = (
        sa.UniqueConstraint("kind", "period", "version", name="uq_service_reports_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(10))  # monthly | quarterly
    period: Mapped[str] = mapped_column(sa.String(8))  # 2026-10 | 2026-Q4
    first_day: Mapped[date] = mapped_column(sa.Date)
    last_day: Mapped[date] = mapped_column(sa.Date)
    version: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(sa.String(12), default="draft")
    figures: Mapped[dict] = mapped_column(sa.JSON)
    # the manager's comment printed in the executive summary
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    generated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    sent_to: Mapped[str] = mapped_column(sa.String(254), default="")
    sent_language: Mapped[str] = mapped_column(sa.String(5), default="")
    # the PDF as mailed, under the upload folder
    pdf_path: Mapped[str] = mapped_column(sa.String(300), default="")
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by: Mapped[str] = mapped_column(sa.String(254), default="")
    acknowledgement_note: Mapped[str] = mapped_column(sa.Text, default="")

    generated_by: Mapped[User | None] = relationship(foreign_keys=[generated_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    sent_by: Mapped[User | None] = relationship(foreign_keys=[sent_by_id])

    @property
    def reference(self) -> str:
        """ "2026-10 v2" — how pages, mail and the PDF name this version."""
        return f"{self.period} v{self.version}"
