"""What a person reads about an SLA clock: the service time left, whether it counts right now
and why not, when it counts again and when it is due; and its timeline with the hours it did
not count. Pure: no Flask, no DB. Pages, mails and the API all show these figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from app.clocks.calendar import WorkCalendar
from app.clocks.clock import (
    elapsed_seconds,
    minutes_to_seconds,
    next_service_instant,
    service_interval_end,
    service_intervals,
)
from app.clocks.replay import Clock

OFF_HOURS = "off_hours"
HOLIDAY = "holiday"


@dataclass(frozen=True)
class Countdown:
    """One clock that has not stopped, as of `now`."""

    left_seconds: int  # service time left; negative once past due
    running: bool  # counting right now
    # None while running; OFF_HOURS, HOLIDAY, or the status the ticket waits in
    paused_for: str | None
    holiday: str | None  # the holiday's name when paused_for is HOLIDAY (None if unnamed)
    resumes_at: datetime | None  # outside service hours: when it counts again (UTC)
    due_at: datetime  # when the time runs out if nothing changes; in a wait: if it resumed now
    counts_until: datetime | None  # while running: the end of this stretch of service time

    @property
    def left_minutes(self) -> float:
        return self.left_seconds / 60

    @property
    def waiting(self) -> bool:
        """Paused because the ticket waits (for the user, a third party), not by the calendar."""
        return self.paused_for not in (None, OFF_HOURS, HOLIDAY)


def _used_seconds(clock: Clock, calendar: WorkCalendar, now: datetime) -> int:
    total = 0
    for segment in clock.segments:
        if segment.kind == "running" and segment.start < now:
            end = now if segment.end is None else min(segment.end, now)
            total += elapsed_seconds(calendar, segment.start, end)
    return total


def _holiday_in(calendar: WorkCalendar, start: datetime, end: datetime) -> tuple[bool, str | None]:
    """Whether a statutory holiday falls in [start, end] (local dates), and its name."""
    tz = calendar.tz
    first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    for info in calendar.iter_days(first, last):
        if info.kind == "holiday":
            return True, info.name
    return False, None


def countdown(clock: Clock, calendar: WorkCalendar, now: datetime) -> Countdown | None:
    """The clock's countdown as of now; None once it has stopped (met, breached, cancelled)."""
    if clock.stopped_at is not None or not clock.segments:
        return None
    left = minutes_to_seconds(clock.target_minutes) - _used_seconds(clock, calendar, now)
    last = clock.segments[-1]
    if last.kind == "paused":
        return Countdown(left, False, last.reason, None, None, clock.due_at, None)
    until = service_interval_end(calendar, now)
    if until is not None:
        return Countdown(left, True, None, None, None, clock.due_at, until)
    resumes = next_service_instant(calendar, now)
    on_holiday, name = _holiday_in(calendar, now, resumes - timedelta(seconds=1))
    reason = HOLIDAY if on_holiday else OFF_HOURS
    return Countdown(left, False, reason, name, resumes, clock.due_at, None)


class Stretch(NamedTuple):
    """One line of a clock's timeline; end is None while it lasts."""

    start: datetime
    end: datetime | None
    kind: str  # running | paused
    # running: the action that started it, or "service_hours" when counting resumes by the
    # calendar; paused: the waiting status, OFF_HOURS or HOLIDAY
    reason: str
    holiday: str | None = None


SERVICE_HOURS = "service_hours"
_SECOND = timedelta(seconds=1)


def stretches(clock: Clock, calendar: WorkCalendar, now: datetime) -> list[Stretch]:
    """The clock's timeline with the hours outside its calendar shown as paused."""
    found: list[Stretch] = []
    for segment in clock.segments:
        if segment.kind == "paused":
            found.append(Stretch(segment.start, segment.end, "paused", segment.reason))
            continue
        found.extend(_split(segment.start, segment.end, segment.reason, calendar, now))
    return found


def _split(
    start: datetime, end: datetime | None, reason: str, calendar: WorkCalendar, now: datetime
) -> list[Stretch]:
    """A running stretch cut into its service-time pieces and the pauses between them."""
    finish = now if end is None else end
    pieces: list[Stretch] = []
    cursor = start
    # the calendar counts whole seconds: a gap shorter than one is no pause
    for lo, hi in service_intervals(calendar, start, finish):
        if lo - cursor >= _SECOND:
            pieces.append(_gap(cursor, lo, calendar))
            cursor = lo
        hi = finish if finish - hi < _SECOND else hi
        counted = any(piece.kind == "running" for piece in pieces)
        pieces.append(Stretch(cursor, hi, "running", SERVICE_HOURS if counted else reason))
        cursor = hi
    if finish - cursor >= _SECOND:
        pieces.append(_gap(cursor, finish, calendar))
    if not pieces:
        return [Stretch(start, end, "running", reason)]
    if end is None:
        pieces[-1] = pieces[-1]._replace(end=None)  # it lasts: "until now"
    return pieces


def _gap(start: datetime, end: datetime, calendar: WorkCalendar) -> Stretch:
    on_holiday, name = _holiday_in(calendar, start, end - timedelta(seconds=1))
    return Stretch(start, end, "paused", HOLIDAY if on_holiday else OFF_HOURS, name)
