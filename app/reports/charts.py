"""The report's charts as SVG strings, readable in black and white.

Built on app.web.charts (its text(), hatches and axis helpers): horizontal bars for named
categories, whose long Chinese or English names would collide under vertical bars, and one
column per day with days off shaded.
"""

from collections.abc import Sequence
from datetime import date

from app.web.charts import (
    GRID,
    INK,
    Frame,
    chart_prefix,
    fill,
    line_chart,
    nice_ticks,
    patterns,
    start,
    text,
    value_axis,
)

LABEL_WIDTH = 200
ROW = 22


def hbar_chart(
    rows: Sequence[tuple[str, float | None]],
    *,
    title: str,
    width: int = 640,
    x_max: float | None = None,
    value_format: str = "{:.0f}",
    target: float | None = None,
    target_label: str = "",
) -> str:
    """One hatched bar per row, its label on the left and its value at its end; None = "—"."""
    prefix = chart_prefix("hbar", title, [label for label, _ in rows])
    height = 44 + ROW * max(len(rows), 1) + (28 if target is not None else 12)
    top = x_max or max([value or 0 for _, value in rows] + [1])
    ticks = nice_ticks(top) if x_max is None else [0, x_max]
    right = ticks[-1]
    x0, x1 = LABEL_WIDTH, width - 56
    parts = start(width, height, title, prefix)
    parts.append(patterns(prefix))

    def x(value: float) -> float:
        return x0 + (x1 - x0) * min(value, right) / right

    for tick in ticks:
        parts.append(
            f'<line x1="{x(tick):.1f}" y1="36" x2="{x(tick):.1f}" y2="{44 + ROW * len(rows):.1f}" '
            f'stroke="{GRID}" stroke-width="0.8"/>'
        )
    for index, (label, value) in enumerate(rows):
        y = 44 + ROW * index
        parts.append(text(x0 - 8, y + 14, shorten(label, 16), size=11, anchor="end"))
        if value is None:
            parts.append(text(x0 + 4, y + 14, "—", size=11))
            continue
        parts.append(
            f'<rect x="{x0}" y="{y + 3}" width="{max(x(value) - x0, 0.5):.1f}" height="{ROW - 6}" '
            f'{fill("hatch", prefix)} stroke="{INK}" stroke-width="1"/>'
        )
        parts.append(text(x(value) + 4, y + 15, value_format.format(value), size=10))
    parts.append(
        f'<line x1="{x0}" y1="40" x2="{x0}" y2="{44 + ROW * len(rows):.1f}" stroke="{INK}"/>'
    )
    if target is not None:
        bottom = 44 + ROW * len(rows)
        parts.append(
            f'<line x1="{x(target):.1f}" y1="36" x2="{x(target):.1f}" y2="{bottom + 4}" '
            f'stroke="{INK}" stroke-width="1.6" stroke-dasharray="6 4"/>'
        )
        parts.append(text(x(target), bottom + 18, target_label, size=10, anchor="middle"))
    parts.append("</svg>")
    return "".join(parts)


def day_columns(
    days: Sequence[tuple[date, int]],
    *,
    title: str,
    y_label: str,
    days_off: set[date],
    width: int = 640,
    height: int = 240,
) -> str:
    """One column per day; weekends and holidays have a grey band behind them."""
    prefix = chart_prefix("days", title, [d.isoformat() for d, _ in days])
    ticks = nice_ticks(max([n for _, n in days] + [1]))
    frame = Frame(width, height, bottom=36, y_top=ticks[-1])
    parts = start(width, height, title, prefix)
    slot = (frame.x1 - frame.x0) / max(len(days), 1)
    for index, (day, _count) in enumerate(days):
        if day in days_off:
            parts.append(
                f'<rect x="{frame.x0 + slot * index:.1f}" y="{frame.y0}" width="{slot:.1f}" '
                f'height="{frame.y1 - frame.y0}" fill="#e6e6e6"/>'
            )
    parts += value_axis(frame, ticks, y_label, "{:.0f}")
    for index, (day, count) in enumerate(days):
        centre = frame.x_slot(index, len(days))
        y = frame.y(count)
        if count:
            parts.append(
                f'<rect x="{centre - slot * 0.35:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" '
                f'height="{frame.y1 - y:.1f}" fill="{INK}"/>'
            )
        parts.append(text(centre, frame.y1 + 14, f"{day.day}", size=9, anchor="middle"))
    parts.append("</svg>")
    return "".join(parts)


def tickets_by_day(by_day: list[dict], *, title: str, y_label: str) -> str:
    """The figures' volume.by_day rows ({date, count, off}) as day columns."""
    return day_columns(
        [(date.fromisoformat(row["date"]), row["count"]) for row in by_day],
        title=title,
        y_label=y_label,
        days_off={date.fromisoformat(row["date"]) for row in by_day if row["off"]},
    )


def attainment(rows: list[dict], *, title: str, name) -> str:
    """The figures' sla.rows as percentages attained, one bar per measure and scope."""
    return hbar_chart(
        [(name(row), row["percent"]) for row in rows],
        title=title,
        x_max=100,
        value_format="{:.1f}%",
    )


def trend_lines(
    series: dict[str, list[tuple[str, float | None]]],
    *,
    title: str,
    y_label: str,
    target: float | None = None,
    target_label: str | None = None,
    below_label: str | None = None,
    y_max: float | None = None,
    width: int = 640,
    height: int = 260,
) -> str:
    """Monthly lines (app.web.charts.line_chart), with a target line when given."""
    return line_chart(
        series,
        target=target,
        target_label=target_label,
        below_label=below_label,
        title=title,
        y_label=y_label,
        y_max=y_max,
        width=width,
        height=height,
    )


def shorten(label: str, limit: int) -> str:
    """A long name cut with an ellipsis to about `limit` CJK characters (Latin ones count half)."""
    width = 0
    for index, char in enumerate(label):
        width += 2 if ord(char) > 0x2E80 else 1
        if width > limit * 2:
            return label[: index - 1] + "…"
    return label
