"""The pure escalation rules: the matrix's checks, the next level, climbing, monthly counts."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.escalations import rules

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


def level(kind="service", number=1, contact=7, climb=240):
    return rules.Level(kind, number, contact, climb)


def test_a_level_needs_a_known_kind_a_number_a_person_and_a_sane_wait():
    assert rules.level_problems("service", 1, 7, 240) == {}
    assert rules.level_problems("service", 1, 7, None) == {}
    assert rules.level_problems("weather", 1, 7, 240) == {"kind": "kind"}
    assert rules.level_problems("service", 0, 7, 240) == {"level": "level"}
    assert rules.level_problems("service", 7, 7, 240) == {"level": "level"}
    assert rules.level_problems("service", 1, None, 240) == {"contact": "contact"}
    assert rules.level_problems("service", 1, 7, 0) == {"climb_after": "climb_after"}
    assert rules.level_problems("service", 1, 7, 10**12) == {"climb_after": "climb_after"}


def test_the_next_level_is_the_kinds_next_number_and_none_at_the_top():
    matrix = [level(number=3), level(number=1), level(kind="technical", number=2)]
    assert rules.first_level(matrix, "service").level == 1
    assert rules.next_level(matrix, "service", 1).level == 3
    assert rules.next_level(matrix, "service", 3) is None
    assert rules.first_level(matrix, "contract") is None
    assert rules.next_level(matrix, "technical", 0).level == 2


@given(st.lists(st.integers(1, rules.MAX_LEVELS), unique=True, min_size=1), st.integers(0, 6))
def test_the_next_level_is_always_higher_and_never_skips_one(numbers, current):
    matrix = [level(number=n) for n in numbers]
    found = rules.next_level(matrix, "service", current)
    higher = sorted(n for n in numbers if n > current)
    assert (found.level if found else None) == (higher[0] if higher else None)


@given(
    st.one_of(st.none(), st.just(T0)),
    st.one_of(st.none(), st.integers(-600, 600).map(lambda m: T0 + timedelta(minutes=m))),
)
def test_only_an_unconfirmed_step_whose_time_ran_out_climbs(confirmed_at, climbs_at):
    climbs = rules.climbs(confirmed_at, climbs_at, T0)
    assert climbs == (confirmed_at is None and climbs_at is not None and climbs_at <= T0)


def test_a_closing_needs_an_outcome():
    assert rules.can_close("Replaced the mainboard; the user works again")
    assert not rules.can_close("   ")
    assert not rules.can_close("")


def test_months_are_read_strictly():
    assert rules.month_bounds("2026-11") == (2026, 11)
    for text in ("2026-13", "0000-01", "9999-12", "2026-1", "x", "", "2026-11-01"):
        assert rules.month_bounds(text) is None


@given(st.lists(st.tuples(st.sampled_from(rules.KINDS), st.integers(1, rules.MAX_LEVELS))))
def test_counts_add_up_to_the_escalations_and_list_every_kind(rows):
    table = rules.counts_by_kind_and_level(rows)
    assert list(table)[: len(rules.KINDS)] == list(rules.KINDS)
    assert sum(sum(levels.values()) for levels in table.values()) == len(rows)
    for kind, number in rows:
        assert table[kind][number] == rows.count((kind, number))


def test_numbers_are_yearly_with_four_digits():
    assert rules.escalation_number(2026, 7) == "ESC-2026-0007"
