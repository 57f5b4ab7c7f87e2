"""Pure register rules: cleaning, relations and sets, warranty, security, audits, exports."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.assets import reconciliation, rules, security_checks, types
from app.assets.rules import End, FieldProblem

TODAY = date(2026, 5, 15)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-02-28", date(2026, 2, 28)),
        ("2026/3/1", date(2026, 3, 1)),
        (datetime(2026, 1, 2, 0, 0), date(2026, 1, 2)),
        (date(2025, 12, 31), date(2025, 12, 31)),
        ("", None),
        (None, None),
    ],
)
def test_dates(value, expected):
    assert rules.clean_date(value) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [("2026-02-30", "no_such_date"), ("2026-13-01", "no_such_date"), ("30.02.2026", "not_a_date"),
     ("soon", "not_a_date"), ("2026-02", "not_a_date")],
)  # fmt: skip
def test_bad_dates(value, code):
    with pytest.raises(FieldProblem) as raised:
        rules.clean_date(value)
    assert raised.value.code == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [("5999", Decimal("5999.00")), ("1,280.5", Decimal("1280.50")), (12, Decimal("12.00")),
     ("", None)],
)  # fmt: skip
def test_costs(value, expected):
    assert rules.clean_cost(value) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [("-1", "negative"), ("abc", "not_a_number"), ("NaN", "not_a_number"),
     ("1e20", "too_large"), (True, "not_a_number")],
)  # fmt: skip
def test_bad_costs(value, code):
    with pytest.raises(FieldProblem) as raised:
        rules.clean_cost(value)
    assert raised.value.code == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [(" lap-0001 ", "LAP-0001"), ("PC_1.A", "PC_1.A")],
)
def test_tags(value, expected):
    assert rules.clean_tag(value) == expected


@pytest.mark.parametrize("value", ["", "a b", "-LEAD", "x" * 41, "A/B", "标签"])
def test_bad_tags(value):
    with pytest.raises(FieldProblem):
        rules.clean_tag(value)


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [("ip", "10.0.0.1", "10.0.0.1"), ("ip", "fe80::1", "fe80::1"),
     ("mac", "aa-bb-cc-dd-ee-ff", "AA:BB:CC:DD:EE:FF"),
     ("mac", "aabb.ccdd.eeff", "AA:BB:CC:DD:EE:FF"),
     ("int", "16", 16), ("int", 16.0, 16), ("date", "2026-1-5", "2026-01-05"), ("text", " x ", "x"),
     ("ip", "", None)],
)  # fmt: skip
def test_parameters(kind, value, expected):
    assert rules.clean_parameter(kind, value) == expected


@pytest.mark.parametrize(
    ("kind", "value"),
    [("ip", "10.0.0.300"), ("mac", "AA:BB"), ("int", "x"), ("date", "2026-02-30")],
)
def test_bad_parameters(kind, value):
    with pytest.raises(FieldProblem):
        rules.clean_parameter(kind, value)


def test_unknown_parameter_is_refused_and_none_removes():
    defs = [{"key": "ip", "kind": "ip"}]
    cleaned, problems = rules.clean_parameters({"ip": "", "colour": "red"}, defs)
    assert cleaned == {"ip": None}
    assert problems["parameters.colour"].code == "unknown_parameter"
    assert rules.merged_parameters({"ip": "1.1.1.1", "x": 1}, cleaned) == {"x": 1}


HW, SW, LIC = "hardware", "software", "licence"


@pytest.mark.parametrize(
    ("kind", "source", "target", "existing", "problem"),
    [
        ("set_member", End(1, HW), End(2, HW), [], None),
        ("set_member", End(1, HW), End(1, HW), [], "self"),
        ("set_member", End(1, HW), End(2, HW), [(1, "set_member", 2)], "duplicate"),
        ("set_member", End(1, HW), End(2, HW), [(2, "set_member", 1)], "duplicate"),
        ("set_member", End(1, HW), End(2, SW), [], "categories"),
        ("runs", End(1, HW), End(2, SW), [], None),
        ("runs", End(1, HW), End(2, SW), [(1, "runs", 2)], "duplicate"),
        ("runs", End(1, SW), End(2, HW), [], "categories"),
        ("licence", End(1, SW), End(2, LIC), [], None),
        ("licence", End(1, HW), End(2, SW), [], "categories"),
        ("replaces", End(1, HW), End(2, HW), [], None),
        ("replaces", End(1, HW), End(2, HW), [(2, "replaces", 1)], "reverse"),
        ("replaces", End(1, HW), End(2, SW), [], "categories"),
        ("runs", End(1, HW), End(2, SW), [(1, "set_member", 2)], None),
        ("parent_of", End(1, HW), End(2, HW), [], "unknown_kind"),
    ],
)
def test_relation_rules(kind, source, target, existing, problem):
    assert rules.relation_problem(kind, source, target, existing) == problem


@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), max_size=30), st.integers(0, 12))
def test_a_set_is_closed_and_symmetric(edges, start):
    members = rules.set_members(start, edges)
    assert start in members
    for a, b in edges:  # nothing connected to the set is left out
        assert (a in members) == (b in members)
    for other in members:  # every member sees the same set
        assert rules.set_members(other, edges) == members


@pytest.mark.parametrize(
    ("end", "state"),
    [(None, "unknown"), (date(2026, 5, 14), "out"), (date(2026, 5, 15), "expiring"),
     (date(2026, 6, 14), "expiring"), (date(2026, 6, 15), "in")],
)  # fmt: skip
def test_warranty_state(end, state):
    assert rules.warranty_state(end, TODAY, 30) == state


@given(st.dates(date(2020, 1, 1), date(2032, 1, 1)), st.integers(0, 400))
def test_warranty_windows_match_the_states(end, days):
    state = rules.warranty_state(end, TODAY, days)
    low, high = rules.warranty_window(state, TODAY, days)
    assert (low is None or low <= end) and (high is None or end <= high)


@pytest.mark.parametrize(
    ("warranty_end", "sent", "covered"),
    [(None, TODAY, False), (TODAY, TODAY, True), (date(2026, 5, 14), TODAY, False)],
)
def test_rma_warranty(warranty_end, sent, covered):
    assert rules.rma_in_warranty(warranty_end, sent) is covered


def status(**values):
    base = dict(
        default_password_changed="yes",
        password_rotated_on=None,
        password_rotation_days=None,
        antivirus_date=None,
        patches_missing=0,
    )
    return security_checks.SecurityStatus(**{**base, **values})


@pytest.mark.parametrize(
    ("values", "findings"),
    [
        ({}, []),
        ({"default_password_changed": "no"}, ["default_password"]),
        ({"default_password_changed": "unknown"}, []),
        ({"password_rotated_on": date(2026, 2, 14)}, []),  # exactly 90 days ago
        ({"password_rotated_on": date(2026, 2, 13)}, ["rotation_due"]),
        ({"password_rotated_on": date(2026, 5, 1), "password_rotation_days": 7}, ["rotation_due"]),
        ({"antivirus_date": date(2026, 5, 8)}, []),  # 7 days old
        ({"antivirus_date": date(2026, 5, 7)}, ["antivirus_old"]),
        ({"patches_missing": 3}, ["patches_missing"]),
    ],
)
def test_security_findings(values, findings):
    found = security_checks.security_findings(
        status(**values), TODAY, antivirus_max_age_days=7, rotation_days=90
    )
    assert found == findings


@pytest.mark.parametrize(
    ("expected_at", "found_at", "present", "result"),
    [("A 2F", "", True, "present"), ("A 2F", "A 2F", True, "present"),
     ("A 2F", "B 3F", True, "moved"), ("A 2F", "B 3F", False, "absent")],
)  # fmt: skip
def test_walk_result(expected_at, found_at, present, result):
    assert reconciliation.walk_result(expected_at, found_at, present) == result


def sighting(tag, expected=True, result="present", note="", known=True):
    return reconciliation.Sighting(tag, expected, result, "A 2F", "", note, known)


def test_reconciliation_groups_every_item_once():
    items = [
        sighting("OK"),
        sighting("GONE", result="absent"),
        sighting("NOT-SEEN", result="pending"),
        sighting("MOVED", result="moved"),
        sighting("NOTED", note="other monitor"),
        sighting("EXTRA", expected=False),
        sighting("UNKNOWN", expected=False, known=False),
    ]
    open_ = reconciliation.reconcile(items, closed=False)
    assert [s.tag for s in open_["missing"]] == ["GONE"]
    assert [s.tag for s in open_["pending"]] == ["NOT-SEEN"]
    assert [s.tag for s in open_["changed"]] == ["MOVED", "NOTED"]
    assert [s.tag for s in open_["unexpected"]] == ["EXTRA", "UNKNOWN"]
    closed = reconciliation.reconcile(items, closed=True)
    assert [s.tag for s in closed["missing"]] == ["GONE", "NOT-SEEN"]
    assert sum(len(group) for group in closed.values()) == len(items)


@pytest.mark.parametrize(
    ("value", "safe"),
    [("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-2+3", "'-2+3"),
     ("@SUM(A1)", "'@SUM(A1)"),
     ("\tx", "'\tx"), ("LAP-1", "LAP-1"), (5, 5), (None, None)],
)  # fmt: skip
def test_formula_neutralising_round_trips(value, safe):
    assert rules.neutralise(value) == safe
    assert rules.unneutralise(rules.neutralise(value)) == value


def test_parameter_lines_round_trip():
    defs = types.parameter_defs(types.DEFAULT_TYPES[0][4])
    assert rules.parse_parameter_lines(rules.parameter_lines(defs)) == defs
    with pytest.raises(FieldProblem):
        rules.parse_parameter_lines("ip | IP | IP | colour")
    with pytest.raises(FieldProblem):
        rules.parse_parameter_lines("ip | a | b\nip | c | d")
