"""Server-side SVG charts for pages and PDF reports: pure functions returning an SVG string.

Readable in black and white: every series has its own marker shape, dash pattern or hatch,
values are written next to the points and bars, and a target is a labelled dashed line.
"""

import hashlib
import math
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

FONT = "Noto Sans CJK SC, sans-serif"
INK = "#1d2430"
GRID = "#c8cdd4"
MARKERS = ("circle", "square", "triangle", "diamond")
DASHES = ("", "7 4", "2 3", "9 3 2 3")
# bar fills, distinguishable without colour: solid, hatched, dotted, cross-hatched
FILLS = ("solid", "hatch", "dots", "cross")
TARGET_MARGIN = 84  # room right of the plot for the target's label

Points = Sequence[tuple[str, float | None]]


def text(x: float, y: float, content, *, size: int = 11, anchor: str = "start", **attrs) -> str:
    """One <text> with the explicit CJK-capable font (WeasyPrint and browsers alike)."""
    extra = "".join(f" {name.replace('_', '-')}={quoteattr(str(v))}" for name, v in attrs.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" '
        f'text-anchor="{anchor}" fill="{INK}"{extra}>{escape(str(content))}</text>'
    )


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `top` (0, 20, 40 … or 0, 2.5, 5 …)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(math.ceil(top / step - 1e-9) + 1)]


def number(value: float, fmt: str) -> str:
    return fmt.format(value)


def marker(shape: str, x: float, y: float, *, hollow: bool = False, size: float = 4.5) -> str:
    fill = "#fff" if hollow else INK
    style = f'fill="{fill}" stroke="{INK}" stroke-width="1.5"'
    if shape == "square":
        return f'<rect x="{x - size:.1f}" y="{y - size:.1f}" width="{2 * size:.1f}" height="{2 * size:.1f}" {style}/>'  # noqa: E501
    if shape == "triangle":
        points = f"{x:.1f},{y - size * 1.2:.1f} {x - size:.1f},{y + size:.1f} {x + size:.1f},{y + size:.1f}"  # noqa: E501
        return f'<polygon points="{points}" {style}/>'
    if shape == "diamond":
        s = size * 1.25
        points = f"{x:.1f},{y - s:.1f} {x + s:.1f},{y:.1f} {x:.1f},{y + s:.1f} {x - s:.1f},{y:.1f}"
        return f'<polygon points="{points}" {style}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size:.1f}" {style}/>'


def patterns(prefix: str) -> str:
    """Hatch patterns for bars; ids are prefixed so several charts can share one page."""
    return (
        "<defs>"
        f'<pattern id="{prefix}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" '
        'stroke-width="2.2"/></pattern>'
        f'<pattern id="{prefix}-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
        f'<rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.2" fill="{INK}"/>'
        "</pattern>"
        f'<pattern id="{prefix}-cross" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="#fff"/><path d="M0 0L6 6M6 0L0 6" stroke="{INK}" '
        'stroke-width="1"/></pattern>'
        "</defs>"
    )


def fill(kind: str, prefix: str) -> str:
    return f'fill="{INK}"' if kind == "solid" else f'fill="url(#{prefix}-{kind})"'


class Frame:
    """The plot area inside the margins, and value → pixel mapping on the value axis."""

    def __init__(self, width, height, *, left=56, right=16, top=44, bottom=64, y_top=100.0):
        self.width, self.height = width, height
        self.x0, self.x1 = left, width - right
        self.y0, self.y1 = top, height - bottom
        self.y_top = y_top or 1.0

    def y(self, value: float) -> float:
        return self.y1 - (self.y1 - self.y0) * min(value, self.y_top) / self.y_top

    def x_slot(self, index: int, count: int) -> float:
        """The centre of the index-th of count equal slots along the x axis."""
        return self.x0 + (self.x1 - self.x0) * (index + 0.5) / max(count, 1)


