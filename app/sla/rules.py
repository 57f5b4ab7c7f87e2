"""Pure SLA settings rules: holiday-year rows, when next year's schedule is due, target units,
the priority matrix and breach reasons. No Flask, no SQLAlchemy."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

YEAR_KINDS = ("holiday", "adjusted_workday")
# The State Council publishes next year's schedule in the autumn; from this day on a year
# that is still missing is the managers' to enter.
NEXT_YEAR_DUE = (11, 1)

TARGET_UNITS = ("minutes", "hours", "working_days")
LEVELS = ("high", "medium", "low")
PRIORITIES = ("P1", "P2", "P3", "P4")
# S7 metrics whose calendar the contract chooses; resolution may differ per priority
CALENDAR_METRICS = ("response", "remote_limit", "onsite_arrival")

# why a service level was missed: a short list the report groups by, plus free text
BREACH_REASONS = (
    "waiting_user",
    "third_party",
    "spare_parts",
    "no_access",
    "workload",
    "misrouted",
    "other",
)


@dataclass(frozen=True)
class YearRow:
    """One row of a holiday-year entry: a date range, its kind and the holiday's name."""

    start: date | None
    end: date | None
    kind: str
    name: str = ""

    @property
    def blank(self) -> bool:
        return self.start is None and self.end is None and not self.name.strip()


def expand_rows(rows: Iterable[YearRow], year: int) -> tuple[list[tuple], dict[int, str]]:
    """Rows → the year's days [(date, kind, name)] and {row index: problem code}.

    Blank rows are skipped; a row without an end is one day. Problem codes: `start`
    (no first date), `order` (ends before it starts), `year` (outside the year), `kind`,
    `overlap` (a date already listed by an earlier row), `empty` (no row at all).
    """
    days: dict[date, tuple] = {}
    errors: dict[int, str] = {}
    listed = 0
    for index, row in enumerate(rows):
        if row.blank:
            continue
        listed += 1
        start, end = row.start, row.end or row.start
        if start is None:
            errors[index] = "start"
        elif end < start:
            errors[index] = "order"
        elif start.year != year or end.year != year:
            errors[index] = "year"
        elif row.kind not in YEAR_KINDS:
            errors[index] = "kind"
        else:
            span = [start + timedelta(days=n) for n in range((end - start).days + 1)]
            if any(day in days for day in span):
                errors[index] = "overlap"
                continue
            name = row.name.strip()[:100] or None
            days.update({day: (day, row.kind, name) for day in span})
    if not listed:
        errors[-1] = "empty"
    return sorted(days.values()), errors


def rows_of(days: Iterable[tuple]) -> list[YearRow]:
    """A stored schedule as rows: consecutive days of the same kind and name joined."""
    found: list[YearRow] = []
    for day, kind, name in sorted(days):
        last = found[-1] if found else None
        if (
            last
            and last.end + timedelta(days=1) == day
            and (last.kind, last.name) == (kind, name or "")
        ):
            found[-1] = YearRow(last.start, day, kind, last.name)
        else:
            found.append(YearRow(day, day, kind, name or ""))
    return found


def years_to_enter(today: date) -> list[int]:
    """The years whose schedule must be known by `today` (a Shanghai date): this year, and
    from 1 November the next one."""
    due = date(today.year, *NEXT_YEAR_DUE)
    return [today.year, today.year + 1] if today >= due else [today.year]


def working_day_minutes(weekly_hours) -> int:
    """How long a working day is on a calendar: the length most weekdays have (540 for
    09:00–18:00), so that "3 working days" means 1,620 minutes of service time."""
    lengths = Counter(
        sum(_minutes(end) - _minutes(start) for start, end in day) for day in weekly_hours if day
    )
    if not lengths:
        return 24 * 60
    return max(lengths.items(), key=lambda item: (item[1], item[0]))[0]


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def split_target(minutes: int, day_minutes: int) -> tuple[int, str]:
    """A stored target in its largest whole unit: (3, "working_days"), (4, "hours") or
    (5, "minutes")."""
    if day_minutes and minutes >= day_minutes and minutes % day_minutes == 0:
        return minutes // day_minutes, "working_days"
    if minutes >= 60 and minutes % 60 == 0:
        return minutes // 60, "hours"
    return minutes, "minutes"


def to_minutes(amount: int, unit: str, day_minutes: int) -> int:
    """An entered target in minutes of service time."""
    factor = {"minutes": 1, "hours": 60, "working_days": day_minutes}[unit]
    return amount * factor


def matrix_problems(matrix: Mapping) -> list[tuple[str, str]]:
    """The (urgency, impact) cells of a priority matrix that are empty or not a priority."""
    return [
        (urgency, impact)
        for urgency in LEVELS
        for impact in LEVELS
        if (matrix.get(urgency) or {}).get(impact) not in PRIORITIES
    ]
