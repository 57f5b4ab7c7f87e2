"""The countdown people read for a clock, and its timeline with the hours it does not count."""

from datetime import timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.clocks.clock import elapsed_seconds, is_service_time
from app.clocks.countdown import HOLIDAY, OFF_HOURS, SERVICE_HOURS, countdown, stretches
from app.clocks.replay import Metric, replay
from tests.unit.test_replay import CALENDARS, METRICS, created, histories, sh, story

OFFICE = CALENDARS["office"]


def clock_of(events, now, metric, metrics=METRICS):
    found = [c for c in replay(events, metrics, CALENDARS, now) if c.metric == metric]
    return found[-1]


def dispatched(at, *steps):
    """A hardware ticket accepted on Friday 27 November 2026 at 17:30 and dispatched at `at`."""
    return story(
        created(sh(2026, 11, 27, 17, 20)),
        (sh(2026, 11, 27, 17, 30), "accept"),
        (at, "dispatch"),
        *steps,
    )


def test_running_in_service_hours_counts_until_the_end_of_the_day():
    events = dispatched(sh(2026, 11, 27, 17, 50))
    now = sh(2026, 11, 27, 17, 54)
    reading = countdown(clock_of(events, now, "onsite_arrival"), OFFICE, now)
    assert (reading.left_seconds, reading.running, reading.paused_for) == (360, True, None)
    # 6 of the 10 minutes are left, but only 6 run before 18:00: due at the stroke of six
    assert reading.counts_until == sh(2026, 11, 27, 18, 0)
    assert reading.due_at == sh(2026, 11, 27, 18, 0)
    assert reading.resumes_at is None


def test_paused_off_hours_says_when_it_resumes_and_when_it_is_due():
    # dispatched at 18:10 on a Friday: nothing counts until Monday 09:00
    events = dispatched(sh(2026, 11, 27, 18, 10))
    now = sh(2026, 11, 27, 18, 20)
    reading = countdown(clock_of(events, now, "onsite_arrival"), OFFICE, now)
    assert (reading.left_seconds, reading.running, reading.paused_for) == (600, False, OFF_HOURS)
    assert reading.resumes_at == sh(2026, 11, 30, 9, 0)
    assert reading.due_at == sh(2026, 11, 30, 9, 10)
    assert not reading.waiting


def test_paused_while_waiting_for_the_user():
    pended = (sh(2026, 11, 27, 17, 53), "pend", "pending_customer")
    events = dispatched(sh(2026, 11, 27, 17, 50), pended)
    now = sh(2026, 11, 27, 17, 58)
    reading = countdown(clock_of(events, now, "onsite_arrival"), OFFICE, now)
    assert (reading.left_seconds, reading.running) == (420, False)
    assert reading.paused_for == "pending_customer" and reading.waiting
    assert reading.resumes_at is None  # nobody knows when the user answers
    # were it to resume now: 2 minutes today, 5 on Monday
    assert reading.due_at == sh(2026, 11, 30, 9, 5)


def test_across_a_holiday_it_names_the_holiday():
    events = story(created(sh(2026, 9, 30, 17, 57), channel="email"))
    now = sh(2026, 10, 2, 11, 0)
    reading = countdown(clock_of(events, now, "response"), OFFICE, now)
    assert (reading.left_seconds, reading.running, reading.paused_for) == (120, False, HOLIDAY)
    assert reading.holiday == "National Day"
    assert reading.resumes_at == sh(2026, 10, 8, 9, 0)
    assert reading.due_at == sh(2026, 10, 8, 9, 2)


def test_the_night_before_a_holiday_is_paused_for_the_holiday():
    events = story(created(sh(2026, 9, 30, 17, 57), channel="email"))
    now = sh(2026, 9, 30, 20, 0)
    reading = countdown(clock_of(events, now, "response"), OFFICE, now)
    assert (reading.paused_for, reading.holiday) == (HOLIDAY, "National Day")


def test_past_due_the_figure_is_negative_and_a_stopped_clock_has_none():
    events = dispatched(sh(2026, 11, 30, 9, 0))
    now = sh(2026, 11, 30, 9, 25)
    reading = countdown(clock_of(events, now, "onsite_arrival"), OFFICE, now)
    assert (reading.left_seconds, reading.running) == (-900, True)
    arrived = dispatched(sh(2026, 11, 30, 9, 0), (sh(2026, 11, 30, 9, 8), "arrive"))
    assert countdown(clock_of(arrived, now, "onsite_arrival"), OFFICE, now) is None


