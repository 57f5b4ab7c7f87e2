"""The Calendars section of API.md: pinned days, due and elapsed, bad input, overrides."""

import pytest

from tests.sla.helpers import bearer

DAYS = "/api/v1/calendars/office/days"


@pytest.fixture
def auth(app, users):
    return bearer(app, "employee")


def days(client, auth, first, last, name="office"):
    response = client.get(
        f"/api/v1/calendars/{name}/days", query_string={"from": first, "to": last}, headers=auth
    )
    assert response.status_code == 200, response.json
    return {day["date"]: day for day in response.json}


def test_list_names_office_and_extended(client, auth):
    body = client.get("/api/v1/calendars", headers=auth).json
    by_name = {item["name"]: item for item in body}
    assert set(by_name) >= {"office", "extended"}
    office = by_name["office"]
    assert set(office) == {"name", "timezone", "schedule"}
    assert office["timezone"] == "Asia/Shanghai"
    assert office["schedule"]["mon"] == [["09:00", "18:00"]]
    assert office["schedule"]["sat"] == [] and office["schedule"]["sun"] == []
    assert by_name["extended"]["schedule"]["sun"] == [["00:00", "24:00"]]


def test_pinned_days_of_2026(client, auth):
    found = days(client, auth, "2026-02-14", "2026-02-14")
    assert found["2026-02-14"]["kind"] == "adjusted_workday"
    assert found["2026-02-14"]["hours"] == [["09:00", "18:00"]]
    found = days(client, auth, "2026-09-30", "2026-10-11")
    for day in range(1, 8):
        holiday = found[f"2026-10-{day:02d}"]
        assert holiday["kind"] == "holiday" and holiday["hours"] == []
        assert holiday["name"] == "National Day"
    assert found["2026-10-08"] == {
        "date": "2026-10-08",
        "kind": "workday",
        "name": None,
        "hours": [["09:00", "18:00"]],
    }
    assert found["2026-10-10"]["kind"] == "adjusted_workday"
    assert found["2026-10-11"]["kind"] == "weekend"


def test_due_skips_the_national_day_week(client, auth):
    response = client.get(
        "/api/v1/calendars/office/due",
        query_string={"start": "2026-09-30T17:55+08:00", "minutes": "10"},
        headers=auth,
    )
    assert response.status_code == 200
    assert response.json == {
        "start": "2026-09-30T17:55:00+08:00",
        "minutes": 10,
        "due_at": "2026-10-08T09:05:00+08:00",
    }


def test_times_without_offset_are_shanghai_and_unencoded_plus_is_tolerated(client, auth):
    plain = client.get(
        "/api/v1/calendars/office/due?start=2026-09-30T17:55&minutes=10", headers=auth
    ).json
    unencoded = client.get(
        "/api/v1/calendars/office/due?start=2026-09-30T09:55+00:00&minutes=10", headers=auth
    ).json
    assert plain["due_at"] == unencoded["due_at"] == "2026-10-08T09:05:00+08:00"


def test_elapsed_counts_service_minutes_only(client, auth):
    response = client.get(
        "/api/v1/calendars/office/elapsed",
        query_string={"start": "2026-09-30T17:00+08:00", "end": "2026-10-08T10:00+08:00"},
        headers=auth,
    )
    assert response.json == {"minutes": 120}
    extended = client.get(
        "/api/v1/calendars/extended/elapsed",
        query_string={"start": "2026-10-01T00:00", "end": "2026-10-01T00:00:30"},
        headers=auth,
    )
    assert extended.json == {"minutes": 0.5}


