"""SLA clocks replayed from a ticket's append-only history (S6, S7). Pure: no Flask, no DB."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from app.clocks.calendar import WorkCalendar
from app.clocks.clock import due_seconds, elapsed_seconds, minutes_to_seconds

ACTIONS = (
    "created",
    "accept",
    "start_remote",
    "dispatch",
    "arrive",
    "pend",
    "resume",
    "resolve",
    "confirm",
    "reopen",
    "cancel",
    "comment",
    "priority_changed",
    "close",
)
# "cancelled": stopped by a cancel action, without a met/breached verdict.
STATES = ("running", "paused", "met", "breached", "cancelled")


def _utc(at: datetime, label: str) -> datetime:
    """The same instant in UTC; ValueError for a naive datetime."""
    if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{label} must be a timezone-aware datetime, got {at!r}")
    return at.astimezone(UTC)


@dataclass(frozen=True)
class Event:
    """One entry of a ticket's history; `created` carries channel, catalog code and priority."""

    at: datetime
    action: str
    from_status: str | None
    to_status: str | None
    priority: str | None = None
    channel: str | None = None
    catalog_code: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", _utc(self.at, "event time"))
        if self.action not in ACTIONS:
            raise ValueError(f"unknown action {self.action!r}")
        for status in (self.from_status, self.to_status):
            if status is not None and (not isinstance(status, str) or not status):
                raise ValueError(f"a status is a non-empty name, got {status!r}")


class Segment(NamedTuple):
    """One stretch of a clock's timeline; end is None while it lasts."""

    start: datetime
    end: datetime | None
    kind: str  # running | paused
    reason: str  # the action that made it run, or the status that paused it


def _names(values: Iterable[str], allowed: Sequence[str], label: str) -> tuple[str, ...]:
    """Values as a tuple, each checked against the allowed vocabulary."""
    values = (values,) if isinstance(values, str) else tuple(values)
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise ValueError(f"{label}: unknown {', '.join(map(repr, unknown))}")
    return values


def _statuses(values: Iterable[str]) -> tuple[str, ...]:
    values = (values,) if isinstance(values, str) else tuple(values)
    if not all(isinstance(value, str) and value for value in values):
        raise ValueError(f"pause_statuses: names expected, got {values!r}")
    return values


def _selector(text: str) -> str:
    """A target selector with the SPEC's "hw.*" spelling reduced to its group "hw"."""
    return text[:-2] if text.endswith(".*") else text


_ACTION_FIELDS = ("start_actions", "stop_actions", "restart_on", "cancel_actions", "new_clock_on")


