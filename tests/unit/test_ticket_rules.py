"""The priority matrix, the status machine and the S6 dispatch rule, table-driven."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.contracts.models import DEFAULT_PRIORITY_MATRIX as MATRIX
from app.tickets import rules
from app.tickets.rules import TransitionError, next_status

CELLS = {
    ("high", "high"): "P1",
    ("high", "medium"): "P2",
    ("medium", "high"): "P2",
    ("high", "low"): "P3",
    ("medium", "medium"): "P3",
    ("low", "high"): "P3",
    ("medium", "low"): "P4",
    ("low", "medium"): "P4",
    ("low", "low"): "P4",
}
VIP_RAISE = {"P1": "P1", "P2": "P1", "P3": "P2", "P4": "P3"}


@pytest.mark.parametrize(("cell", "expected"), list(CELLS.items()))
@pytest.mark.parametrize("vip", [False, True])
def test_priority_matrix_every_cell_with_and_without_vip(cell, expected, vip):
    urgency, impact = cell
    assert rules.priority(MATRIX, urgency, impact, vip) == (
        VIP_RAISE[expected] if vip else expected
    )


def test_priority_refuses_unknown_levels():
    with pytest.raises(ValueError):
        rules.priority(MATRIX, "urgent", "high", False)


LEGAL = {
    ("new", "accept"): "accepted",
    ("new", "start_remote"): "remote",
    ("accepted", "start_remote"): "remote",
    ("accepted", "dispatch"): "dispatched",
    ("remote", "dispatch"): "dispatched",
    ("dispatched", "dispatch"): "dispatched",
    ("dispatched", "arrive"): "onsite",
    ("accepted", "pend"): "pending_customer",
    ("remote", "pend"): "pending_customer",
    ("dispatched", "pend"): "pending_customer",
    ("onsite", "pend"): "pending_customer",
    ("pending_customer", "resume"): "accepted",
    ("pending_vendor", "resume"): "accepted",
    ("accepted", "resolve"): "resolved",
    ("remote", "resolve"): "resolved",
    ("dispatched", "resolve"): "resolved",
    ("onsite", "resolve"): "resolved",
    ("pending_customer", "resolve"): "resolved",
    ("pending_vendor", "resolve"): "resolved",
    ("resolved", "confirm"): "closed",
    ("resolved", "close"): "closed",
    ("resolved", "reopen"): "accepted",
    ("closed", "reopen"): "accepted",
    ("new", "cancel"): "cancelled",
    ("accepted", "cancel"): "cancelled",
    ("remote", "cancel"): "cancelled",
    ("pending_customer", "cancel"): "cancelled",
    ("pending_vendor", "cancel"): "cancelled",
}
LEGAL.update({(status, "comment"): status for status in rules.STATUSES if status != "cancelled"})


@pytest.mark.parametrize(
    ("status", "action"), list(itertools.product(rules.STATUSES, rules.ACTIONS))
)
def test_every_transition_is_legal_or_refused(status, action):
    if (status, action) in LEGAL:
        assert next_status(status, action) == LEGAL[(status, action)]
        assert action in rules.allowed_actions(status)
    else:
        with pytest.raises(TransitionError):
            next_status(status, action)
        assert action not in rules.allowed_actions(status)


def test_pend_waits_for_vendor_and_resume_returns_to_previous_work():
    assert next_status("onsite", "pend", waiting_for="vendor") == "pending_vendor"
    assert next_status("pending_vendor", "resume", resume_to="onsite") == "onsite"
    with pytest.raises(TransitionError):
        next_status("onsite", "pend", waiting_for="nobody")


@given(st.sampled_from(rules.STATUSES), st.lists(st.sampled_from(rules.ACTIONS), max_size=30))
def test_machine_never_leaves_the_known_statuses(status, actions):
    for action in actions:
        try:
            status = next_status(status, action)
        except TransitionError:
            continue
        assert status in rules.STATUSES
    if status == "cancelled":
        assert rules.allowed_actions(status) == []


@pytest.mark.parametrize(
    ("code", "minutes", "overdue", "kept"),
    [
        ("hw.printer", 4.9, False, True),
        ("hw.printer", 5, True, True),
        ("hw.printer", 5.5, True, False),
        ("sys.network", 9, False, True),
        ("sys.network", 10.1, True, False),
        ("sw.client", 60, False, None),
    ],
)
def test_dispatch_rule(code, minutes, overdue, kept):
    rule = rules.dispatch_rule(code, {"hw": 5, "sys": 10})
    assert rule.overdue(minutes) is overdue
    assert rule.kept(minutes) is kept


def test_ticket_number_format():
    assert rules.ticket_number("incident", 2026, 123) == "INC-2026-000123"
    assert rules.ticket_number("installation", 2026, 7) == "INS-2026-000007"
