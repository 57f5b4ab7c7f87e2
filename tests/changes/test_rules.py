"""The pure change rules: every transition per kind and initiator, risk, clashes, parsing."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.changes import rules
from app.changes.rules import State, TransitionError, transition
from app.contracts.models import DEFAULT_PRIORITY_MATRIX

T0 = datetime(2026, 11, 28, 14, 0, tzinfo=UTC)

# (kind, initiator, status, approval, action) → (status, approval); anything not listed is illegal
LEGAL = {}
for kind in rules.KINDS:
    for initiator in rules.INITIATORS:
        approved = "pending" if rules.needs_approval(kind, initiator) else "not_required"
        first = ("submitted", "pending") if approved == "pending" else ("approved", "not_required")
        after = "approved" if approved == "pending" else "not_required"
        LEGAL[(kind, initiator, "draft", "pending", "submit")] = first
        if approved == "pending":
            LEGAL[(kind, initiator, "submitted", "pending", "approve")] = ("approved", "approved")
            LEGAL[(kind, initiator, "submitted", "pending", "reject")] = ("rejected", "rejected")
            LEGAL[(kind, initiator, "rejected", "rejected", "close")] = ("closed", "rejected")
        LEGAL[(kind, initiator, "approved", after, "schedule")] = ("scheduled", after)
        LEGAL[(kind, initiator, "scheduled", after, "start")] = ("in_progress", after)
        LEGAL[(kind, initiator, "in_progress", after, "complete")] = ("completed", after)
        LEGAL[(kind, initiator, "in_progress", after, "fail")] = ("failed", after)
        LEGAL[(kind, initiator, "failed", after, "back_out")] = ("backed_out", after)
        for end in ("completed", "failed", "backed_out"):
            LEGAL[(kind, initiator, end, after, "close")] = ("closed", after)
        if kind == "emergency":
            # S15: starts before approval, approved (or rejected) after the fact
            LEGAL[(kind, initiator, "approved", after, "start")] = ("in_progress", after)
            if approved == "pending":
                LEGAL[(kind, initiator, "submitted", "pending", "start")] = (
                    "in_progress",
                    "pending",
                )
                for running in ("in_progress", "completed", "failed", "backed_out"):
                    for decision, result in (("approve", "approved"), ("reject", "rejected")):
                        LEGAL[(kind, initiator, running, "pending", decision)] = (running, result)
                LEGAL[(kind, initiator, "in_progress", "pending", "complete")] = (
                    "completed",
                    "pending",
                )
                LEGAL[(kind, initiator, "in_progress", "pending", "fail")] = ("failed", "pending")
                LEGAL[(kind, initiator, "failed", "pending", "back_out")] = (
                    "backed_out",
                    "pending",
                )
                for end in ("completed", "failed", "backed_out"):
                    for decided in ("approved", "rejected"):
                        LEGAL[(kind, initiator, end, decided, "close")] = ("closed", decided)
                LEGAL[(kind, initiator, "in_progress", "rejected", "complete")] = (
                    "completed",
                    "rejected",
                )
                LEGAL[(kind, initiator, "in_progress", "rejected", "fail")] = ("failed", "rejected")
                LEGAL[(kind, initiator, "failed", "rejected", "back_out")] = (
                    "backed_out",
                    "rejected",
                )
                LEGAL[(kind, initiator, "scheduled", "approved", "start")] = (
                    "in_progress",
                    "approved",
                )


def reachable() -> list[tuple]:
    """Every (kind, initiator, status, approval) the table reaches from a draft."""
    states = {(kind, initiator, "draft", "pending") for kind, initiator, *_ in LEGAL}
    for (kind, initiator, *_), (status, approval) in LEGAL.items():
        states.add((kind, initiator, status, approval))
    return sorted(states)


EVERY_CASE = [(*state, action) for state in reachable() for action in rules.ACTIONS]


@pytest.mark.parametrize(("kind", "initiator", "status", "approval", "action"), EVERY_CASE)
def test_every_transition_per_kind_is_legal_or_refused(kind, initiator, status, approval, action):
    key = (kind, initiator, status, approval, action)
    state = State(status, approval)
    if key in LEGAL:
        assert transition(state, action, kind=kind, initiator=initiator) == State(*LEGAL[key])
    else:
        with pytest.raises(TransitionError):
            transition(state, action, kind=kind, initiator=initiator)


def test_the_table_reaches_every_status():
    assert {status for _, _, status, _ in reachable()} == set(rules.STATUSES)


@pytest.mark.parametrize(
    ("kind", "initiator", "needed"),
    [
        ("standard", "vendor", False),
        ("normal", "vendor", True),
        ("emergency", "vendor", True),
        ("normal", "client", False),
        ("emergency", "third_party", False),
    ],
)
def test_who_needs_approval(kind, initiator, needed):
    assert rules.needs_approval(kind, initiator) is needed


def test_closing_an_emergency_waits_for_its_decision():
    state = State("completed", "pending")
    with pytest.raises(TransitionError, match="approval decision"):
        transition(state, "close", kind="emergency", initiator="vendor")


@pytest.mark.parametrize(
    ("likelihood", "impact", "level", "score"),
    [
        ("low", "low", "low", 1),
        ("low", "medium", "low", 2),
        ("medium", "low", "low", 2),
        ("low", "high", "medium", 3),
        ("high", "low", "medium", 3),
        ("medium", "medium", "medium", 4),
        ("medium", "high", "high", 6),
        ("high", "medium", "high", 6),
        ("high", "high", "high", 9),
    ],
)
def test_risk_matrix(likelihood, impact, level, score):
    risk = rules.assess_risk(likelihood, impact)
    assert (risk.level, risk.score) == (level, score)
    assert f"= {score} → {level}" in risk.reason


def test_risk_refuses_unknown_levels():
    with pytest.raises(ValueError):
        rules.assess_risk("huge", "low")


def test_priority_follows_urgency_through_the_contract_matrix():
    assert rules.priority(DEFAULT_PRIORITY_MATRIX, "high", "high") == "P1"
    assert rules.priority(DEFAULT_PRIORITY_MATRIX, "low", "low") == "P4"


@pytest.mark.parametrize(
    ("submitted", "hours", "now", "overdue"),
    [
        (T0, 24, T0 + timedelta(hours=23, minutes=59), False),
        (T0, 24, T0 + timedelta(hours=24), False),
        (T0, 24, T0 + timedelta(hours=24, seconds=1), True),
        (T0, 4, T0 + timedelta(hours=5), True),
        (None, 24, T0, False),
    ],
)
def test_emergency_approval_overdue_after_contract_hours(submitted, hours, now, overdue):
    assert rules.approval_overdue("emergency", "pending", submitted, hours, now) is overdue


def test_only_pending_emergencies_are_overdue():
    late = T0 + timedelta(days=3)
    assert not rules.approval_overdue("normal", "pending", T0, 24, late)
    assert not rules.approval_overdue("emergency", "approved", T0, 24, late)


def window(key, start_hour, end_hour, *tags):
    return rules.Window(
        key, T0 + timedelta(hours=start_hour), T0 + timedelta(hours=end_hour), frozenset(tags)
    )


def test_clashes_need_overlap_and_a_shared_asset():
    found = rules.clashes(
        [
            window("a", 0, 4, "PRN-1", "PC-1"),
            window("b", 3, 5, "PRN-1"),  # overlaps a on PRN-1
            window("c", 3, 5, "PC-9"),  # overlaps in time, no shared asset
            window("d", 4, 6, "PC-1"),  # touches a's end: no overlap
        ]
    )
    assert found == {"a": {"b"}, "b": {"a"}}


@given(
    st.lists(
        st.tuples(
            st.integers(0, 48), st.integers(1, 12), st.sets(st.sampled_from("ABCD"), max_size=3)
        ),
        max_size=8,
    )
)
def test_clashes_are_symmetric_and_never_self(spans):
    windows = [
        window(i, start, start + length, *tags) for i, (start, length, tags) in enumerate(spans)
    ]
    found = rules.clashes(windows)
    for key, others in found.items():
        assert key not in others
        for other in others:
            assert key in found[other]


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (T0, T0 - timedelta(minutes=1), "planned_end"),
        (T0, T0, "planned_end"),
        (T0, None, "planned_end"),
        (None, T0, "planned_end"),
        (T0, T0 + timedelta(hours=1), None),
        (None, None, None),
    ],
)
def test_window_must_end_after_it_starts(start, end, field):
    errors = rules.window_errors(start, end)
    assert (field in errors) if field else not errors


def test_asset_updates_parse_and_format_round_trip():
    text = "PRN-0003: location=B2 3F, status=in_use\nPC-0012: status=retired"
    parsed = rules.parse_asset_updates(text)
    assert parsed == {
        "PRN-0003": {"location": "B2 3F", "status": "in_use"},
        "PC-0012": {"status": "retired"},
    }
    assert rules.parse_asset_updates(rules.format_asset_updates(parsed)) == parsed


@pytest.mark.parametrize("text", ["PRN-0003 location=B2", "PRN-0003: colour=red", "X: status"])
def test_asset_updates_refuse_bad_lines(text):
    with pytest.raises(rules.UpdateSyntaxError):
        rules.parse_asset_updates(text)
