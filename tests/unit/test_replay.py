"""SLA clocks replayed from ticket histories: table-driven stories and random histories."""

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.clocks.calendar import ALWAYS_HOURS, WorkCalendar
from app.clocks.clock import elapsed_seconds
from app.clocks.defaults import default_metrics
from app.clocks.replay import (
    STATES,
    Clock,
    Event,
    Metric,
    Segment,
    replay,
    used_seconds,
)
from app.tickets import rules as ticket_rules

SH = ZoneInfo("Asia/Shanghai")
CALENDARS = {
    "office": WorkCalendar("office"),
    "extended": WorkCalendar("extended", source="none", weekly_hours=ALWAYS_HOURS),
}
METRICS = default_metrics()
# Where each action takes a ticket; pend and resume are given their status explicitly.
TO_STATUS = {
    "created": "new",
    "accept": "accepted",
    "start_remote": "remote",
    "dispatch": "dispatched",
    "arrive": "onsite",
    "resolve": "resolved",
    "confirm": "closed",
    "close": "closed",
    "reopen": "accepted",
    "cancel": "cancelled",
}


def sh(*parts: int) -> datetime:
    """A Shanghai wall-clock time."""
    return datetime(*parts, tzinfo=SH)


def story(*steps: tuple) -> list[Event]:
    """Events from (time, action[, to_status][, {extra fields}]) steps, statuses chained."""
    events, status = [], None
    for at, action, *rest in steps:
        extra = rest.pop() if rest and isinstance(rest[-1], dict) else {}
        to = rest[0] if rest else TO_STATUS.get(action)
        events.append(Event(at, action, status, to, **extra))
        status = to or status
    return events


def created(at: datetime, channel="web", code="hw.laptop", priority="P3") -> tuple:
    return (at, "created", {"channel": channel, "catalog_code": code, "priority": priority})


def clocks(events, now, metrics=METRICS) -> dict[str, Clock]:
    return {clock.metric: clock for clock in replay(events, metrics, CALENDARS, now)}


def test_email_before_the_holiday_is_due_on_the_first_working_day():
    events = story(created(sh(2026, 9, 30, 17, 58), channel="email"))
    response = clocks(events, sh(2026, 10, 5, 12, 0))["response"]
    assert response.state == "running"
    assert response.used_minutes == 2
    # 2 minutes used before 18:00; the other 3 run from Thursday 2026-10-08 09:00.
    assert response.due_at == sh(2026, 10, 8, 9, 3)
    assert response.due_at.tzinfo is UTC


@pytest.mark.parametrize(
    ("accepted_at", "state"),
    [
        (sh(2026, 9, 30, 17, 59), "met"),
        (sh(2026, 10, 3, 11, 0), "met"),  # holiday: no service time passes
        (sh(2026, 10, 8, 9, 0), "met"),
        (sh(2026, 10, 8, 9, 0, 1), "breached"),
    ],
)
def test_email_at_1755_has_five_minutes_until_1800_then_resumes_at_0900(accepted_at, state):
    events = story(created(sh(2026, 9, 30, 17, 55), channel="email"), (accepted_at, "accept"))
    response = clocks(events, sh(2026, 10, 9, 12, 0))["response"]
    assert response.due_at == sh(2026, 9, 30, 18, 0)
    assert response.stopped_at == accepted_at
    assert response.state == state


def test_running_response_is_not_breached_while_the_office_is_closed():
    events = story(created(sh(2026, 9, 30, 17, 55), channel="email"))
    assert clocks(events, sh(2026, 10, 7, 23, 0))["response"].state == "running"
    assert clocks(events, sh(2026, 10, 8, 9, 0, 1))["response"].state == "breached"


def test_phone_has_no_response_clock_and_software_no_remote_limit():
    events = story(
        created(sh(2026, 3, 3, 9, 0), channel="phone", code="sw.client"),
        (sh(2026, 3, 3, 9, 1), "accept"),
        (sh(2026, 3, 3, 9, 2), "start_remote"),
    )
    assert set(clocks(events, sh(2026, 3, 3, 10, 0))) == {"resolution"}


