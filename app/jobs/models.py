"""A long piece of work a person started from a page (labels, a report, an export), run by a
worker while the page shows its progress; its result file is kept for a day."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.extensions import UTCDateTime, db, utcnow


class BackgroundJob(db.Model):
    __tablename__ = "background_jobs"
    __table_args__ = (sa.Index("ix_background_jobs_expires_at", "expires_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    # queued → running → done | failed | cancelled
    status: Mapped[str] = mapped_column(sa.String(12), default="queued")
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    # why it failed, as a code with parameters rendered in the reader's language
    error_code: Mapped[str] = mapped_column(sa.String(40), default="")
    error_params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # the result: a file under the results folder, or a page of the portal
    result_name: Mapped[str] = mapped_column(sa.String(200), default="")
    result_mimetype: Mapped[str] = mapped_column(sa.String(100), default="")
    result_path: Mapped[str] = mapped_column(sa.String(400), default="")
    result_url: Mapped[str] = mapped_column(sa.String(400), default="")
    # how many times a worker started it (more than once would be a bug the tests look for)
    runs: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    owner: Mapped[User] = relationship()
