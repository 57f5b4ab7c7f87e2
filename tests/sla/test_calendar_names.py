"""Calendars are shown by their translated name (S2); URLs and settings keep the code."""

import re

import pytest
from flask_babel import force_locale

from app.extensions import db
from app.sla.labels import calendar_label
from app.tickets import actions
from tests.factories import open_ticket, perform
from tests.sla.helpers import sh, staff_contract

CALENDAR_LINKS = re.compile(r'<a href="(/sla/calendars/\w+)">([^<]*)</a>')


@pytest.mark.parametrize(
    ("lang", "office", "extended"),
    [("en", "Office hours", "Extended hours"), ("zh", "工作时间", None)],
)
def test_built_in_calendars_have_display_names(app, lang, office, extended):
    with app.test_request_context(), force_locale(lang):
        assert str(calendar_label("office")) == office
        assert str(calendar_label("extended")) != "extended"
        if extended:
            assert str(calendar_label("extended")) == extended
        assert calendar_label("weekend_desk") == "weekend_desk"  # a manager's own calendar


def test_the_calendars_page_names_calendars_not_people(login_as):
    manager = login_as("manager")
    links = dict(CALENDAR_LINKS.findall(manager.get("/sla/calendars").get_data(as_text=True)))
    assert links["/sla/calendars/office"] == "Office hours"
    assert links["/sla/calendars/extended"] == "Extended hours"
    manager.form("/language/zh")
    chinese = manager.get("/sla/calendars").get_data(as_text=True)
    assert dict(CALENDAR_LINKS.findall(chinese))["/sla/calendars/office"] == "工作时间"
    assert "<th>姓名</th>" not in chinese  # a calendar has a name, not a person's name
    month = manager.get("/sla/calendars/office").get_data(as_text=True)
    assert "工作时间" in month.split("</h1>")[0] and "姓名" not in month
    settings = manager.get("/sla/calendars/office/settings").get_data(as_text=True)
    assert "工作时间" in settings and "姓名" not in settings


@pytest.fixture
def number(app, users):
    """A ticket accepted and running on the office calendar."""
    with app.test_request_context():
        staff_contract()
        ticket = open_ticket(
            now=sh(2026, 9, 30, 17, 0), urgency="high", impact="medium", channel="email"
        )
        perform(actions.accept, ticket, "agent", sh(2026, 9, 30, 17, 2))
        db.session.commit()
        return ticket.number


def test_the_ticket_timeline_links_the_calendar_by_its_name(login_as, number):
    text = login_as("agent").get(f"/tickets/{number}/sla").get_data(as_text=True)
    names = re.findall(
        r'href="/sla/calendars/(\w+)\?month=[\d-]+" data-testid="sla-calendar">([^<]*)<', text
    )
    assert names and {name for _, name in names} == {"Office hours"}
    assert {code for code, _ in names} == {"office"}