@pytest.mark.parametrize(
    ("path", "query", "field", "text"),
    [
        ("days", {"from": "2026-10-08", "to": "2026-10-01"}, "to", "before"),
        ("days", {"from": "2026-01-01", "to": "2029-01-01"}, "to", "3 years"),
        ("days", {"from": "2026-1-1", "to": "2026-02-01"}, "from", "YYYY-MM-DD"),
        ("days", {"to": "2026-02-01"}, "from", "Required"),
        ("due", {"start": "2026-09-30T17:55", "minutes": "-1"}, "minutes", "zero or more"),
        ("due", {"start": "2026-09-30T17:55", "minutes": "5256001"}, "minutes", "ten years"),
        ("due", {"start": "2026-09-30T17:55", "minutes": "ten"}, "minutes", "number"),
        ("due", {"start": "2026-09-30T17:55", "minutes": "nan"}, "minutes", "zero or more"),
        ("due", {"start": "yesterday", "minutes": "5"}, "start", "ISO 8601"),
        ("elapsed", {"start": "2026-10-08T10:00", "end": "2026-10-08T09:00"}, "end", "before"),
        ("elapsed", {"start": "2016-01-01T00:00", "end": "2026-10-08T09:00"}, "end", "ten years"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, auth, path, query, field, text):
    response = client.get(f"/api/v1/calendars/office/{path}", query_string=query, headers=auth)
    assert response.status_code == 400, response.json
    error = response.json["error"]
    assert error["code"] == "validation_error"
    assert text in error["fields"][field]


def test_three_years_is_the_longest_day_list(client, auth):
    found = days(client, auth, "2026-01-01", "2028-12-31")
    assert len(found) == 366 + 365 + 365


def test_unknown_calendar_is_a_json_404(client, auth):
    response = client.get(DAYS.replace("office", "nope"), headers=auth)
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_without_token_401(client):
    assert client.get("/api/v1/calendars").status_code == 401


def test_manager_override_shows_in_the_api_at_once(app, client, auth, login_as):
    manager = login_as("manager")
    made = manager.form(
        "/sla/calendars/office/overrides",
        {"day": "2026-10-08", "kind": "holiday", "name": "Company day"},
    )
    assert made.status_code == 302
    found = days(client, auth, "2026-10-03", "2026-10-09")
    assert found["2026-10-08"] == {
        "date": "2026-10-08",
        "kind": "holiday",
        "name": "Company day",
        "hours": [],
    }
    due = client.get(
        "/api/v1/calendars/office/due",
        query_string={"start": "2026-09-30T17:55+08:00", "minutes": 10},
        headers=auth,
    ).json
    assert due["due_at"] == "2026-10-09T09:05:00+08:00"

    worked = manager.form(
        "/sla/calendars/office/overrides",
        {"day": "2026-10-03", "kind": "working", "name": "Stocktaking"},
    )
    assert worked.status_code == 302
    found = days(client, auth, "2026-10-03", "2026-10-09")
    assert found["2026-10-03"]["kind"] == "adjusted_workday"
    assert found["2026-10-03"]["hours"] == [["09:00", "18:00"]]
    assert found["2026-10-03"]["name"] == "Stocktaking"

    removed = manager.form("/sla/calendars/office/overrides/2026-10-08/delete")
    assert removed.status_code == 302
    assert days(client, auth, "2026-10-08", "2026-10-08")["2026-10-08"]["kind"] == "workday"
    # other calendars are not touched by an override of the office calendar
    assert days(client, auth, "2026-10-03", "2026-10-03", "extended")["2026-10-03"]["kind"] == (
        "workday"
    )


def test_an_override_in_an_unknown_format_saves_nothing(app, client, auth, login_as):
    manager = login_as("manager")
    response = manager.form(
        "/sla/calendars/office/overrides", {"day": "08/10/2026", "kind": "holiday"}
    )
    assert response.status_code == 422
    assert "A date YYYY-MM-DD" in response.get_data(as_text=True) or "valid date" in (
        response.get_data(as_text=True)
    )
    unknown_kind = manager.form(
        "/sla/calendars/office/overrides", {"day": "2026-10-08", "kind": "bridge"}
    )
    assert unknown_kind.status_code == 422
    assert days(client, auth, "2026-10-08", "2026-10-08")["2026-10-08"]["kind"] == "workday"
