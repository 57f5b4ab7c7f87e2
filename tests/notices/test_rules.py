"""The pure notice rules: validity, audience, the banners one person sees."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.notices import rules

NOW = datetime(2026, 12, 4, 2, tzinfo=UTC)


@dataclass
class Notice:
    id: int
    starts_at: datetime
    ends_at: datetime
    department_ids: list = field(default_factory=list)
    locations: list = field(default_factory=list)


def test_validity_includes_the_start_excludes_the_end():
    assert rules.is_valid_at(NOW, NOW + timedelta(hours=1), NOW)
    assert not rules.is_valid_at(NOW - timedelta(hours=1), NOW, NOW)
    assert rules.period_refusal(NOW, NOW) == "end_before_start"
    assert rules.period_refusal(NOW, None) == "required"
    assert rules.period_refusal(NOW, NOW + timedelta(seconds=1)) is None


def test_audience_by_department_or_location():
    assert rules.in_audience(None, "", [], [])  # no department, no location: everyone
    assert rules.in_audience(3, "", [3, 4], [])
    assert not rules.in_audience(5, "3F 12号工位", [3], [])
    assert rules.in_audience(5, "3f 12号工位", [3], ["3F"])
    assert not rules.in_audience(None, "", [3], ["3F"])
    assert not rules.in_audience(5, "5F 02号工位", [], ["3F"])


def test_banners_leave_out_dismissed_expired_and_others():
    notices = [
        Notice(1, NOW - timedelta(days=1), NOW + timedelta(days=1)),
        Notice(2, NOW - timedelta(days=3), NOW - timedelta(days=2)),  # over
        Notice(3, NOW - timedelta(days=1), NOW + timedelta(hours=1), department_ids=[7]),
        Notice(4, NOW - timedelta(days=1), NOW + timedelta(hours=2), locations=["5F"]),
        Notice(5, NOW + timedelta(hours=1), NOW + timedelta(days=1)),  # not yet
    ]
    shown = rules.banners(notices, department_id=7, location="3F 01", dismissed=set(), now=NOW)
    assert [n.id for n in shown] == [3, 1]  # the soonest to end first
    shown = rules.banners(notices, department_id=8, location="5F 02", dismissed={1}, now=NOW)
    assert [n.id for n in shown] == [4]


@given(
    offsets=st.lists(st.tuples(st.integers(-100, 100), st.integers(1, 100)), max_size=8),
    departments=st.lists(st.lists(st.integers(1, 4), max_size=2), min_size=8, max_size=8),
    mine=st.one_of(st.none(), st.integers(1, 4)),
    dismissed=st.sets(st.integers(0, 7)),
)
def test_banners_are_exactly_the_valid_undismissed_ones_for_me(
    offsets, departments, mine, dismissed
):
    notices = [
        Notice(
            i,
            NOW + timedelta(hours=start),
            NOW + timedelta(hours=start + length),
            department_ids=departments[i],
        )
        for i, (start, length) in enumerate(offsets)
    ]
    shown = rules.banners(notices, department_id=mine, location="", dismissed=dismissed, now=NOW)
    expected = {
        n.id
        for n in notices
        if n.starts_at <= NOW < n.ends_at
        and n.id not in dismissed
        and (not n.department_ids or mine in n.department_ids)
    }
    assert {n.id for n in shown} == expected
    assert [n.ends_at for n in shown] == sorted(n.ends_at for n in shown)


def test_locations_are_parsed_from_lines_and_commas():
    assert rules.parse_locations("3F, 5F\n3F；B1 ") == ["3F", "5F", "B1"]
