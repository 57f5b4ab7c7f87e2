"""Pure survey rules: the S7 score, answer checks, the frequency rule, campaign timing."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.surveys import rules
from app.surveys.rules import QuestionSpec

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("ratings", "good_from", "expected"),
    [
        ([], 4, None),
        ([5], 4, 100.0),
        ([3], 4, 0.0),
        ([5, 4, 4, 3, 2, 1, 5, 4], 4, 62.5),  # 5 of 8 at 4 or 5
        ([5, 4, 3], 5, 100 / 3),
        ([4, 4, 4, 4, 4, 4, 3], 4, 600 / 7),  # 85.71… meets 85
        ([5] * 17 + [3] * 3, 4, 85.0),  # exactly on target
        ([None, 5, None, 2], 4, 50.0),  # skipped ratings do not count
    ],
)
def test_satisfaction_percent_against_hand_computed_numbers(ratings, good_from, expected):
    result = rules.satisfaction_percent(ratings, good_from)
    assert result == (pytest.approx(expected) if expected is not None else None)


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=1), st.integers(1, 5))
def test_score_is_a_share_and_counts_agree(ratings, good_from):
    percent = rules.satisfaction_percent(ratings, good_from)
    assert 0 <= percent <= 100
    counts = {r: ratings.count(r) for r in set(ratings)}
    assert rules.satisfaction_from_counts(counts, good_from) == pytest.approx(percent)
    satisfied = sum(1 for r in ratings if r >= good_from)
    assert percent * len(ratings) == pytest.approx(100 * satisfied)


@pytest.mark.parametrize(
    ("percent", "target", "below"),
    [(None, 85, False), (84.9, 85, True), (85.0, 85, False), (100.0, 85, False), (0.0, 1, True)],
)
def test_below_target(percent, target, below):
    assert rules.below_target(percent, target) is below


@pytest.mark.parametrize(
    ("responses", "sent", "expected"), [(0, 0, None), (0, 4, 0.0), (3, 4, 75.0), (8, 10, 80.0)]
)
def test_response_rate(responses, sent, expected):
    assert rules.response_rate(responses, sent) == expected


@pytest.mark.parametrize(
    ("last", "days", "allowed"),
    [
        (None, 7, True),
        (T0 - timedelta(days=7), 7, True),
        (T0 - timedelta(days=7) + timedelta(seconds=1), 7, False),
        (T0 - timedelta(days=1), 7, False),
        (T0 - timedelta(days=1), 1, True),
        (T0, 0, True),  # 0: ask after every ticket
    ],
)
def test_frequency_rule(last, days, allowed):
    assert rules.may_ask(last, T0, days) is allowed


@dataclass
class Q:
    id: int
    kind: str
    required: bool = False
    choices: list = field(default_factory=list)


QUESTIONS = [
    Q(1, "rating", required=True),
    Q(2, "yes_no"),
    Q(3, "choice", choices=[{"value": "c1"}, {"value": "c2"}]),
    Q(4, "text"),
]


@pytest.mark.parametrize(
    ("raw", "values", "errors"),
    [
        ({1: "5"}, {1: (5, None)}, {}),
        (
            {1: "1", 2: "yes", 3: "c2", 4: " ok "},
            {1: (1, None), 2: (1, None), 3: (None, "c2"), 4: (None, "ok")},
            {},
        ),  # noqa: E501
        ({1: "0"}, {}, {1: "rating_range"}),
        ({1: "6"}, {}, {1: "rating_range"}),
        ({1: "-1"}, {}, {1: "rating_range"}),
        ({1: "4.5"}, {}, {1: "rating_range"}),
        ({1: "five"}, {}, {1: "rating_range"}),
        ({}, {}, {1: "required"}),
        ({1: "  "}, {}, {1: "required"}),
        ({1: "3", 2: "maybe"}, {1: (3, None)}, {2: "yes_no"}),
        ({1: "3", 3: "c9"}, {1: (3, None)}, {3: "choice"}),
        ({1: "3", 4: "x" * 2001}, {1: (3, None)}, {4: "too_long"}),
        ({1: "3", 2: "", 4: ""}, {1: (3, None)}, {}),  # optional questions may stay empty
    ],
)
def test_check_answers(raw, values, errors):
    checked = rules.check_answers(QUESTIONS, raw)
    assert checked.errors == errors
    if not errors:
        assert checked.values == values


def test_low_ratings_pick_the_rating_questions_at_or_below_the_setting():
    questions = [Q(1, "rating"), Q(2, "rating"), Q(3, "yes_no"), Q(4, "rating")]
    values = {1: (2, None), 2: (3, None), 3: (0, None)}
    assert [q.id for q in rules.low_ratings(questions, values, 2)] == [1]
    assert [q.id for q in rules.low_ratings(questions, values, 3)] == [1, 2]
    assert rules.low_ratings(questions, values, 0) == []


OVERALL = QuestionSpec("overall", "rating", "总体", "Overall", True)


@pytest.mark.parametrize(
    ("specs", "errors"),
    [
        ([OVERALL], {}),
        ([], {0: "empty"}),
        ([QuestionSpec("speed", "rating", "速度", "Speed")], {0: "first_overall"}),
        ([QuestionSpec("overall", "text", "总体", "Overall")], {0: "first_overall"}),
        ([OVERALL, QuestionSpec("x", "rating", "", "Speed")], {1: "text"}),
        ([OVERALL, QuestionSpec("overall", "rating", "再", "Again")], {1: "code"}),
        (
            [OVERALL, QuestionSpec("c", "choice", "选", "Pick", choices=({"value": "c1"},))],
            {1: "choices"},
        ),  # noqa: E501
        ([OVERALL, QuestionSpec("c", "slider", "滑", "Slide")], {1: "kind"}),
    ],
)
def test_check_questionnaire(specs, errors):
    assert rules.check_questionnaire(specs) == errors


def test_choices_round_trip_through_the_editor_text():
    choices = rules.parse_choices("电话 | Phone\n\n邮件|Email\n门户\n")
    assert choices == (
        {"value": "c1", "zh": "电话", "en": "Phone"},
        {"value": "c2", "zh": "邮件", "en": "Email"},
        {"value": "c3", "zh": "门户", "en": "门户"},
    )
    assert rules.parse_choices(rules.format_choices(choices)) == choices


OPENS = datetime(2026, 11, 1, tzinfo=UTC)
CLOSES = datetime(2026, 11, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "closed_at", "state"),
    [
        (OPENS - timedelta(seconds=1), None, "scheduled"),
        (OPENS, None, "open"),
        (CLOSES - timedelta(seconds=1), None, "open"),
        (CLOSES, None, "closed"),
        (OPENS + timedelta(days=1), OPENS, "closed"),  # closed early by the manager
    ],
)
def test_campaign_state(now, closed_at, state):
    assert rules.campaign_state(OPENS, CLOSES, closed_at, now) == state


@pytest.mark.parametrize(
    ("now", "reminded", "due"),
    [
        (CLOSES - timedelta(days=4), None, False),
        (CLOSES - timedelta(days=3), None, True),
        (CLOSES - timedelta(hours=1), None, True),
        (CLOSES - timedelta(hours=1), CLOSES - timedelta(days=2), False),  # once
        (CLOSES, None, False),
    ],
)
def test_reminder_due(now, reminded, due):
    assert rules.reminder_due(CLOSES, reminded, 3, now) is due


def test_sample_is_reproducible_and_a_subset():
    ids = list(range(100, 160))
    first = rules.draw_sample(ids, 10, seed=7)
    assert first == rules.draw_sample(list(reversed(ids)), 10, seed=7)
    assert len(set(first)) == 10 and set(first) <= set(ids)
    assert rules.draw_sample(ids, None, seed=7) == ids
    assert rules.draw_sample(ids[:3], 10, seed=7) == ids[:3]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (None, None, (date(2026, 6, 1), date(2026, 11, 23))),
        ("2026-09-01", "2026-09-30", (date(2026, 9, 1), date(2026, 9, 30))),
        ("2026-09-01T00:00:00+08:00", None, (date(2026, 9, 1), date(2026, 11, 23))),
    ],
)
def test_parse_period(start, end, expected):
    assert rules.parse_period(start, end, date(2026, 11, 23)) == expected


@pytest.mark.parametrize(
    ("start", "end", "field_"),
    [
        ("2026-13-01", None, "from"),
        (None, "yesterday", "to"),
        ("2026-09-02", "2026-09-01", "to"),
        ("2020-01-01", "2026-01-01", "from"),
    ],
)
def test_parse_period_refuses_bad_input(start, end, field_):
    with pytest.raises(rules.PeriodError) as error:
        rules.parse_period(start, end, date(2026, 11, 23))
    assert error.value.field == field_


def test_months_and_local_days():
    assert rules.months(date(2025, 11, 20), date(2026, 2, 3)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    # midnight in Shanghai is 16:00 UTC the day before
    assert rules.local_day_start(date(2026, 11, 1)) == datetime(2026, 10, 31, 16, tzinfo=UTC)
    assert rules.local_date(datetime(2026, 10, 31, 16, tzinfo=UTC)) == date(2026, 11, 1)


@pytest.mark.parametrize(
    ("age", "expired"),
    [
        (timedelta(days=13), False),
        (timedelta(days=14), False),
        (timedelta(days=14, seconds=1), True),
    ],
)
def test_link_expiry(age, expired):
    assert rules.link_expired(T0 - age, T0, 14) is expired
