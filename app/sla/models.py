"""SLA tables: escalation levels, the notifications sent, and the scan's per-ticket watch list."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import UTCDateTime, db, utcnow


class EscalationLevel(db.Model):
    """A further notification level beyond the built-in warning and breach (S17)."""

    __tablename__ = "sla_escalation_levels"

    id: Mapped[int] = mapped_column(primary_key=True)
    metric: Mapped[str] = mapped_column(sa.String(32), default="*")  # a metric code or "*"
    percent: Mapped[int] = mapped_column()  # of the target used; 150 = half the target beyond
    # contact keys: assignee, customer_service_manager, vendor_project_manager, client_…
    recipients: Mapped[list] = mapped_column(sa.JSON, default=list)
    any_time: Mapped[bool] = mapped_column(default=False)  # also outside service time
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SlaNotification(db.Model):
    """Each (ticket, metric, level) is notified once: the unique row is the proof."""

    __tablename__ = "sla_notifications"
    __table_args__ = (sa.UniqueConstraint("ticket_id", "metric", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(sa.String(32))
    level: Mapped[str] = mapped_column(sa.String(32))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recipients: Mapped[list] = mapped_column(sa.JSON, default=list)


class SlaWatch(db.Model):
    """When the scan must next look at a ticket: a cache of its replayed clocks.

    A new history line sets `check_at` to the line's time (look again now); the scan and
    `flask sla rebuild` set it to the next instant a notification level is reached, and
    delete the row when nothing is left to notify.
    """

    __tablename__ = "sla_watch"

    ticket_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    check_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class BreachReason(db.Model):
    """Why one service level of one ticket was missed, as the desk or the manager recorded it:
    a code from a short list (app.sla.rules.BREACH_REASONS) and a few words."""

    __tablename__ = "sla_breach_reasons"
    __table_args__ = (sa.UniqueConstraint("ticket_id", "metric"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(sa.String(32))
    reason: Mapped[str] = mapped_column(sa.String(32))
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
