"""Manager pages: calendars, the month view, holiday years, settings and escalation levels."""

import pytest
import sqlalchemy as sa
import time_machine

import app.sla as sla_package
from app.audit.models import AuditEvent
from app.clocks import store
from app.clocks.models import CalendarDefinition, HolidayDate, HolidayYear
from app.extensions import db
from app.sla.models import EscalationLevel
from tests.sla.helpers import bearer

# test data in the State Council's layout: (from, to, kind, name)
YEAR_2027 = [
    ("2027-01-01", "", "holiday", "New Year's Day"),
    ("2027-02-06", "2027-02-12", "holiday", "Spring Festival"),
    ("2027-02-13", "", "adjusted_workday", "Spring Festival"),
    ("2027-10-01", "2027-10-07", "holiday", "National Day"),
    ("2027-10-09", "", "adjusted_workday", "National Day"),
]
NOTICE = "国务院办公厅关于2027年部分节假日安排的通知"


def year_form(rows, step: str, source: str = NOTICE, url: str = "") -> dict:
    """The holiday-year page's fields as the browser posts them."""
    data = {"step": step, "source": source, "source_url": url}
    for index, (start, end, kind, name) in enumerate(rows):
        data |= {
            f"rows-{index}-start": start,
            f"rows-{index}-end": end,
            f"rows-{index}-kind": kind,
            f"rows-{index}-name": name,
        }
    return data


WEEKLY = {f"day{n}": "09:00-18:00" for n in range(5)} | {"day5": "", "day6": ""}


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def day_kind(client, headers, day: str, name: str = "office") -> str:
    response = client.get(
        f"/api/v1/calendars/{name}/days", query_string={"from": day, "to": day}, headers=headers
    )
    return response.json[0]["kind"]


def test_calendars_page_lists_calendars_and_years(login_as):
    page = login_as("manager").get("/sla/calendars")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "office" in text and "extended" in text and "Mon–Fri 09:00–18:00" in text
    assert "Built-in (chinesecalendar)" in text  # 2026


def test_month_view_shows_every_kind_in_both_languages(client, login_as):
    agent = login_as("agent")
    page = agent.get("/sla/calendars/office?month=2026-10")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'data-date="2026-10-01" data-kind="holiday"' in text
    assert 'data-date="2026-10-08" data-kind="workday"' in text
    assert 'data-date="2026-10-10" data-kind="adjusted_workday"' in text
    assert 'data-date="2026-10-11" data-kind="weekend"' in text
    assert "National Day" in text and "Adjusted working day" in text
    assert "Manager overrides" not in text  # agents look, managers change
    agent.form("/language/zh")
    chinese = agent.get("/sla/calendars/office?month=2026-10").get_data(as_text=True)
    assert 'lang="zh-CN"' in chinese and "国庆节" in chinese and "National Day" not in chinese