def test_pause_across_a_weekend():
    events = story(
        created(sh(2026, 3, 6, 15, 0), priority="P2"),
        (sh(2026, 3, 6, 16, 0), "accept"),
        (sh(2026, 3, 6, 17, 0), "pend", "pending_customer"),
        (sh(2026, 3, 9, 10, 0), "resume", "accepted"),
        (sh(2026, 3, 9, 12, 0), "resolve"),
    )
    resolution = clocks(events, sh(2026, 3, 10, 9, 0))["resolution"]
    assert resolution.state == "met"
    assert resolution.used_minutes == 180
    assert resolution.paused_minutes == 120  # Friday 17–18 and Monday 09–10
    assert resolution.due_at == sh(2026, 3, 9, 17, 0)  # 420 minutes left at Monday 10:00
    assert resolution.segments == (
        Segment(sh(2026, 3, 6, 16, 0), sh(2026, 3, 6, 17, 0), "running", "accept"),
        Segment(sh(2026, 3, 6, 17, 0), sh(2026, 3, 9, 10, 0), "paused", "pending_customer"),
        Segment(sh(2026, 3, 9, 10, 0), sh(2026, 3, 9, 12, 0), "running", "resume"),
    )


def test_paused_clock_is_due_as_if_resumed_now():
    events = story(
        created(sh(2026, 3, 6, 15, 0), priority="P2"),
        (sh(2026, 3, 6, 16, 0), "accept"),
        (sh(2026, 3, 6, 17, 0), "pend", "pending_vendor"),
    )
    resolution = clocks(events, sh(2026, 3, 9, 11, 0))["resolution"]
    assert resolution.state == "paused"
    assert resolution.used_minutes == 60
    assert resolution.paused_minutes == 180
    assert resolution.due_at == sh(2026, 3, 9, 18, 0)
    assert resolution.segments[-1] == Segment(
        sh(2026, 3, 6, 17, 0), None, "paused", "pending_vendor"
    )


def test_breached_stays_breached_while_paused():
    events = story(
        created(sh(2026, 3, 3, 8, 0), priority="P1"),
        (sh(2026, 3, 3, 9, 0), "accept"),
        (sh(2026, 3, 3, 14, 0), "pend", "pending_customer"),
    )
    resolution = clocks(events, sh(2026, 3, 4, 12, 0))["resolution"]
    assert (resolution.state, resolution.used_minutes) == ("breached", 300)
    assert resolution.due_at == sh(2026, 3, 3, 13, 0)


def test_reopen_resumes_the_resolution_clock_with_time_used():
    events = story(
        created(sh(2026, 3, 3, 8, 30), priority="P1"),
        (sh(2026, 3, 3, 9, 0), "accept"),
        (sh(2026, 3, 3, 11, 0), "resolve"),
        (sh(2026, 3, 4, 9, 0), "reopen"),
    )
    resolved = clocks(events[:3], sh(2026, 3, 3, 12, 0))["resolution"]
    assert (resolved.state, resolved.stopped_at) == ("met", sh(2026, 3, 3, 11, 0))
    reopened = clocks(events, sh(2026, 3, 4, 10, 0))["resolution"]
    assert (reopened.state, reopened.stopped_at, reopened.used_minutes) == ("running", None, 180)
    assert reopened.due_at == sh(2026, 3, 4, 11, 0)
    assert reopened.segments[-1] == Segment(sh(2026, 3, 4, 9, 0), None, "running", "reopen")
    assert used_seconds(reopened, CALENDARS, sh(2026, 3, 4, 10, 0)) == 180 * 60  # 75 % of 4 h
    assert used_seconds(reopened, CALENDARS, sh(2026, 3, 4, 10, 12)) == 192 * 60  # 80 %
    assert clocks(events, sh(2026, 3, 4, 11, 30))["resolution"].state == "breached"


def test_priority_change_applies_from_the_start():
    events = story(
        created(sh(2026, 3, 3, 8, 30), priority="P3"),
        (sh(2026, 3, 3, 9, 0), "accept"),
        (sh(2026, 3, 3, 12, 0), "priority_changed", {"priority": "P1"}),
    )
    before = clocks(events, sh(2026, 3, 3, 11, 0))["resolution"]
    assert (before.target_minutes, before.state) == (1620, "running")
    after = clocks(events, sh(2026, 3, 3, 14, 0))["resolution"]
    assert (after.target_minutes, after.state) == (240, "breached")
    assert after.due_at == sh(2026, 3, 3, 13, 0)