def start(width: int, height: int, title: str, prefix: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(title)} '
        f'class="chart" id="{prefix}">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
        text(width / 2, 20, title, size=14, anchor="middle", font_weight="bold"),
    ]


def value_axis(frame: Frame, ticks: list[float], y_label: str, fmt: str) -> list[str]:
    parts = []
    for tick in ticks:
        y = frame.y(tick)
        parts.append(
            f'<line x1="{frame.x0}" y1="{y:.1f}" x2="{frame.x1}" y2="{y:.1f}" stroke="{GRID}" '
            'stroke-width="0.8"/>'
        )
        parts.append(text(frame.x0 - 6, y + 4, number(tick, fmt), size=10, anchor="end"))
    parts.append(
        f'<line x1="{frame.x0}" y1="{frame.y0}" x2="{frame.x0}" y2="{frame.y1}" stroke="{INK}"/>'
    )
    parts.append(
        f'<line x1="{frame.x0}" y1="{frame.y1}" x2="{frame.x1}" y2="{frame.y1}" stroke="{INK}"/>'
    )
    middle = (frame.y0 + frame.y1) / 2
    parts.append(
        text(
            14, middle, y_label, size=11, anchor="middle", transform=f"rotate(-90 14 {middle:.1f})"
        )
    )
    return parts


def target_line(frame: Frame, target: float | None, label: str) -> list[str]:
    """A dashed line across the plot, labelled in the right margin (clear of the points)."""
    if target is None:
        return []
    y = frame.y(target)
    return [
        f'<line x1="{frame.x0}" y1="{y:.1f}" x2="{frame.x1}" y2="{y:.1f}" stroke="{INK}" '
        'stroke-width="1.6" stroke-dasharray="10 5" class="target"/>',
        text(frame.x1 + 4, y + 4, label, size=10, font_weight="bold"),
    ]


def legend(frame: Frame, entries: list[str], height: int) -> list[str]:
    """Legend entries (each an SVG fragment 120 px wide drawn at 0,0) along the bottom edge."""
    parts, x, y = [], frame.x0, height - 14
    for entry in entries:
        parts.append(f'<g transform="translate({x:.1f} {y:.1f})">{entry}</g>')
        x += 150
    return parts


def chart_prefix(kind: str, title: str, names: Sequence[str]) -> str:
    digest = hashlib.sha1("|".join([kind, title, *names]).encode()).hexdigest()[:8]
    return f"chart-{digest}"


def labels_of(series: Mapping[str, Points]) -> list[str]:
    """The categories along the x axis, in first-seen order across every series."""
    seen: dict[str, None] = {}
    for points in series.values():
        for label, _value in points:
            seen.setdefault(label, None)
    return list(seen)


def top_of(series: Mapping[str, Points], target: float | None, y_max: float | None) -> float:
    if y_max is not None:
        return y_max
    values = [v for points in series.values() for _, v in points if v is not None]
    return max([*values, target or 0, 1])


def canvas(kind, series, target, y_max, title, y_label, width, height, value_format):
    """What every chart starts with: the x categories, id prefix, frame, title, value axis and
    category labels. Returns (labels, prefix, frame, svg parts so far)."""
    labels = labels_of(series)
    prefix = chart_prefix(kind, title, list(series))
    ticks = nice_ticks(top_of(series, target, y_max))
    frame = Frame(width, height, y_top=ticks[-1], right=TARGET_MARGIN if target is not None else 16)
    parts = start(width, height, title, prefix)
    if kind == "bar":
        parts.append(patterns(prefix))
    parts += value_axis(frame, ticks, y_label, value_format)
    for index, label in enumerate(labels):
        parts.append(text(frame.x_slot(index, len(labels)), frame.y1 + 16, label, anchor="middle"))
    return labels, prefix, frame, parts


