"""The text format of the calendar pages' working hours."""

import pytest

from app.sla.forms import parse_hours


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