def test_priority_change_can_move_the_clock_to_another_calendar():
    base = [m for m in METRICS if m.code != "resolution"]
    metrics = [
        *base,
        Metric(
            code="resolution",
            start_actions=("accept",),
            stop_actions=("resolve",),
            targets={"P1": 240},
            applies_to=("P1",),
            calendar="extended",
        ),
        Metric(
            code="resolution",
            start_actions=("accept",),
            stop_actions=("resolve",),
            targets={"P2": 480, "P3": 1620, "P4": 2700},
            applies_to=("P2", "P3", "P4"),
        ),
    ]
    events = story(
        created(sh(2026, 3, 6, 16, 0), priority="P3"),
        (sh(2026, 3, 6, 17, 0), "accept"),
    )
    assert clocks(events, sh(2026, 3, 7, 12, 0), metrics)["resolution"].state == "running"
    events.append(Event(sh(2026, 3, 7, 12, 0), "priority_changed", "accepted", None, "P1"))
    resolution = clocks(events, sh(2026, 3, 7, 12, 0), metrics)["resolution"]
    assert (resolution.calendar, resolution.state) == ("extended", "breached")
    assert resolution.due_at == sh(2026, 3, 6, 21, 0)


def test_cancel_stops_clocks_without_a_verdict():
    events = story(
        created(sh(2026, 3, 3, 8, 55), channel="email", priority="P1"),
        (sh(2026, 3, 3, 9, 0), "accept"),
        (sh(2026, 3, 3, 16, 0), "cancel"),
    )
    result = clocks(events, sh(2026, 3, 5, 9, 0))
    assert result["response"].state == "met"
    resolution = result["resolution"]
    assert (resolution.state, resolution.stopped_at) == ("cancelled", sh(2026, 3, 3, 16, 0))
    assert resolution.used_minutes == 420


@pytest.mark.parametrize(
    ("code", "dispatched_after", "state"),
    [
        ("hw.printer", 5, "met"),
        ("hw.printer", 6, "breached"),
        ("sys.network", 6, "met"),
        ("sys.virus", 11, "breached"),
    ],
)
def test_remote_limit_by_catalog_group(code, dispatched_after, state):
    start = sh(2026, 3, 3, 9, 1)
    dispatched = start + timedelta(minutes=dispatched_after)
    events = story(
        created(sh(2026, 3, 3, 9, 0), code=code),
        (start, "accept"),
        (start, "start_remote"),
        (dispatched, "dispatch"),
        (dispatched + timedelta(minutes=10), "arrive"),
    )
    result = clocks(events, sh(2026, 3, 3, 12, 0))
    assert result["remote_limit"].state == state
    assert result["onsite_arrival"].state == "met"
    assert result["onsite_arrival"].used_minutes == 10


def test_events_after_now_and_input_order_do_not_matter():
    events = story(
        created(sh(2026, 3, 3, 8, 55), channel="email"),
        (sh(2026, 3, 3, 9, 0), "accept"),
        (sh(2026, 3, 3, 10, 0), "resolve"),
    )
    now = sh(2026, 3, 3, 9, 30)
    assert replay(events[::-1], METRICS, CALENDARS, now) == replay(
        events[:2], METRICS, CALENDARS, now
    )


def test_metrics_round_trip_through_json_form():
    for metric in METRICS:
        assert Metric.from_dict(metric.to_dict()) == metric
    with pytest.raises(ValueError, match="unknown metric fields: colour"):
        Metric.from_dict({**METRICS[0].to_dict(), "colour": "red"})
    with pytest.raises(ValueError, match="unknown 'teleport'"):
        Metric.from_dict({**METRICS[0].to_dict(), "stop_actions": ["teleport"]})
    with pytest.raises(ValueError, match="finite number"):
        Metric.from_dict({**METRICS[0].to_dict(), "targets": {"email": -5}})
    assert Metric(code="x", start_actions="accept", stop_actions=(), targets={"hw.*": 5}).targets


@pytest.mark.parametrize(
    "kwargs",
    [
        {"action": "explode"},
        {"to_status": ""},  # statuses are names the caller gives
        {"at": datetime(2026, 3, 3, 9, 0)},
    ],
)
def test_bad_events_are_rejected(kwargs):
    fields = {"at": sh(2026, 3, 3), "action": "accept", "from_status": "new"}
    with pytest.raises(ValueError):
        Event(**{"to_status": "accepted", **fields, **kwargs})


def test_unknown_calendar_is_reported():
    metric = Metric(code="x", start_actions=("created",), stop_actions=(), targets={"*": 1})
    metric = Metric.from_dict({**metric.to_dict(), "calendar": "lunar"})
    with pytest.raises(ValueError, match="no calendar 'lunar'"):
        replay(story(created(sh(2026, 3, 3))), [metric], CALENDARS, sh(2026, 3, 4))


