"""SLA tables: calendar definitions and overrides, confirmed holiday years, escalation levels,
the notifications sent, and the scan's per-ticket watch list."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import UTCDateTime, db, utcnow


class CalendarDefinition(db.Model):
    """A named working calendar (S2): time zone, weekly hours, statutory-day source.

    `office` and `extended` exist without a row (app.sla.store's defaults); a row replaces them.
    """

    __tablename__ = "sla_calendars"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(32), unique=True)
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Asia/Shanghai")
    # {"0": [["09:00", "18:00"]], …, "6": []}: weekday (0 = Monday) → working intervals
    weekly_hours: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # hours of an adjusted working day (调休); None = Monday's hours
    adjusted_workday_hours: Mapped[list | None] = mapped_column(sa.JSON)
    source: Mapped[str] = mapped_column(sa.String(8), default="cn")  # cn | none
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class CalendarOverride(db.Model):
    """A manager's decision about one date on one calendar; it wins over every other source."""

    __tablename__ = "sla_calendar_overrides"
    __table_args__ = (sa.UniqueConstraint("calendar", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    calendar: Mapped[str] = mapped_column(sa.String(32))
    day: Mapped[date] = mapped_column(sa.Date)
    kind: Mapped[str] = mapped_column(sa.String(20))  # holiday | workday | adjusted_workday
    name: Mapped[str] = mapped_column(sa.String(100), default="")
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class HolidayYear(db.Model):
    """A year whose State Council holiday schedule a manager entered and confirmed."""

    __tablename__ = "sla_holiday_years"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    confirmed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def id(self) -> int:
        """The audit trail's key for this row: the year."""
        return self.year


class HolidayDate(db.Model):
    """One date of a confirmed year's schedule: a statutory holiday or an adjusted working day.

    These apply to every calendar that follows China's statutory days (source `cn`).
    """

    __tablename__ = "sla_holiday_dates"

    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))  # holiday | adjusted_workday
    name: Mapped[str] = mapped_column(sa.String(100), default="")


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