def test_month_view_is_a_fragment_for_htmx_and_404_for_unknown(login_as):
    agent = login_as("agent")
    fragment = agent.get("/sla/calendars/office?month=2026-02", headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert "<html" not in text and 'data-date="2026-02-14" data-kind="adjusted_workday"' in text
    assert "HX-Request" in fragment.headers["Vary"]
    assert agent.get("/sla/calendars/nope").status_code == 404


def test_employees_see_the_month_but_not_the_settings(login_as):
    employee = login_as("employee")
    assert employee.get("/sla/calendars/office").status_code == 200
    assert employee.get("/sla/calendars").status_code == 403
    assert (
        employee.form("/sla/calendars/office/overrides", {"day": "2026-10-08"}).status_code == 403
    )


def test_missing_year_warns_the_manager_until_it_is_confirmed(app, client, login_as, monkeypatch):
    if store.package_has(2027):
        pytest.skip("chinesecalendar ships 2027 now: no year is missing")
    monkeypatch.setattr(sla_package, "upcoming_years", lambda today: [2026, 2027])
    manager = login_as("manager")
    headers = bearer(app, "manager")
    home = manager.get("/").get_data(as_text=True)
    assert "2027 holiday schedule not entered" in home
    assert "2026 holiday schedule not entered" not in home
    assert "2027 holiday schedule not entered" not in login_as("agent").get("/").get_data(
        as_text=True
    )
    assert day_kind(client, headers, "2027-02-08") == "workday"  # plain weekdays meanwhile

    form = manager.get("/sla/years/2027").get_data(as_text=True)
    assert "2027 holiday schedule not entered" in form
    assert form.count('data-testid="year-row"') == 3  # nothing known: three empty rows
    bad = manager.form(
        "/sla/years/2027",
        year_form(
            [
                ("2027-01-01", "", "holiday", ""),
                ("", "2027-02-03", "holiday", "no start"),
                ("2028-01-01", "", "holiday", ""),
                ("2027-03-05", "2027-03-01", "holiday", ""),
                ("2027-01-01", "", "adjusted_workday", ""),
                ("2027-04-01", "", "bridge", ""),
            ],
            "review",
            source="",
        ),
    )
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    for message in (
        "Name the notice the dates come from.",
        "Give the first date.",
        "These dates are not in this year.",
        "The range ends before it starts.",
        "A date in this range is already in an earlier row.",
        "Not a valid choice",
    ):
        assert message in text
    assert count(app, HolidayYear) == 0

    more = manager.form("/sla/years/2027", year_form(YEAR_2027[:2], "add_row"))
    assert more.status_code == 200
    assert more.get_data(as_text=True).count('data-testid="year-row"') == 3

    review = manager.form(
        "/sla/years/2027", year_form(YEAR_2027 + [("", "", "holiday", "")], "review")
    )
    assert review.status_code == 200
    text = review.get_data(as_text=True)
    assert "Confirm the 2027 schedule" in text and NOTICE in text
    assert 'data-date="2027-02-08" data-kind="holiday"' in text
    assert 'data-date="2027-02-13" data-kind="adjusted_workday"' in text
    assert "15 holidays and 2 adjusted working days" in text
    assert count(app, HolidayYear) == 0  # reviewing saves nothing

    url = "https://www.gov.cn/zhengce/content/2027.htm"
    confirmed = manager.form("/sla/years/2027", year_form(YEAR_2027, "confirm", url=url))
    assert confirmed.status_code == 302
    assert count(app, HolidayDate) == 17
    assert day_kind(client, headers, "2027-02-08") == "holiday"
    assert day_kind(client, headers, "2027-02-13") == "adjusted_workday"
    assert day_kind(client, headers, "2027-10-08") == "workday"
    assert "2027 holiday schedule not entered" not in manager.get("/").get_data(as_text=True)
    with app.app_context():
        event = db.session.scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "calendar.year_confirmed")
        )
        assert event.object_key == "2027" and event.details["holidays"] == 15
        assert event.details["source"] == NOTICE and event.details["source_url"] == url
        assert db.session.get(HolidayYear, 2027).source == NOTICE
    assert NOTICE in manager.get("/sla/calendars").get_data(as_text=True)
    again = manager.get("/sla/years/2027").get_data(as_text=True)
    assert 'value="2027-02-06"' in again and 'value="2027-02-12"' in again
    assert 'value="Spring Festival"' in again and NOTICE in again


def test_next_year_is_asked_for_from_the_first_of_november(app, login_as):
    if store.package_has(2027):
        pytest.skip("chinesecalendar ships 2027 now: no year is missing")
    # 2026-10-31 16:30 UTC is already 1 November in Shanghai
    for instant, warned in (
        ("2026-10-31T15:59:00+00:00", False),
        ("2026-10-31T16:30:00+00:00", True),
    ):
        with time_machine.travel(instant, tick=False):
            home = login_as("manager").get("/").get_data(as_text=True)
        assert ("2027 holiday schedule not entered" in home) is warned, instant


