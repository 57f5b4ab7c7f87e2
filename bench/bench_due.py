"""Time `due` and `elapsed` over 100,000 random pairs on the office calendar (goal: < 1 s each)."""

from __future__ import annotations

import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.clocks.calendar import WorkCalendar  # noqa: E402
from app.clocks.clock import due, elapsed  # noqa: E402

PAIRS = 100_000
FIRST = datetime(2024, 1, 1, tzinfo=UTC)
SPAN_SECONDS = int((datetime(2028, 1, 1, tzinfo=UTC) - FIRST).total_seconds())
MAX_MINUTES = 30 * 9 * 60  # 30 working days of 9 hours


def main() -> None:
    """Print timings for cold caches, then for 100,000 due and elapsed calls."""
    rng = random.Random(20260930)
    calendar = WorkCalendar("office")
    starts = [FIRST + timedelta(seconds=rng.randrange(SPAN_SECONDS)) for _ in range(PAIRS)]
    minutes = [rng.randrange(MAX_MINUTES + 1) for _ in range(PAIRS)]
    ends = [s + timedelta(seconds=rng.randrange(60 * 86400)) for s in starts]

    tick = time.perf_counter()
    due(calendar, starts[0], 1)
    for year in (2024, 2025, 2026, 2027):
        due(calendar, datetime(year, 7, 1, tzinfo=UTC), MAX_MINUTES)
    print(f"cold caches (4 years):     {time.perf_counter() - tick:8.3f} s")

    tick = time.perf_counter()
    for start, count in zip(starts, minutes, strict=True):
        due(calendar, start, count)
    print(f"due x {PAIRS:,}:           {time.perf_counter() - tick:8.3f} s")

    tick = time.perf_counter()
    for start, end in zip(starts, ends, strict=True):
        elapsed(calendar, start, end)
    print(f"elapsed x {PAIRS:,}:       {time.perf_counter() - tick:8.3f} s")


if __name__ == "__main__":
    main()
