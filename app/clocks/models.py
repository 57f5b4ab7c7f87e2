"""The working calendars' tables: definitions and overrides, confirmed holiday years."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import UTCDateTime, db, utcnow


class CalendarDefinition(db.Model):
    """A named working calendar (S2): time zone, weekly hours, statutory-day source.

    `office` and `extended` exist without a row (app.clocks.store's defaults); a row replaces them.
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
    # the official notice the days were taken from, e.g. 国办发明电〔2026〕7号, and its address
    source: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    source_url: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")

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