def line_chart(
    series: Mapping[str, Points],
    *,
    target: float | None = None,
    title: str,
    y_label: str,
    width: int = 640,
    height: int = 320,
    y_max: float | None = None,
    target_label: str | None = None,
    below_label: str | None = None,
    value_format: str = "{:.0f}",
) -> str:
    """Lines over shared x categories (months); None values leave a gap. With a target, the
    first series' points below it are drawn hollow and the target is a dashed, labelled line.
    Value labels sit above the first, third … series' points and below the others'."""
    labels, _prefix, frame, parts = canvas(
        "line", series, target, y_max, title, y_label, width, height, value_format
    )
    parts += target_line(frame, target, target_label or number(target or 0, value_format))
    entries = []
    for number_, (name, points) in enumerate(series.items()):
        shape, dash = MARKERS[number_ % len(MARKERS)], DASHES[number_ % len(DASHES)]
        values = dict(points)
        xy = [
            (frame.x_slot(i, len(labels)), values.get(label))
            for i, label in enumerate(labels)
            if label in values
        ]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        for run in runs(xy):
            path = " ".join(f"{x:.1f},{frame.y(v):.1f}" for x, v in run)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{INK}" '
                f'stroke-width="2"{dash_attr}/>'
            )
        for x, v in xy:
            if v is None:
                continue
            hollow = target is not None and number_ == 0 and v < target
            parts.append(marker(shape, x, frame.y(v), hollow=hollow))
            offset = -9 if number_ % 2 == 0 else 17
            parts.append(
                text(x, frame.y(v) + offset, number(v, value_format), size=10, anchor="middle")
            )
        entries.append(
            f'<line x1="0" y1="-4" x2="26" y2="-4" stroke="{INK}" stroke-width="2"{dash_attr}/>'
            + marker(shape, 13, -4)
            + text(32, 0, name, size=11)
        )
    if target is not None and below_label:
        entries.append(marker(MARKERS[0], 6, -4, hollow=True) + text(16, 0, below_label, size=11))
    parts += legend(frame, entries, height)
    parts.append("</svg>")
    return "".join(parts)


def runs(xy: list[tuple[float, float | None]]) -> list[list[tuple[float, float]]]:
    """Consecutive points with values: a None breaks the line."""
    out: list[list[tuple[float, float]]] = [[]]
    for x, v in xy:
        if v is None:
            out.append([])
        else:
            out[-1].append((x, v))
    return [run for run in out if len(run) > 1]


def bar_chart(
    series: Mapping[str, Points],
    *,
    target: float | None = None,
    title: str,
    y_label: str,
    width: int = 640,
    height: int = 320,
    y_max: float | None = None,
    target_label: str | None = None,
    value_format: str = "{:.0f}",
) -> str:
    """Grouped vertical bars, one hatch per series, each bar labelled with its value."""
    labels, prefix, frame, parts = canvas(
        "bar", series, target, y_max, title, y_label, width, height, value_format
    )
    slot = (frame.x1 - frame.x0) / max(len(labels), 1)
    bar = min(slot * 0.8 / max(len(series), 1), 48)
    entries = []
    for number_, (name, points) in enumerate(series.items()):
        kind = FILLS[number_ % len(FILLS)]
        values = dict(points)
        for index, label in enumerate(labels):
            value = values.get(label)
            if value is None:
                continue
            centre = frame.x_slot(index, len(labels))
            x = centre - bar * len(series) / 2 + bar * number_
            y = frame.y(value)
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" height="{frame.y1 - y:.1f}" '
                f'{fill(kind, prefix)} stroke="{INK}" stroke-width="1"/>'
            )
            parts.append(
                text(
                    x + (bar - 2) / 2, y - 4, number(value, value_format), size=10, anchor="middle"
                )
            )
        entries.append(
            f'<rect x="0" y="-11" width="22" height="12" {fill(kind, prefix)} stroke="{INK}"/>'
            + text(28, 0, name, size=11)
        )
    parts += target_line(frame, target, target_label or number(target or 0, value_format))
    parts += legend(frame, entries, height)
    parts.append("</svg>")
    return "".join(parts)
