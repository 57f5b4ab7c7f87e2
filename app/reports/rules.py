"""Pure report rules: periods, the report schedule (S7, S11), the workflow, and tallies.

No Flask, no SQLAlchemy: plain values in, plain values out.
"""

import calendar as _calendar
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
KINDS = ("monthly", "quarterly")
LANGUAGES = ("zh", "en")
STATUSES = ("draft", "reviewed", "sent", "acknowledged")
DONE = frozenset({"sent", "acknowledged"})
# action → (statuses it may start from, status it leads to)
TRANSITIONS = {
    "review": (frozenset({"draft"}), "reviewed"),
    "send": (frozenset({"reviewed", "sent"}), "sent"),
    "acknowledge": (frozenset({"sent"}), "acknowledged"),
}
# cells a spreadsheet would run as a formula (CSV/Excel injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q(\d)$", re.IGNORECASE)


class PeriodError(ValueError):
    """A period that cannot be reported on; the message says why, in English."""


class TransitionError(ValueError):
    """The action is not possible in the report's status."""


@dataclass(frozen=True)
class Period:
    """A reporting period: a calendar month or quarter, local (Asia/Shanghai) dates."""

    kind: str
    label: str  # "2026-10" or "2026-Q4"
    first: date
    last: date

    @property
    def start(self) -> datetime:
        """The first instant, as an aware datetime (Shanghai midnight)."""
        return local_midnight(self.first)

    @property
    def end(self) -> datetime:
        """The instant just after the period (exclusive)."""
        return local_midnight(self.last + timedelta(days=1))

    def months(self) -> list["Period"]:
        """The months of the period (one for a monthly period, three for a quarter)."""
        out, day = [], self.first
        while day <= self.last:
            out.append(month_period(day.year, day.month))
            day = out[-1].last + timedelta(days=1)
        return out

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SHANGHAI)


def local_date(instant: datetime) -> date:
    return instant.astimezone(SHANGHAI).date()


def month_period(year: int, month: int) -> Period:
    last = _calendar.monthrange(year, month)[1]
    return Period(
        "monthly", f"{year:04d}-{month:02d}", date(year, month, 1), date(year, month, last)
    )


def quarter_period(year: int, quarter: int) -> Period:
    first_month = 3 * (quarter - 1) + 1
    last = month_period(year, first_month + 2).last
    return Period("quarterly", f"{year:04d}-Q{quarter}", date(year, first_month, 1), last)


def parse_period(kind: str, text: str, today: date) -> Period:
    """ "2026-10" (monthly) or "2026-Q4" (quarterly); PeriodError for bad or future periods."""
    if kind not in KINDS:
        raise PeriodError(f"Unknown report kind {kind!r}: monthly or quarterly.")
    text = (text or "").strip()
    if kind == "monthly":
        match = _MONTH.match(text)
        if not match:
            raise PeriodError(f"{text!r} is not a month: write YYYY-MM, e.g. 2026-10.")
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError(f"{text!r} is not a month: the month must be 01 to 12.")
        _check_year(text, year)
        period = month_period(year, month)
    else:
        match = _QUARTER.match(text)
        if not match:
            raise PeriodError(f"{text!r} is not a quarter: write YYYY-Qn, e.g. 2026-Q4.")
        year, quarter = int(match[1]), int(match[2])
        if not 1 <= quarter <= 4:
            raise PeriodError(f"{text!r} is not a quarter: the quarter must be Q1 to Q4.")
        _check_year(text, year)
        period = quarter_period(year, quarter)
    if period.first > today:
        raise PeriodError(f"{period.label} is in the future: it starts on {period.first}.")
    return period


def _check_year(text: str, year: int) -> None:
    if year < 2000:
        raise PeriodError(f"{text!r} is before the service started.")


def parse_language(text: str | None, default: str = "zh") -> str:
    """'zh' or 'en'; PeriodError names the languages we have."""
    lang = (text or default).strip().lower()
    if lang not in LANGUAGES:
        raise PeriodError(f"No {text!r} edition: the report is written in zh or en.")
    return lang


def month_of(day: date) -> Period:
    return month_period(day.year, day.month)


