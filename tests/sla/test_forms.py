"""The text formats of the calendar pages: working hours and a year's schedule."""

from datetime import date

import pytest

from app.sla.forms import format_year, parse_hours, parse_year


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("09:00-18:00", (("09:00", "18:00"),)),
        ("13:00 – 18:00，9:00~12:00", (("09:00", "12:00"), ("13:00", "18:00"))),
        ("00:00-24:00", (("00:00", "24:00"),)),
        ("", ()),
    ],
)
def test_hours(text, hours):
    assert parse_hours(text) == hours


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("18:00-09:00", "ends before it starts"),
        ("09:00-12:00, 11:00-13:00", "overlaps"),
        ("9-18", "is not a time range"),
        ("24:00-24:00", "starts at 24:00"),
    ],
)
def test_bad_hours(text, message):
    with pytest.raises(ValueError, match=message):
        parse_hours(text)


def test_year_round_trip():
    text = "2027-10-01..2027-10-03 holiday National Day\n2027-10-09 adjusted_workday National Day"
    days, errors = parse_year(text, 2027)
    assert errors == []
    assert days[0] == (date(2027, 10, 1), "holiday", "National Day")
    assert len(days) == 4
    assert format_year(days) == text


def test_year_errors_name_the_line():
    _, errors = parse_year("2027-01-01 holiday\n\n2027-01-03..2027-01-02 休\n2027-01-01 班", 2027)
    assert errors == [
        "line 3: the range ends before it starts",
        "line 4: 2027-01-01 is listed twice",
    ]
