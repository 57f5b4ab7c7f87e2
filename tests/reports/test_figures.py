"""The October 2026 figures against hand-computed ones (data set: conftest.october)."""

import pytest

from app.contracts.services import get_contract
from app.reports import figures, rules, service_levels
from app.reports.facts import Filters, collect
from tests.reports.conftest import NOW

OCTOBER = rules.month_period(2026, 10)


@pytest.fixture
def f(app, october):
    with app.app_context():
        return figures.build(OCTOBER, now=NOW, contract=get_contract())


def row(f, metric, key):
    return next(r for r in f["sla"]["rows"] if r["metric"] == metric and r["key"] == key)


# (metric, scope) → (met, breached, open, percent), each worked out in conftest's comments
EXPECTED_ROWS = {
    ("response", "email"): (1, 1, 0, 50.0),  # T2 12 min across National Day; T3 3 min
    ("response", "web"): (2, 0, 0, 100.0),  # T1 3 min, T8 1 min; T6 cancelled
    ("response", "walk_in"): (1, 0, 0, 100.0),  # T7 2 min
    ("phone", "phone"): (1, 1, 0, 50.0),  # T4 3 rings; T5 7 rings > 5
    ("remote_limit", "hw"): (1, 1, 0, 50.0),  # T1 4 min; T4 9 min > 5 (S6)
    ("remote_limit", "sys"): (1, 0, 0, 100.0),  # T2 7 min ≤ 10
    ("onsite_arrival", "all"): (3, 1, 0, 75.0),  # T1 7, T4 7, T5 8; T7 20 > 10
    ("resolution", "P1"): (1, 0, 0, 100.0),  # T4 44 min
    ("resolution", "P2"): (0, 0, 0, None),
    ("resolution", "P3"): (2, 1, 1, 66.7),  # T1, T7 met; T5 1650 > 1620; T8 paused
    ("resolution", "P4"): (2, 0, 0, 100.0),  # T2 8 min, T3 57 min
}


@pytest.mark.parametrize(("key", "expected"), EXPECTED_ROWS.items())
def test_attainment_per_measure(f, key, expected):
    found = row(f, *key)
    assert (found["met"], found["breached"], found["open"], found["percent"]) == expected


def test_overall_attainment_and_summary(f):
    assert f["sla"]["overall"] == {
        "met": 15,
        "breached": 5,
        "open": 1,
        "measured": 20,
        "percent": 75.0,
    }
    assert f["summary"]["tickets"] == 8
    assert f["summary"]["resolved"] == 6
    assert f["summary"]["breaches"] == 5


def test_breach_crossing_national_day_counts_service_minutes_only(f, october):
    breach = next(b for b in f["sla"]["breaches"] if b["number"] == october["T2"])
    # mail at 10:00 on 1 October; the desk accepted at 09:12 on 8 October: 12 minutes
    assert breach["metric"] == "response" and breach["key"] == "email"
    assert breach["used"] == 12.0 and breach["over"] == 7.0
    assert breach["started_at"] == "2026-10-01T10:00:00+08:00"
    assert breach["stopped_at"] == "2026-10-08T09:12:00+08:00"
    # T3: mail on the holiday's evening, accepted at 09:03: met, not a breach
    assert october["T3"] not in {b["number"] for b in f["sla"]["breaches"]}


def test_resolution_breach_over_the_adjusted_saturday_with_its_reason(f, october):
    breach = next(
        b
        for b in f["sla"]["breaches"]
        if b["number"] == october["T5"] and b["metric"] == "resolution"
    )
    assert (breach["target"], breach["used"], breach["over"]) == (1620, 1650.0, 30.0)
    assert breach["reason"] == "Spare disk arrived late"


def test_breach_list(f, october):
    listed = {(b["number"], b["metric"]) for b in f["sla"]["breaches"]}
    assert listed == {
        (october["T2"], "response"),
        (october["T5"], "phone"),
        (october["T4"], "remote_limit"),
        (october["T7"], "onsite_arrival"),
        (october["T5"], "resolution"),
    }
    assert f["sla"]["breaches_total"] == 5


