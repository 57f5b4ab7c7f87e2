"""The report's SVG charts name their font on every text; both editions have every wording."""

import re
from datetime import date, timedelta

from app.reports import charts
from app.reports.texts import LABELS, TEXTS, label, text


def texts_without_font(svg: str) -> list[str]:
    return [t for t in re.findall(r"<text[^>]*>", svg) if 'font-family="Noto Sans CJK SC' not in t]


def test_horizontal_bars():
    svg = charts.hbar_chart(
        [("硬件", 4), ("Remote-to-onsite rule (S6) · Hardware", 2), ("P2", None)],
        title="按服务目录分类",
        x_max=100,
        value_format="{:.1f}%",
    )
    assert svg.startswith("<svg") and texts_without_font(svg) == []
    assert "4.0%" in svg and "—" in svg  # a row without a value says so
    assert "Remote-to-onsite rule (S6) · …" not in svg and "…" in svg  # long names are cut


def test_day_columns_shade_days_off():
    first = date(2026, 10, 1)
    days = [(first + timedelta(days=n), n % 3) for n in range(31)]
    svg = charts.day_columns(days, title="按日", y_label="工单数", days_off={first})
    assert texts_without_font(svg) == []
    assert svg.count('fill="#e6e6e6"') == 1
    assert ">31<" in svg


def test_shorten_counts_cjk_double():
    assert charts.shorten("网络打印机", 16) == "网络打印机"
    assert charts.shorten("一" * 20, 16) == "一" * 15 + "…"
    assert charts.shorten("a" * 40, 16) == "a" * 31 + "…"


def test_every_wording_in_both_languages():
    for key, (zh, en) in TEXTS.items():
        assert zh and en, key
        assert set(re.findall(r"{\w+}", zh)) == set(re.findall(r"{\w+}", en)), key
    for kind, pairs in LABELS.items():
        for code, (zh, en) in pairs.items():
            assert zh and en, (kind, code)
    assert text("page", "zh", page=1, pages=2) == "第 1 页，共 2 页"
    assert label("channel", "walk_in", "en") == "Walk-in"
    assert label("channel", "fax", "zh") == "fax"
