"""Calendars loaded from the database over the built-in defaults, cached per request."""

from datetime import date

import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.clocks import store
from app.clocks.models import CalendarOverride
from app.extensions import db
from tests.sla.helpers import user


def test_defaults_without_rows(req):
    found = store.calendars()
    assert set(found) == {"office", "extended"}
    assert found["office"].day_kind(date(2026, 10, 1)).kind == "holiday"
    assert found["extended"].day_kind(date(2026, 10, 1)).kind == "workday"
    assert store.year_status(2026) == "package"


def test_cached_per_request_and_dropped_after_a_write(req):
    first = store.calendars()
    assert store.calendars() is first
    store.set_override("office", date(2026, 10, 8), False, "Company day", actor=user("manager"))
    changed = store.calendars()
    assert changed is not first
    info = changed["office"].day_kind(date(2026, 10, 8))
    assert (info.kind, info.name, info.hours) == ("holiday", "Company day", ())
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "calendar.override"))
    assert event.details == {
        "calendar": "office",
        "day": "2026-10-08",
        "kind": "holiday",
        "name": "Company day",
    }


def test_a_working_weekend_is_an_adjusted_working_day(req):
    manager = user("manager")
    store.set_override("office", date(2026, 11, 28), True, "", actor=manager)
    store.set_override("office", date(2026, 10, 2), True, "", actor=manager)
    kinds = db.session.scalars(sa.select(CalendarOverride.kind).order_by(CalendarOverride.day))
    assert list(kinds) == ["workday", "adjusted_workday"]
    office = store.calendars()["office"]
    assert office.day_kind(date(2026, 11, 28)).hours == (("09:00", "18:00"),)
    assert store.remove_override("office", date(2026, 11, 28), actor=manager)
    assert store.calendars()["office"].day_kind(date(2026, 11, 28)).kind == "weekend"


def test_month_days_start_on_monday(req):
    weeks = store.month_days(store.calendars()["office"], 2026, 10)
    assert weeks[0][:3] == [None, None, None]  # 1 October 2026 is a Thursday
    assert weeks[0][3].date == date(2026, 10, 1)
    assert all(len(week) == 7 for week in weeks)