@dataclass(frozen=True, kw_only=True)
class Metric:
    """One SLA metric as data: when its clock starts, stops, pauses, and its targets.

    targets and applies_to use selectors: a priority ("P1"), a channel ("email"), a catalog
    code ("hw.laptop"), a catalog group ("hw" or "hw.*") or "*". A ticket the metric does not
    apply to, or with no matching target, gets no clock.
    """

    code: str
    start_actions: tuple[str, ...]
    stop_actions: tuple[str, ...]
    targets: tuple[tuple[str, float], ...]
    pause_statuses: tuple[str, ...] = ()
    calendar: str = "office"
    applies_to: tuple[str, ...] = ("*",)
    # Actions that resume a stopped clock, keeping the service time already used.
    restart_on: tuple[str, ...] = ()
    # Actions that stop a running clock without a verdict.
    cancel_actions: tuple[str, ...] = ("cancel", "close")
    # Actions that start a fresh clock once one has started: the earlier one keeps its result
    # (a clock still running then stops: breached if its time was up, else without a verdict).
    new_clock_on: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        targets = self.targets.items() if isinstance(self.targets, Mapping) else self.targets
        normalised = []
        for selector, minutes in targets:
            minutes_to_seconds(minutes)  # raises ValueError for a negative or absurd target
            normalised.append((_selector(str(selector)), minutes))
        set_(self, "targets", tuple(normalised))
        for name in _ACTION_FIELDS:
            set_(self, name, _names(getattr(self, name), ACTIONS, f"{self.code}.{name}"))
        # statuses are the caller's vocabulary (the ticket status machine): the kernel only
        # compares them with the events' statuses
        set_(self, "pause_statuses", _statuses(self.pause_statuses))
        applies = self.applies_to
        applies = (applies,) if isinstance(applies, str) else applies
        set_(self, "applies_to", tuple(_selector(str(item)) for item in applies))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, as stored in the contract's settings."""
        return {
            "code": self.code,
            "start_actions": list(self.start_actions),
            "stop_actions": list(self.stop_actions),
            "pause_statuses": list(self.pause_statuses),
            "calendar": self.calendar,
            "targets": dict(self.targets),
            "applies_to": list(self.applies_to),
            "restart_on": list(self.restart_on),
            "cancel_actions": list(self.cancel_actions),
            "new_clock_on": list(self.new_clock_on),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Metric:
        """A metric from its JSON form; ValueError on unknown keys, actions or statuses."""
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown metric fields: {', '.join(unknown)}")
        return cls(**data)

    def target_for(self, ticket: _Ticket) -> float | None:
        """Target minutes for the ticket, most specific selector first; None if out of scope."""
        keys = ticket.selectors()
        if "*" not in self.applies_to and not any(key in self.applies_to for key in keys):
            return None
        targets = dict(self.targets)
        for key in (*keys, "*"):
            if key in targets:
                return targets[key]
        return None


@dataclass(frozen=True)
class Clock:
    """One metric's clock on one ticket, as of the replay's `now` (times in UTC)."""

    metric: str
    target_minutes: float
    calendar: str
    started_at: datetime
    due_at: datetime  # when paused: the due time were it to resume at `now`
    stopped_at: datetime | None
    paused_minutes: float
    state: str
    segments: tuple[Segment, ...]
    used_minutes: float
    sequence: int = 1  # the metric's first, second … clock on the ticket (Metric.new_clock_on)


class _Ticket(NamedTuple):
    """What a metric's scope and target depend on."""

    status: str | None
    priority: str | None
    channel: str | None
    catalog_code: str | None

    def selectors(self) -> tuple[str, ...]:
        """The ticket's selector keys, most specific first."""
        group = self.catalog_code.split(".", 1)[0] if self.catalog_code else None
        keys = (self.priority, self.channel, self.catalog_code, group)
        return tuple(key for key in keys if key)


@dataclass
class _Track:
    """Mutable replay state of one metric; lives only inside replay()."""

    metric: Metric
    phase: str = "idle"  # idle | active | stopped | cancelled | superseded
    started_at: datetime | None = None
    stopped_at: datetime | None = None
    segments: list[Segment] = field(default_factory=list)
    earlier: list[_Track] = field(default_factory=list)  # clocks a new_clock_on action ended

    def open(self, at: datetime, status: str | None, action: str) -> None:
        """Start a running or paused stretch, as the ticket's status says."""
        paused = status in self.metric.pause_statuses
        kind, reason = ("paused", status or "") if paused else ("running", action)
        last = self.segments[-1] if self.segments else None
        if last is not None and last.kind == kind and last.end == at:
            # A pause that lasted no time was dropped: carry on the stretch before it.
            self.segments[-1] = last._replace(end=None)
            return
        self.segments.append(Segment(at, None, kind, reason))

    def close(self, at: datetime) -> None:
        """End the open stretch at `at`."""
        last = self.segments.pop()
        if at > last.start:
            self.segments.append(last._replace(end=at))  # zero-length stretches say nothing

    def apply(self, event: Event, status: str | None) -> None:
        """Move the clock on for one event; status is the ticket's status after it."""
        metric, action = self.metric, event.action
        if self.phase != "idle" and action in metric.new_clock_on:
            if self.phase == "active":
                self.close(event.at)
                self.stopped_at, self.phase = event.at, "superseded"
            finished = _Track(metric, self.phase, self.started_at, self.stopped_at, self.segments)
            self.earlier.append(finished)
            self.phase, self.started_at, self.stopped_at, self.segments = "idle", None, None, []
        if self.phase == "idle":
            if action in metric.start_actions:
                self.phase, self.started_at = "active", event.at
                self.open(event.at, status, action)
        elif self.phase == "active":
            if action in metric.cancel_actions or action in metric.stop_actions:
                self.close(event.at)
                self.stopped_at = event.at
                self.phase = "cancelled" if action in metric.cancel_actions else "stopped"
            elif (status in metric.pause_statuses) != (self.segments[-1].kind == "paused"):
                self.close(event.at)
                self.open(event.at, status, action)
        elif action in metric.restart_on:
            self.phase, self.stopped_at = "active", None
            self.open(event.at, status, action)


def _history(events: Iterable[Event], now: datetime) -> list[Event]:
    """Events up to now in time order (stable for equal times)."""
    return sorted((event for event in events if event.at <= now), key=lambda event: event.at)


def _used(calendar: WorkCalendar, segments: Iterable[Segment], kind: str, now: datetime) -> int:
    """Service seconds of the segments of one kind, open ones counted up to now."""
    total = 0
    for segment in segments:
        if segment.kind == kind and segment.start < now:
            end = now if segment.end is None else min(segment.end, now)
            total += elapsed_seconds(calendar, segment.start, end)
    return total


def _due_at(
    calendar: WorkCalendar, segments: Sequence[Segment], target: int, now: datetime
) -> datetime | None:
    """When running time reaches the target: where it did, or would from the last run or now."""
    used = 0
    anchor: tuple[datetime, int] | None = None
    for segment in segments:
        if segment.kind != "running":
            continue
        anchor = (segment.start, used)
        if segment.end is None:
            break
        used_here = elapsed_seconds(calendar, segment.start, segment.end)
        if used + used_here >= target:
            break
        used += used_here
    else:
        if segments and segments[-1].end is None:
            anchor = (now, used)  # paused with time left: due if it resumed now
    if anchor is None:
        return None
    start, before = anchor
    return due_seconds(calendar, start, target - before)


def _clock(
    track: _Track, target: float, calendar: WorkCalendar, now: datetime, sequence: int = 1
) -> Clock:
    """The clock of one started metric as of now."""
    target_seconds = minutes_to_seconds(target)
    segments = tuple(track.segments)
    used = _used(calendar, segments, "running", now)
    paused = _used(calendar, segments, "paused", now)
    started_at = track.started_at
    assert started_at is not None
    due_at = _due_at(calendar, segments, target_seconds, now)
    if due_at is None:
        # Never ran (started paused, or stopped at once): due as if run from its start.
        due_at = due_seconds(calendar, started_at, target_seconds)
    if track.phase == "cancelled" or (track.phase == "superseded" and used <= target_seconds):
        state = "cancelled"
    elif used > target_seconds:
        state = "breached"
    elif track.phase == "stopped":
        state = "met"
    else:
        state = segments[-1].kind if segments else "running"
    return Clock(
        metric=track.metric.code,
        target_minutes=target,
        calendar=track.metric.calendar,
        started_at=started_at,
        due_at=due_at,
        stopped_at=track.stopped_at,
        paused_minutes=paused / 60,
        state=state,
        segments=segments,
        used_minutes=used / 60,
        sequence=sequence,
    )


def replay(
    events: Iterable[Event],
    metrics: Iterable[Metric],
    calendars: Mapping[str, WorkCalendar],
    now: datetime,
) -> list[Clock]:
    """The SLA clocks of one ticket as of now, from its history; events after now are ignored.

    Scope and targets follow the ticket's latest priority, channel and catalog code, so a
    priority change applies from the clock's start.
    """
    now = _utc(now, "now")
    tracks = [_Track(metric) for metric in metrics]
    ticket = _Ticket(None, None, None, None)
    for event in _history(events, now):
        ticket = ticket._replace(
            status=event.to_status or ticket.status,
            priority=event.priority or ticket.priority,
            channel=event.channel or ticket.channel,
            catalog_code=event.catalog_code or ticket.catalog_code,
        )
        for track in tracks:
            track.apply(event, ticket.status)
    clocks = []
    for track in tracks:
        if track.phase == "idle" and not track.earlier:
            continue
        target = track.metric.target_for(ticket)
        if target is None:
            continue
        calendar = calendars.get(track.metric.calendar)
        if calendar is None:
            raise ValueError(f"metric {track.metric.code!r}: no calendar {track.metric.calendar!r}")
        for sequence, done in enumerate(track.earlier, start=1):
            clocks.append(_clock(done, target, calendar, now, sequence))
        if track.phase != "idle":
            clocks.append(_clock(track, target, calendar, now, len(track.earlier) + 1))
    return clocks


def used_seconds(clock: Clock, calendars: Mapping[str, WorkCalendar], now: datetime) -> int:
    """Service seconds the clock has run up to now."""
    return _used(calendars[clock.calendar], clock.segments, "running", _utc(now, "now"))