def test_a_confirmed_year_replaces_the_package_days(app, client, login_as):
    manager = login_as("manager")
    headers = bearer(app, "manager")
    prefilled = manager.get("/sla/years/2026").get_data(as_text=True)
    assert 'value="2026-10-01"' in prefilled and 'value="2026-10-07"' in prefilled
    # the manager's list leaves out the Mid-autumn Festival and National Day's 10 October
    rows = [("2026-10-01", "2026-10-07", "holiday", "National Day")]
    assert manager.form("/sla/years/2026", year_form(rows, "confirm")).status_code == 302
    assert day_kind(client, headers, "2026-10-05") == "holiday"
    assert day_kind(client, headers, "2026-10-10") == "weekend"
    assert day_kind(client, headers, "2026-02-17") == "workday"  # Spring Festival not listed
    # a 7×24 calendar ignores statutory days altogether
    assert day_kind(client, headers, "2026-10-05", "extended") == "workday"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"day0": "18:00-09:00"}, "ends before it starts"),
        ({"day1": "09:00-12:00, 11:00-18:00"}, "overlaps"),
        ({"day2": "9-18"}, "is not a time range"),
        ({"day3": "09:00-25:00"}, "is not a time HH:MM"),
        ({"timezone": "Mars/Olympus"}, "Unknown time zone"),
        ({"name": "Office Hours"}, "Lower-case letters"),
        ({"name": "office"}, "exists"),
        ({"name": "new"}, "exists"),
        ({f"day{n}": "" for n in range(7)}, "at least one weekday"),
    ],
)
def test_bad_calendar_settings_are_refused_and_nothing_is_saved(app, login_as, changes, message):
    data = {"name": "late_shift", "timezone": "Asia/Shanghai", "source": "cn", **WEEKLY, **changes}
    response = login_as("manager").form("/sla/calendars/new", data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(app, CalendarDefinition) == 0


def test_a_second_calendar_and_changed_office_hours(app, client, login_as):
    manager = login_as("manager")
    headers = bearer(app, "manager")
    data = {
        "name": "weekend_desk",
        "timezone": "Asia/Shanghai",
        "source": "none",
        **{f"day{n}": "" for n in range(5)},
        "day5": "13:00-17:00, 09:00-12:00",
        "day6": "09:00–12:00",
    }
    created = manager.form("/sla/calendars/new", data)
    assert created.status_code == 302, created.get_data(as_text=True)
    listed = {item["name"]: item for item in client.get("/api/v1/calendars", headers=headers).json}
    assert listed["weekend_desk"]["schedule"]["sat"] == [["09:00", "12:00"], ["13:00", "17:00"]]
    assert listed["weekend_desk"]["schedule"]["mon"] == []
    assert day_kind(client, headers, "2026-10-03", "weekend_desk") == "workday"

    settings = manager.get("/sla/calendars/office/settings").get_data(as_text=True)
    assert 'value="09:00-18:00"' in settings
    office = {
        "timezone": "Asia/Shanghai",
        "source": "cn",
        **{f"day{n}": "08:30-12:00, 13:00-17:30" for n in range(5)},
    }
    assert manager.form("/sla/calendars/office/settings", office).status_code == 302
    listed = {item["name"]: item for item in client.get("/api/v1/calendars", headers=headers).json}
    assert listed["office"]["schedule"]["fri"] == [["08:30", "12:00"], ["13:00", "17:30"]]
    due = client.get(
        "/api/v1/calendars/office/due",
        query_string={"start": "2026-10-08T11:55", "minutes": 10},
        headers=headers,
    ).json
    assert due["due_at"] == "2026-10-08T13:05:00+08:00"  # the lunch break does not count
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert actions.count("calendar.save") == 2


def test_escalation_levels_can_be_added_and_removed(app, login_as):
    manager = login_as("manager")
    page = manager.get("/sla/escalations").get_data(as_text=True)
    assert "Warning" in page and "80 %" in page and "Breach" in page
    refused = manager.form("/sla/escalations", {"metric": "resolution", "percent": "150"})
    assert refused.status_code == 422 and "at least one recipient" in refused.get_data(as_text=True)
    added = manager.form(
        "/sla/escalations",
        {
            "metric": "resolution",
            "percent": "150",
            "recipients": ["client_it_contact"],
            "any_time": "y",
        },
    )
    assert added.status_code == 302
    with app.app_context():
        row = db.session.scalar(sa.select(EscalationLevel))
        assert (row.metric, row.percent, row.recipients, row.any_time) == (
            "resolution",
            150,
            ["client_it_contact"],
            True,
        )
        level_id = row.id
    assert "Client IT technical contact" in manager.get("/sla/escalations").get_data(as_text=True)
    assert manager.form(f"/sla/escalations/{level_id}/delete").status_code == 302
    assert count(app, EscalationLevel) == 0
