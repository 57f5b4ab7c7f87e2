"""The shared SVG charts: well-formed, CJK font on every text, readable without colour."""

import xml.etree.ElementTree as ET

import pytest

from app.web import charts

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = {
    "满意度 %": [("2026-09", 90.0), ("2026-10", 78.5), ("2026-11", None), ("2026-12", 88.0)],
    "Response rate %": [("2026-09", 60.0), ("2026-10", 55.0), ("2026-11", 70.0)],
}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root):
    return [t for t in root.iter(f"{SVG}text")]


def test_line_chart_with_target_is_well_formed_and_labelled():
    svg = charts.line_chart(
        MONTHS,
        target=85,
        target_label="目标 85 %",
        below_label="hollow: below target",
        title="Satisfaction <by> month",
        y_label="%",
        y_max=100,
    )
    root = parse(svg)
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == "Satisfaction <by> month"
    for text in texts(root):
        assert text.get("font-family") == "Noto Sans CJK SC, sans-serif"
    words = [t.text for t in texts(root)]
    assert "目标 85 %" in words and "满意度 %" in words
    assert {"2026-09", "2026-10", "2026-11", "2026-12"} <= set(words)
    assert "78" in words or "79" in words  # values are written next to the points
    target = root.find(f".//{SVG}line[@class='target']")
    assert target.get("stroke-dasharray")  # dashed: no colour needed to tell it apart
    assert float(target.get("y1")) == pytest.approx(charts.Frame(640, 320).y(85))


def test_points_below_target_are_hollow_and_series_differ_in_shape_and_dash():
    svg = charts.line_chart(MONTHS, target=85, title="t", y_label="%", y_max=100)
    root = parse(svg)
    circles = root.findall(f".//{SVG}circle")
    fills = {c.get("fill") for c in circles}
    assert fills == {"#fff", charts.INK}  # 78.5 below target is hollow, 90 is filled
    assert root.findall(f".//{SVG}rect[@stroke]")  # the second series uses squares
    dashes = {p.get("stroke-dasharray") for p in root.findall(f".//{SVG}polyline")}
    assert None in dashes and "7 4" in dashes


def test_a_missing_value_breaks_the_line():
    root = parse(charts.line_chart(MONTHS, title="t", y_label="%", y_max=100))
    first_series = root.findall(f".//{SVG}polyline")[0]
    # 2026-09 → 2026-10 is drawn; 2026-11 is missing so 2026-12 stands alone (no segment)
    assert len(first_series.get("points").split()) == 2


def test_bar_chart_uses_hatch_patterns_and_values():
    svg = charts.bar_chart(
        {"A": [("1", 2), ("2", 0), ("5", 7)], "B": [("1", 1), ("5", 3)]},
        title="Ratings",
        y_label="n",
        target=5,
    )
    root = parse(svg)
    ids = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    assert any(i.endswith("-hatch") for i in ids)
    fills = {r.get("fill") for r in root.iter(f"{SVG}rect")}
    assert any(f and f.startswith("url(#") for f in fills)
    assert {"7", "3"} <= {t.text for t in texts(root)}
    for text in texts(root):
        assert text.get("font-family") == "Noto Sans CJK SC, sans-serif"


def test_empty_series_still_draw_a_frame():
    root = parse(charts.line_chart({"x": []}, title="Nothing yet", y_label="%"))
    assert root.find(f"{SVG}title").text == "Nothing yet"


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (100, [0, 20, 40, 60, 80, 100]),
        (7, [0, 2, 4, 6, 8]),
        (0, [0, 1]),
        (1, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
    ],
)
def test_nice_ticks(top, ticks):
    assert charts.nice_ticks(top) == pytest.approx(ticks)