# Random valid histories.


FIRST = datetime(2024, 1, 1, tzinfo=UTC)
SPAN = int((datetime(2027, 12, 1, tzinfo=UTC) - FIRST).total_seconds())
PRIORITIES = st.sampled_from(ticket_rules.PRIORITIES)


@st.composite
def histories(draw, resolve_weight: int = 0) -> list[Event]:
    """A created event and up to 16 moves the ticket state machine allows, time increasing;
    `resolve_weight` extra draws of "resolve" where a dispatch may end that way."""
    at = FIRST + timedelta(seconds=draw(st.integers(0, SPAN)))
    events = [
        Event(
            at,
            "created",
            None,
            "new",
            priority=draw(PRIORITIES),
            channel=draw(st.sampled_from(ticket_rules.CHANNELS)),
            catalog_code=draw(st.sampled_from(["hw.laptop", "sys.virus", "sw.client"])),
        )
    ]
    status, paused_from = "new", None
    for _ in range(draw(st.integers(0, 16))):
        allowed = [*ticket_rules.allowed_actions(status), "priority_changed"]
        if "resolve" in allowed and status in ("dispatched", *ticket_rules.PENDING):
            allowed += ["resolve"] * resolve_weight
        action = draw(st.sampled_from(allowed))
        at += timedelta(seconds=draw(st.integers(1, 900) | st.integers(1, 4 * 86400)))
        if action == "priority_changed":
            events.append(Event(at, action, status, None, priority=draw(PRIORITIES)))
            continue
        if action == "start_remote" and status == "new":
            # the services record the implied acceptance first, at the same instant
            events.append(Event(at, "accept", "new", "accepted"))
            status = "accepted"
        after = ticket_rules.next_status(
            status,
            action,
            waiting_for=draw(st.sampled_from(["customer", "vendor"])),
            resume_to=paused_from,
        )
        if action == "pend":
            paused_from = status
        events.append(Event(at, action, status, None if action == "comment" else after))
        status = after
    return events


def seconds(minutes: float) -> int:
    return round(minutes * 60)


def check_clock(clock: Clock, now: datetime) -> None:
    """Invariants every clock holds, whatever the history."""
    calendar = CALENDARS[clock.calendar]
    used, paused = seconds(clock.used_minutes), seconds(clock.paused_minutes)
    target = seconds(clock.target_minutes)
    assert clock.state in STATES
    assert clock.started_at <= now
    span_end = clock.stopped_at or now
    assert used >= 0
    assert used + paused <= elapsed_seconds(calendar, clock.started_at, span_end)
    running = [s for s in clock.segments if s.kind == "running"]
    assert used == sum(elapsed_seconds(calendar, s.start, s.end or now) for s in running)
    for segment, following in pairwise(clock.segments):
        assert segment.end is not None and segment.start < segment.end <= following.start
    if clock.stopped_at is None:
        assert clock.segments and clock.segments[-1].end is None
        assert clock.state in ("running", "paused", "breached")
        assert (clock.state == "breached") is (used > target)
        assert clock.state == "breached" or clock.state == clock.segments[-1].kind
        # Due is where the remaining target runs out from now (running, or resumed now).
        if clock.state != "breached":
            assert elapsed_seconds(calendar, now, clock.due_at) == target - used
    else:
        assert not clock.segments or clock.segments[-1].end is not None
        assert clock.state in ("met", "breached", "cancelled")
        if clock.state != "cancelled":
            assert (clock.state == "met") is (used <= target)


REPLAY = settings(max_examples=200, deadline=None, database=None)


@REPLAY
@given(histories(), st.integers(0, 10 * 86400))
def test_random_histories_keep_invariants(events, after):
    now = events[-1].at + timedelta(seconds=after)
    result = replay(events, METRICS, CALENDARS, now)
    for clock in result:
        check_clock(clock, now)
    assert replay(events[::-1], METRICS, CALENDARS, now) == result
    assert replay(list(events), METRICS, CALENDARS, now.astimezone(SH)) == result


@REPLAY
@given(histories(), st.data())
def test_replay_of_a_prefix_is_the_replay_as_of_then(events, data):
    cut = events[data.draw(st.integers(0, len(events) - 1))].at
    now = cut + timedelta(seconds=data.draw(st.sampled_from([0, 1, 3600, 86400])))
    prefix = [event for event in events if event.at <= now]
    assert replay(prefix, METRICS, CALENDARS, now) == replay(events, METRICS, CALENDARS, now)
