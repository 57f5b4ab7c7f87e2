"""Pure survey rules: the score (S7), answer checks, how often to ask, campaign timing."""

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
PURPOSES = ("ticket", "relationship")
KINDS = ("rating", "yes_no", "choice", "text")
RATINGS = (1, 2, 3, 4, 5)
MAX_TEXT = 2000
MAX_QUESTIONS = 20
# the first question of every questionnaire: the overall rating that the score counts and
# that the mail offers as five one-click links
OVERALL = "overall"


def satisfaction_percent(ratings: Iterable[int | None], good_from: int) -> float | None:
    """S7: the share of overall ratings at or above `good_from` (default 4 of 5), in percent;
    None when nobody answered (no score is not a score of 0)."""
    return satisfaction_from_counts(Counter(r for r in ratings if r is not None), good_from)


def satisfaction_from_counts(counts: Mapping[int, int], good_from: int) -> float | None:
    """The same score from {rating: how many} (what a GROUP BY returns)."""
    total = sum(counts.values())
    if not total:
        return None
    return 100.0 * sum(n for rating, n in counts.items() if rating >= good_from) / total


def response_rate(responses: int, sent: int) -> float | None:
    """Responses per survey sent, in percent; None when nothing was sent."""
    return None if sent <= 0 else 100.0 * responses / sent


def below_target(percent: float | None, target: float) -> bool:
    """The month turns red only on a real score under target (no answers: not red)."""
    return percent is not None and percent < target


def may_ask(last_asked: datetime | None, now: datetime, min_interval_days: int) -> bool:
    """One person gets at most one ticket survey per `min_interval_days` (a contract setting)."""
    return last_asked is None or now - last_asked >= timedelta(days=min_interval_days)


def link_expired(signed_at: datetime, now: datetime, days: int) -> bool:
    return now - signed_at > timedelta(days=days)


@dataclass(frozen=True)
class Checked:
    """Clean answers {question id: (number, text)} and errors {question id: error code}."""

    values: dict[int, tuple[int | None, str | None]]
    errors: dict[int, str]


def check_answers(questions: Sequence, raw: Mapping[int, str | None]) -> Checked:
    """Check raw form values against the questions (objects with id, kind, required, choices).

    Error codes: required, rating_range, yes_no, choice, too_long.
    """
    values: dict[int, tuple[int | None, str | None]] = {}
    errors: dict[int, str] = {}
    for question in questions:
        given = (raw.get(question.id) or "").strip()
        if not given:
            if question.required:
                errors[question.id] = "required"
            continue
        if question.kind == "rating":
            if given not in {str(r) for r in RATINGS}:
                errors[question.id] = "rating_range"
            else:
                values[question.id] = (int(given), None)
        elif question.kind == "yes_no":
            if given not in ("yes", "no"):
                errors[question.id] = "yes_no"
            else:
                values[question.id] = (1 if given == "yes" else 0, None)
        elif question.kind == "choice":
            if given not in {c["value"] for c in question.choices or []}:
                errors[question.id] = "choice"
            else:
                values[question.id] = (None, given)
        elif len(given) > MAX_TEXT:
            errors[question.id] = "too_long"
        else:
            values[question.id] = (None, given)
    return Checked(values, errors)


def low_ratings(questions: Sequence, values: Mapping, at_most: int) -> list:
    """The rating questions answered at or below `at_most` (S10: they open a complaint)."""
    rated = [q for q in questions if q.kind == "rating" and values.get(q.id, (None,))[0]]
    return [q for q in rated if values[q.id][0] <= at_most]


@dataclass(frozen=True)
class QuestionSpec:
    """A question as the editor submits it, before it becomes a row of a new version."""

    code: str
    kind: str
    text_zh: str
    text_en: str
    required: bool = False
    choices: tuple = ()


def check_questionnaire(questions: Sequence[QuestionSpec]) -> dict[int, str]:
    """Errors by question index: the first is the overall rating; codes are unique; a choice
    question has at least two options; both languages are filled in."""
    errors: dict[int, str] = {}
    if not questions:
        return {0: "empty"}
    if len(questions) > MAX_QUESTIONS:
        errors[MAX_QUESTIONS] = "too_many"
    first = questions[0]
    if first.kind != "rating" or first.code != OVERALL:
        errors[0] = "first_overall"
    seen: set[str] = set()
    for index, question in enumerate(questions):
        if question.kind not in KINDS:
            errors[index] = "kind"
        elif not question.text_zh.strip() or not question.text_en.strip():
            errors[index] = "text"
        elif not question.code or question.code in seen:
            errors[index] = "code"
        elif question.kind == "choice" and len(question.choices) < 2:
            errors[index] = "choices"
        seen.add(question.code)
    return errors


def parse_choices(text: str) -> tuple[dict, ...]:
    """Editor lines `中文 | English` (or one text for both) → choice options with a value."""
    out = []
    for number, line in enumerate(line for line in text.splitlines() if line.strip()):
        zh, _, en = (part.strip() for part in line.partition("|"))
        out.append({"value": f"c{number + 1}", "zh": zh, "en": en or zh})
    return tuple(out)


def format_choices(choices: Iterable[Mapping]) -> str:
    return "\n".join(f"{c['zh']} | {c['en']}" for c in choices)


def campaign_state(opens_at: datetime, closes_at: datetime, closed_at, now: datetime) -> str:
    """scheduled → open → closed; a manager may close it early."""
    if closed_at is not None or now >= closes_at:
        return "closed"
    return "open" if now >= opens_at else "scheduled"


def reminder_due(
    closes_at: datetime, reminded_at: datetime | None, days_before: int, now: datetime
) -> bool:
    """Once per campaign, `days_before` days before it closes."""
    return reminded_at is None and closes_at - timedelta(days=days_before) <= now < closes_at


def draw_sample(ids: Sequence[int], size: int | None, seed: int) -> list[int]:
    """A reproducible random sample (everyone when size is None or larger than the group)."""
    ordered = sorted(ids)
    if size is None or size >= len(ordered):
        return ordered
    return sorted(random.Random(seed).sample(ordered, size))


def local_day_start(day: date) -> datetime:
    """Midnight in Shanghai of `day`, as a UTC instant."""
    return datetime.combine(day, time(0), SHANGHAI).astimezone(UTC)


def month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def months(first: date, last: date) -> list[date]:
    """The first days of every month from `first`'s month to `last`'s month."""
    out, current = [], first.replace(day=1)
    while current <= last:
        out.append(current)
        current = next_month(current)
    return out


def local_date(instant: datetime) -> date:
    return instant.astimezone(SHANGHAI).date()


class PeriodError(ValueError):
    """`field` (from or to) is not a date, or the period runs backwards."""

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


def parse_period(start: str | None, end: str | None, today: date, months_back: int = 5):
    """`from`/`to` as YYYY-MM-DD (inclusive); by default this month and `months_back` before."""
    first_default = today.replace(day=1)
    for _ in range(months_back):
        first_default = (first_default - timedelta(days=1)).replace(day=1)
    try:
        first = date.fromisoformat(start[:10]) if start else first_default
    except ValueError:
        raise PeriodError("from") from None
    try:
        last = date.fromisoformat(end[:10]) if end else today
    except ValueError:
        raise PeriodError("to") from None
    if last < first:
        raise PeriodError("to")
    if (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTHS:
        raise PeriodError("from")
    return first, last


MAX_MONTHS = 36
# anonymous campaign results are shown only from this many answers on
MIN_ANONYMOUS_RESULTS = 3
