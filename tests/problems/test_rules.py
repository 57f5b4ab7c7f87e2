"""The pure problem rules: the S16 flow and its guards, escalation, circles, recurrence."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.problems import rules
from app.problems.rules import Facts, Incident, TransitionError

NOW = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)
DAY = timedelta(days=1)
LEGAL = {
    ("open", "investigate"): "under_investigation",
    ("under_investigation", "root_cause_known"): "root_cause_known",
    ("root_cause_known", "plan_fix"): "fix_planned",
    ("fix_planned", "resolve"): "resolved",
    ("resolved", "close"): "closed",
}
EVERY_CASE = [(status, action) for status in rules.STATUSES for action in rules.ACTIONS]


@pytest.mark.parametrize(("status", "action"), EVERY_CASE)
def test_every_move_is_legal_or_refused(status, action):
    if (status, action) in LEGAL:
        assert rules.next_status(status, action) == LEGAL[(status, action)]
    else:
        with pytest.raises(TransitionError):
            rules.next_status(status, action)


def test_unknown_actions_are_refused():
    with pytest.raises(TransitionError, match="unknown"):
        rules.next_status("open", "reopen")


@pytest.mark.parametrize("status", rules.STATUSES)
def test_allowed_actions_agree_with_the_machine(status):
    assert rules.allowed_actions(status) == [a for s, a in LEGAL if s == status]


@given(st.lists(st.sampled_from(rules.ACTIONS), max_size=30))
def test_any_sequence_walks_the_flow_in_order_and_never_skips(actions):
    status, seen = "open", ["open"]
    for action in actions:
        try:
            status = rules.next_status(status, action)
        except TransitionError:
            assert action not in rules.allowed_actions(status)
            continue
        seen.append(status)
    assert seen == list(rules.STATUSES[: len(seen)])
    assert (status in rules.OPEN_STATUSES) == (status not in ("resolved", "closed"))


@pytest.mark.parametrize(
    ("action", "facts", "lacking"),
    [
        ("investigate", Facts(), []),
        ("root_cause_known", Facts(), ["what_happened", "whys"]),
        ("root_cause_known", Facts(what_happened=True), ["whys"]),
        ("root_cause_known", Facts(what_happened=True, whys=5), []),
        ("plan_fix", Facts(fix=True), ["parties"]),
        ("plan_fix", Facts(parties=2), ["fix"]),
        ("plan_fix", Facts(fix=True, parties=1), []),
        ("resolve", Facts(fix=True), []),
        ("close", Facts(fix=True), ["prevention"]),
        ("close", Facts(prevention=True), []),
    ],
)
def test_steps_need_their_part_of_the_analysis(action, facts, lacking):
    assert rules.missing(action, facts) == lacking


def test_problem_numbers():
    assert rules.problem_number(2026, 42) == "PRB-2026-000042"


@pytest.mark.parametrize(
    ("before", "after", "escalates"),
    [
        (None, "critical", True),
        (None, "major", True),
        (None, "minor", False),
        ("minor", "major", True),
        ("major", "critical", True),
        ("critical", "critical", False),
        ("critical", "major", False),
        ("major", "minor", False),
    ],
)
def test_severity_drives_escalation(before, after, escalates):
    assert rules.raises_escalation(before, after) is escalates


def test_critical_problems_reach_the_client_contacts():
    assert "client_management_contact" in rules.escalation_contacts("critical")
    assert "client_management_contact" not in rules.escalation_contacts("major")
    assert rules.escalation_contacts("minor") == ()


@pytest.mark.parametrize(
    ("problem", "cause", "cause_of", "refusal"),
    [
        (1, 1, {}, "self"),
        (1, 2, {}, ""),
        (1, 2, {2: 1}, "loop"),
        (1, 2, {2: 3, 3: 1}, "loop"),
        (1, 2, {2: 3, 3: 4}, ""),
        (1, 2, {2: 3, 3: 2}, ""),  # a circle elsewhere does not involve this problem
    ],
)
def test_underlying_problems_never_form_a_circle(problem, cause, cause_of, refusal):
    assert rules.cause_refusal(problem, cause, cause_of) == refusal


def incident(n, days_ago, item="hw.printer", assets=(), models=()):
    return Incident(
        id=n,
        number=f"INC-2026-{n:06d}",
        opened_at=NOW - days_ago * DAY,
        item=item,
        assets=frozenset(assets),
        models=frozenset(models),
    )


PRINTER = {"assets": ["PRN-0001"], "models": ["HP M507"]}
OTHER_PRINTER = {"assets": ["PRN-0002"], "models": ["HP M507"]}
MINIMUM = {"asset": 3, "model": 3, "catalog_item": 3}
START = NOW - 30 * DAY


def found(incidents, minimum=None, **options):
    return [
        (c.kind, c.value, c.ids)
        for c in rules.detect(
            incidents, start=START, end=NOW, minimum=minimum or MINIMUM, **options
        )
    ]


@pytest.mark.parametrize(
    ("incidents", "minimum", "expected"),
    [
        # three on one printer: the asset, its model and the catalog item
        (
            [incident(1, 20, **PRINTER), incident(2, 10, **PRINTER), incident(3, 1, **PRINTER)],
            None,
            [
                ("asset", "PRN-0001", (1, 2, 3)),
                ("model", "HP M507", (1, 2, 3)),
                ("catalog_item", "hw.printer", (1, 2, 3)),
            ],
        ),
        # two printers of one model: the model repeats, neither asset does
        (
            [incident(1, 9, **PRINTER), incident(2, 5, **OTHER_PRINTER), incident(3, 2, **PRINTER)],
            {"asset": 3, "model": 3, "catalog_item": 0},
            [("model", "HP M507", (1, 2, 3))],
        ),
        # the same catalog item without any asset
        (
            [incident(1, 3, "sys.network"), incident(2, 2, "sys.network"), incident(3, 1)],
            {"asset": 3, "model": 3, "catalog_item": 2},
            [("catalog_item", "sys.network", (1, 2))],
        ),
        # two are not three
        ([incident(1, 3, **PRINTER), incident(2, 2, **PRINTER)], None, []),
        # window edges: exactly 30 days ago counts, a second earlier does not
        (
            [
                incident(1, 30, **PRINTER),
                incident(2, 0, **PRINTER),
                Incident(3, "INC-2026-000003", START - timedelta(seconds=1), "hw.printer"),
                incident(4, 15, "hw.laptop"),
            ],
            {"asset": 2, "model": 0, "catalog_item": 0},
            [("asset", "PRN-0001", (1, 2))],
        ),
        # opened after the end of the window (a report's period): not counted
        (
            [incident(1, 2, **PRINTER), incident(2, 1, **PRINTER), incident(3, -1, **PRINTER)],
            {"asset": 3, "model": 0, "catalog_item": 0},
            [],
        ),
        # a kind at 0 is not looked at
        (
            [incident(n, n, **PRINTER) for n in range(1, 5)],
            {"asset": 0, "model": 0, "catalog_item": 0},
            [],
        ),
    ],
)
def test_recurrence_detection(incidents, minimum, expected):
    assert found(incidents, minimum) == expected


def test_incidents_linked_to_a_problem_do_not_count():
    incidents = [incident(n, n, **PRINTER) for n in range(1, 5)]
    assert found(incidents, {"asset": 3}, linked=frozenset({1, 2})) == []
    assert found(incidents, {"asset": 3}, linked=frozenset({1})) == [
        ("asset", "PRN-0001", (4, 3, 2))
    ]


def test_a_dismissed_candidate_stays_dismissed_until_enough_new_incidents():
    first = [incident(n, 20 - n, **PRINTER) for n in range(1, 4)]
    dismissed = {("asset", "PRN-0001"): frozenset({1, 2, 3})}
    # the same incidents, and one or two more: still dismissed
    assert found(first, {"asset": 3}, dismissed=dismissed) == []
    more = first + [incident(4, 5, **PRINTER), incident(5, 4, **PRINTER)]
    assert found(more, {"asset": 3}, dismissed=dismissed) == []
    # a third new one brings back a candidate of the new incidents only
    again = more + [incident(6, 3, **PRINTER)]
    assert found(again, {"asset": 3}, dismissed=dismissed) == [("asset", "PRN-0001", (4, 5, 6))]
    # dismissing the asset leaves its model and catalog item to be judged on their own
    assert ("model", "HP M507", (1, 2, 3)) in found(first, dismissed=dismissed)


def test_candidates_are_ordered_by_kind_then_size():
    incidents = [incident(n, n, "hw.printer", **OTHER_PRINTER) for n in range(1, 4)] + [
        incident(n, n, "hw.laptop", assets=["LT-1"]) for n in range(4, 8)
    ]
    kinds = [(kind, value) for kind, value, _ in found(incidents)]
    assert kinds == [
        ("asset", "LT-1"),
        ("asset", "PRN-0002"),
        ("model", "HP M507"),
        ("catalog_item", "hw.laptop"),
        ("catalog_item", "hw.printer"),
    ]


@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.sampled_from(["A", "B", "C"]), st.sampled_from("xy")),
        max_size=25,
    ),
    st.integers(1, 5),
)
def test_every_candidate_meets_its_minimum_inside_the_window(rows, least):
    incidents = [
        Incident(n, f"INC-{n}", NOW - days * DAY, item, frozenset({tag}), frozenset({tag.lower()}))
        for n, (days, tag, item) in enumerate(rows)
    ]
    inside = {i.id for i in incidents if START <= i.opened_at <= NOW}
    minimum = {"asset": least, "model": least, "catalog_item": least}
    candidates = rules.detect(incidents, start=START, end=NOW, minimum=minimum)
    for candidate in candidates:
        assert len(candidate.ids) >= least and set(candidate.ids) <= inside
    groups = {(k, v) for i in incidents if i.id in inside for k, v in i.groups()}
    expected = {
        key
        for key in groups
        if sum(1 for i in incidents if i.id in inside and key in i.groups()) >= least
    }
    assert {(c.kind, c.value) for c in candidates} == expected
