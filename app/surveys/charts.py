"""The satisfaction trend chart (pages and the monthly PDF report use the same SVG)."""

from datetime import date

from flask_babel import gettext as _

from app.web.charts import bar_chart, line_chart


def trend_svg(months: list[tuple[date, object]], *, target: int, width=640, height=320) -> str:
    """Satisfaction and response rate by month against the S7 target line (e.g. 85 %)."""
    labels = [month.strftime("%Y-%m") for month, _scores in months]
    return line_chart(
        {
            _("Satisfaction %"): [
                (label, s.satisfaction_percent)
                for label, (_m, s) in zip(labels, months, strict=True)
            ],
            _("Response rate %"): [
                (label, s.response_rate) for label, (_m, s) in zip(labels, months, strict=True)
            ],
        },
        target=target,
        target_label=_("Target %(target)d %%", target=target),
        below_label=_("hollow: below target"),
        title=_("Satisfaction by month"),
        y_label="%",
        y_max=100,
        width=width,
        height=height,
    )


def ratings_svg(counts: dict[int, int], *, title: str, width=420, height=240) -> str:
    """How many gave each overall rating 1–5."""
    return bar_chart(
        {_("Answers"): [(str(rating), counts.get(rating, 0)) for rating in range(1, 6)]},
        title=title,
        y_label=_("Answers"),
        width=width,
        height=height,
    )