def test_the_timeline_shows_nights_and_holidays_as_paused():
    events = story(
        created(sh(2026, 9, 30, 17, 0), channel="email", priority="P4"),
        (sh(2026, 9, 30, 17, 30), "accept"),
    )
    now = sh(2026, 10, 9, 10, 0)
    lines = stretches(clock_of(events, now, "resolution"), OFFICE, now)
    assert [(line.kind, line.reason, line.holiday) for line in lines] == [
        ("running", "accept", None),
        ("paused", HOLIDAY, "National Day"),
        ("running", SERVICE_HOURS, None),
        ("paused", OFF_HOURS, None),
        ("running", SERVICE_HOURS, None),
    ]
    assert lines[1].start == sh(2026, 9, 30, 18, 0) and lines[1].end == sh(2026, 10, 8, 9, 0)
    assert lines[-1].start == sh(2026, 10, 9, 9, 0) and lines[-1].end is None


def test_a_waiting_stretch_stays_one_line():
    pended = (sh(2026, 11, 27, 17, 53), "pend", "pending_customer")
    resumed = (sh(2026, 11, 30, 10, 0), "resume", "dispatched")
    events = dispatched(sh(2026, 11, 27, 17, 50), pended, resumed)
    now = sh(2026, 11, 30, 10, 2)
    lines = stretches(clock_of(events, now, "onsite_arrival"), OFFICE, now)
    assert [(line.kind, line.reason) for line in lines] == [
        ("running", "dispatch"),
        ("paused", "pending_customer"),
        ("running", "resume"),
    ]


def test_parts_of_a_second_make_no_pause():
    at = sh(2026, 11, 30, 9, 0) + timedelta(microseconds=250_000)
    events = story(created(at - timedelta(minutes=1)), (at, "accept"))
    now = sh(2026, 11, 30, 9, 30) + timedelta(microseconds=750_000)
    lines = stretches(clock_of(events, now, "resolution"), OFFICE, now)
    assert [(line.start, line.end, line.kind) for line in lines] == [(at, None, "running")]


# Random histories (tests.unit.test_replay.histories): the countdown and the timeline agree
# with the clock they read.


@settings(max_examples=200, deadline=None, database=None)
@given(histories(resolve_weight=1), st.integers(0, 10 * 86400))
def test_countdowns_and_stretches_agree_with_the_clock(events, after):
    now = events[-1].at + timedelta(seconds=after)
    for clock in replay(events, METRICS, CALENDARS, now):
        calendar = CALENDARS[clock.calendar]
        reading = countdown(clock, calendar, now)
        if clock.stopped_at is not None:
            assert reading is None
            continue
        assert reading.left_seconds == round(clock.target_minutes * 60 - clock.used_minutes * 60)
        assert reading.running == (
            clock.segments[-1].kind == "running" and is_service_time(calendar, now)
        )
        if reading.running:
            assert reading.counts_until > now
        elif reading.resumes_at is not None:
            assert reading.resumes_at > now and is_service_time(calendar, reading.resumes_at)
        lines = stretches(clock, calendar, now)
        counted = sum(
            elapsed_seconds(calendar, line.start, line.end or now)
            for line in lines
            if line.kind == "running"
        )
        assert counted == round(clock.used_minutes * 60)
        for line in lines:
            if line.reason in (OFF_HOURS, HOLIDAY):
                assert elapsed_seconds(calendar, line.start, line.end or now) == 0
        # in time order, never overlapping (a stop and a reopen leave a gap)
        assert all(a.end is not None and a.end <= b.start for a, b in pairwise(lines))


@pytest.mark.parametrize("calendar", ["office", "extended"])
def test_a_clock_on_a_7x24_calendar_never_pauses_by_itself(calendar):
    metric = Metric(
        code="resolution",
        start_actions=("accept",),
        stop_actions=("resolve",),
        targets={"*": 240},
        calendar=calendar,
    )
    events = story(created(sh(2026, 11, 27, 17, 20)), (sh(2026, 11, 27, 17, 30), "accept"))
    now = sh(2026, 11, 28, 3, 0)
    clock = clock_of(events, now, "resolution", [metric])
    reading = countdown(clock, CALENDARS[calendar], now)
    assert reading.running == (calendar == "extended")