def test_volume(f):
    v = f["volume"]
    assert v["total"] == 8
    assert {r["key"]: r["count"] for r in v["by_group"] if r["count"]} == {
        "hw": 4,
        "sys": 2,
        "sw": 1,
        "onsite": 1,
    }
    assert {r["key"]: r["count"] for r in v["by_channel"]} == {
        "web": 3,
        "email": 2,
        "phone": 2,
        "walk_in": 1,
    }
    assert [(r["key"], r["name_zh"], r["count"]) for r in v["by_department"]] == [
        ("FIN", "财务部", 5),
        ("HR", "人力资源部", 3),
    ]
    days = {r["date"]: r["count"] for r in v["by_day"] if r["count"]}
    assert days == {
        "2026-10-01": 1,
        "2026-10-06": 1,
        "2026-10-08": 1,
        "2026-10-09": 2,
        "2026-10-20": 1,
        "2026-10-21": 1,
        "2026-10-22": 1,
    }
    off = {r["date"] for r in v["by_day"] if r["off"]}
    assert "2026-10-05" in off and "2026-10-10" not in off  # a holiday; the adjusted Saturday
    assert len(v["by_day"]) == 31


def test_satisfaction(f):
    s = f["satisfaction"]
    # 3 surveys sent (T1, T2, T7 confirmed); answers 5 and 3: one of two satisfied
    assert (s["sent"], s["responses"]) == (3, 2)
    assert s["response_rate"] == 66.7
    assert s["satisfaction_percent"] == 50.0
    assert s["target_percent"] == 85 and s["below_target"] is True
    assert f["summary"]["satisfaction_met"] is False
    assert [m["month"] for m in s["months"]][-1] == "2026-10" and len(s["months"]) == 6


def test_other_sections(f, october):
    assert f["complaints"]["total"] == 1 and f["complaints"]["open_at_end"] == 2
    assert f["complaints"]["items"][0]["title"] == "工程师迟到"
    assert [c["number"] for c in f["changes"]["done"]] == ["CHG-2026-000001"]
    assert [c["number"] for c in f["changes"]["planned"]] == ["CHG-2026-000002"]
    assert f["top_issues"]["by_item"][0] == {
        "key": "hw.printer",
        "name_zh": "网络打印机",
        "name_en": "Network printer",
        "count": 2,
    }
    assert f["top_issues"]["by_model"] == [
        {
            "model": "LaserJet M404",
            "manufacturer": "HP",
            "count": 2,
            "tickets": [october["T1"], october["T8"]],
        }
    ]
    a = f["assets"]
    assert (a["rmas_opened"], a["rmas_returned"], a["rmas_open_at_end"]) == (1, 1, 0)
    assert a["rma_client_cost"] == "350.00"
    assert (a["warranty_expired_total"], a["warranty_expiring_total"]) == (1, 1)
    assert a["movements_total"] == 1 and a["movements"][0]["new"] == "5F"
    s = f["staffing"]
    # October 2026: 31 days − 7 holidays − 7 weekend days + the adjusted Saturday = 18
    assert s["workdays"] == 18
    assert (s["agents"], s["engineers"], s["office_hours"], s["outside_hours"]) == (1, 1, 4, 1)


def test_quarter_trend_has_the_months_of_the_quarter(app, october):
    with app.app_context():
        q = figures.build(rules.quarter_period(2026, 4), now=NOW, contract=get_contract())
    assert [(m["month"], m["tickets"]) for m in q["trend"]] == [
        ("2026-10", 8),
        ("2026-11", 1),
        ("2026-12", 0),
    ]
    assert q["trend"][0]["sla_percent"] == 75.0
    assert q["volume"]["total"] == 9


def test_department_and_group_filters(app, october):
    with app.app_context():
        contract = get_contract()
        hr = collect(OCTOBER, now=NOW, contract=contract, filters=Filters(department="HR"))
        printers = collect(OCTOBER, now=NOW, contract=contract, filters=Filters(group="hw"))
        hr_sla = service_levels.sla(hr, contract)
    # HR has T2, T5, T7: the response, phone, onsite and resolution breaches
    assert sorted(t.number for t in hr) == sorted([october["T2"], october["T5"], october["T7"]])
    assert hr_sla["overall"]["breached"] == 4
    assert len(printers) == 4  # T1, T4, T6, T8
