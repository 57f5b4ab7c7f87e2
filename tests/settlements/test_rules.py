"""S21 arithmetic, pure: proration on the office calendar, line sums, 大写, the status machine."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.clocks.calendar import WorkCalendar
from app.settlements import rules

OFFICE = WorkCalendar("office")


def working_days(year, month):
    first, last = rules.month_bounds(year, month)
    return [d.date for d in OFFICE.iter_days(first, last) if d.hours]


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0.50", "伍角"),
        ("10.00", "壹拾元整"),
        ("100005.07", "壹拾万零伍元零柒分"),
        ("1000000.00", "壹佰万元整"),
        ("20030.40", "贰万零叁拾元肆角"),
        ("0.00", "零元整"),
        ("0.07", "柒分"),
        ("1.10", "壹元壹角"),
        ("101.01", "壹佰零壹元零壹分"),
        ("1100000.00", "壹佰壹拾万元整"),
        ("100010000.00", "壹亿零壹万元整"),
        ("52357.15", "伍万贰仟叁佰伍拾柒元壹角伍分"),
        ("-3.50", "负叁元伍角"),
    ],
)
def test_capital_numerals_as_invoices_write_them(amount, words):
    assert rules.rmb_upper(Decimal(amount)) == words


def test_october_2026_has_eighteen_working_days_with_the_adjusted_saturday():
    days = working_days(2026, 10)
    assert len(days) == 18
    assert date(2026, 10, 10) in days  # 调休 Saturday
    assert not any(date(2026, 10, d) in days for d in range(1, 8))  # National Day week


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "share", "served"),
    [
        (date(2026, 9, 1), None, "1.0000", 18),
        (date(2026, 10, 8), None, "1.0000", 18),  # joining after the holiday week: a full month
        (date(2026, 10, 12), None, "0.8333", 15),  # Oct 8, 9 and the Saturday 10 missed
        (date(2026, 9, 1), date(2026, 10, 9), "0.1111", 2),
        (date(2026, 10, 10), date(2026, 10, 10), "0.0556", 1),
        (date(2026, 11, 1), None, "0.0000", 0),
    ],
)
def test_october_proration_counts_the_calendars_working_days(starts_on, ends_on, share, served):
    assert rules.prorated_share(working_days(2026, 10), starts_on, ends_on) == (
        Decimal(share),
        served,
        18,
    )


def test_february_2026_spring_festival_and_its_adjusted_saturdays():
    days = working_days(2026, 2)
    assert len(days) == 16 and date(2026, 2, 14) in days and date(2026, 2, 28) in days
    # joining on the adjusted Saturday before the festival: 14th, 24th–27th, 28th
    assert rules.prorated_share(days, date(2026, 2, 14), None) == (Decimal("0.3750"), 6, 16)
    assert rules.line_total(Decimal("0.3750"), Decimal("20000.00")) == Decimal("7500.00")


def test_handling_fee_percent_or_fixed():
    assert rules.handling_fee(Decimal("1234.50"), "percent", Decimal("10.00")) == Decimal("123.45")
    assert rules.handling_fee(Decimal("0.05"), "percent", Decimal("10.00")) == Decimal("0.01")
    assert rules.handling_fee(Decimal("1234.50"), "fixed", Decimal("50.00")) == Decimal("50.00")


def test_line_total_rounds_half_up_to_the_fen():
    assert rules.line_total(Decimal("1.1111"), Decimal("12000.00")) == Decimal("13333.20")
    assert rules.line_total(Decimal("0.0005"), Decimal("10.00")) == Decimal("0.01")
    assert rules.line_total(Decimal("3"), Decimal("0.10")) == Decimal("0.30")


@pytest.mark.parametrize(
    ("value", "places", "code"),
    [
        ("-1", 4, "negative"),
        ("12.345", 2, "decimals"),
        ("1e999999999", 2, "too_large"),
        ("100000000.01", 2, "too_large"),
        ("1\x00", 2, "number"),
        ("NaN", 2, "number"),
        ("Infinity", 4, "number"),
        ("", 2, "number"),
        (True, 4, "number"),
        (None, 4, "number"),
        ([1], 4, "number"),
    ],
)
def test_bad_amounts_are_refused_with_a_reason(value, places, code):
    with pytest.raises(rules.AmountError) as refused:
        rules.parse_amount(value, "x", places=places)
    assert refused.value.code == code


def test_amounts_are_exact():
    assert rules.parse_amount(0.1, "q", places=4) == Decimal("0.1000")
    assert rules.parse_amount("350", "p", places=2) == Decimal("350.00")
    assert rules.parse_amount("-20.5", "p", places=2, allow_negative=True) == Decimal("-20.50")


def test_status_machine():
    assert rules.next_status("draft", "send") == "sent"
    assert rules.next_status("sent", "dispute") == "disputed"
    assert rules.next_status("disputed", "send") == "sent"
    assert rules.next_status("sent", "confirm") == "confirmed"
    assert rules.is_locked("confirmed")
    for status, action in [
        ("confirmed", "send"),
        ("confirmed", "confirm"),
        ("confirmed", "dispute"),
        ("draft", "confirm"),
        ("disputed", "confirm"),
        ("sent", "send"),
    ]:
        with pytest.raises(rules.SettlementFlowError):
            rules.next_status(status, action)


def test_due_days_and_overdue_steps():
    assert rules.due_date(2026, 10, 5) == date(2026, 11, 5)
    assert rules.due_date(2026, 12, 31) == date(2027, 1, 31)
    assert rules.due_date(2027, 1, 31) == date(2027, 2, 28)
    send_by, confirm_by = date(2026, 11, 5), date(2026, 11, 10)
    assert rules.overdue_steps("draft", date(2026, 11, 5), send_by, confirm_by) == []
    assert rules.overdue_steps("draft", date(2026, 11, 6), send_by, confirm_by) == ["send"]
    assert rules.overdue_steps("sent", date(2026, 11, 11), send_by, confirm_by) == ["confirm"]
    assert rules.overdue_steps("confirmed", date(2026, 12, 1), send_by, confirm_by) == []


def test_month_keys():
    assert rules.parse_month("2026-10") == (2026, 10)
    assert rules.parse_month("2026-13") is None and rules.parse_month("X-0") is None
    assert rules.parse_month("1999-01") is None
    assert rules.month_bounds(2026, 2) == (date(2026, 2, 1), date(2026, 2, 28))
    assert rules.previous_month(2026, 1) == (2025, 12)


amounts = st.decimals(min_value=-(10**6), max_value=10**8, places=2, allow_nan=False)
quantities = st.decimals(min_value=0, max_value=10**4, places=4, allow_nan=False)


@given(st.lists(st.tuples(quantities, amounts), max_size=20))
def test_the_sheet_total_is_the_sum_of_its_lines(pairs):
    lines = [rules.Line("other", q, p) for q, p in pairs]
    total = rules.sheet_total(line.total for line in lines)
    assert total == sum((line.total for line in lines), Decimal("0.00"))
    assert total == total.quantize(rules.CENT)


@given(
    st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
    st.integers(min_value=-40, max_value=400),
    st.integers(min_value=1, max_value=12),
)
def test_proration_never_exceeds_a_full_month(starts_on, length, month):
    ends_on = starts_on + timedelta(days=length) if length >= 0 else None
    days = working_days(2026, month)
    share, served, of = rules.prorated_share(days, starts_on, ends_on)
    assert Decimal(0) <= share <= Decimal(1) and 0 <= served <= of == len(days)


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_capital_numerals_always_end_right(fen):
    words = rules.rmb_upper(Decimal(fen) / 100)
    assert words.endswith(("整", "角", "分"))
    assert "零零" not in words and not words.startswith("零") or fen == 0