def quarter_of(day: date) -> Period:
    return quarter_period(day.year, (day.month - 1) // 3 + 1)


def previous(period: Period) -> Period:
    day = period.first - timedelta(days=1)
    return month_of(day) if period.kind == "monthly" else quarter_of(day)


def due_date(period: Period, *, monthly_due_day: int, quarterly_due_day: int) -> date:
    """S11: the monthly report by a day of the next month; S7: the quarterly one within the
    first days of the next quarter. A due day past the month's end means its last day."""
    following = period.last + timedelta(days=1)
    wanted = monthly_due_day if period.kind == "monthly" else quarterly_due_day
    last_day = _calendar.monthrange(following.year, following.month)[1]
    return following.replace(day=max(1, min(wanted, last_day)))


@dataclass(frozen=True)
class Due:
    """One scheduled report: its period, due date and where it stands today."""

    period: Period
    due_on: date
    status: str | None  # the latest version's status; None when none was generated
    state: str  # done | overdue | due | upcoming

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"


def schedule_state(due_on: date, status: str | None, today: date, period_last: date) -> str:
    if status in DONE:
        return "done"
    if today > due_on:
        return "overdue"
    if today > period_last:
        return "due"
    return "upcoming"


def recent_periods(today: date, *, months: int = 3, quarters: int = 2) -> list[Period]:
    """The current month and quarter and the ones before them that the schedule watches."""
    out = []
    period = month_of(today)
    for _ in range(months + 1):
        out.append(period)
        period = previous(period)
    period = quarter_of(today)
    for _ in range(quarters + 1):
        out.append(period)
        period = previous(period)
    return out


def next_status(status: str, action: str) -> str:
    if action not in TRANSITIONS:
        raise TransitionError(f"unknown action {action!r}")
    sources, target = TRANSITIONS[action]
    if status not in sources:
        raise TransitionError(f"{action} is not possible while the report is {status}")
    return target


def allowed_actions(status: str) -> list[str]:
    return [action for action, (sources, _) in TRANSITIONS.items() if status in sources]


# ---------------------------------------------------------------- tallies


def percent(part: int, whole: int) -> float | None:
    """part/whole in percent, one decimal; None when there is nothing to measure."""
    return round(100 * part / whole, 1) if whole else None


def attainment(states: Iterable[str]) -> dict:
    """Met and breached clocks (running ones past their target count as breached); clocks
    still within target are open, cancelled ones are not measured."""
    counts = Counter(states)
    met, breached = counts["met"], counts["breached"]
    return {
        "met": met,
        "breached": breached,
        "open": counts["running"] + counts["paused"],
        "measured": met + breached,
        "percent": percent(met, met + breached),
    }


def counted(keys: Iterable, order: Iterable | None = None) -> list[tuple]:
    """(key, count) pairs: in the given order (zeros kept), else most frequent first."""
    counts = Counter(keys)
    if order is not None:
        return [(key, counts.get(key, 0)) for key in order]
    return sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))


def top(counts: Mapping, limit: int, at_least: int = 1) -> list[tuple]:
    """The most frequent keys (ties by key), at most `limit`, each counted at least `at_least`."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return [(key, n) for key, n in ranked if n >= at_least][:limit]


def safe_cell(value):
    """A spreadsheet cell that cannot run as a formula: text starting with = + - @ is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


# S9: the desk explains a breach in its notes; waiting and escalation notes say most
EXPLAINING_ACTIONS = frozenset({"pend", "escalate", "vendor_case"})


def breach_reason(notes: Iterable[tuple], started_at, stopped_at) -> str:
    """The note that best explains a breach: the latest waiting, escalation or internal note
    while the clock ran, else the note on the event that stopped it, else nothing."""
    inside, closing = [], ""
    for at, action, note, public in notes:
        if started_at is not None and at < started_at:
            continue
        if stopped_at is not None and at > stopped_at:
            continue
        if action in EXPLAINING_ACTIONS or not public:
            inside.append(note)
        if stopped_at is not None and at == stopped_at:
            closing = note
    return (inside[-1] if inside else closing).strip()[:300]


def reason_counts(codes: Iterable[str | None]) -> list[dict]:
    """[{code, count}] of the breaches' recorded reasons, most frequent first; the breaches
    without one come last (code None), whatever their number."""
    counts = Counter(codes)
    unexplained = counts.pop(None, 0)
    ranked = [{"code": code, "count": n} for code, n in counted(counts.elements())]
    return ranked + ([{"code": None, "count": unexplained}] if unexplained else [])


def group_breaches(breaches: list[dict], reasons: list[dict]) -> list[tuple]:
    """The breach list as (reason code, count of all such breaches, listed lines), in the order
    of `reasons` (reason_counts), so the PDF prints one block per reason."""
    groups = []
    for item in reasons:
        lines = [b for b in breaches if b.get("reason_code") == item["code"]]
        if lines:
            groups.append((item["code"], item["count"], lines))
    return groups


def recount(reasons: list[dict], old_codes: list[str | None], new_code: str) -> list[dict]:
    """The reason counts after breaches recorded as `old_codes` were given `new_code`."""
    counts = Counter()
    for item in reasons:
        counts[item["code"]] += item["count"]
    for code in old_codes:
        counts[code] -= 1
        counts[new_code] += 1
    return reason_counts(code for code, n in counts.items() for _ in range(max(n, 0)))
