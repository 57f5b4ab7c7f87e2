"""October 2026's sheet against a hand-computed one: staffing prorated across the National Day
week and its adjusted Saturday, replacements, an out-of-warranty RMA with the handling fee."""

from datetime import UTC, date, datetime
from decimal import Decimal

from app.contracts.services import get_contract
from app.extensions import db
from app.settlements import services
from tests.settlements.helpers import NOVEMBER_4, name_lead, prices, replacement, rma, staff

OCT_15 = datetime(2026, 10, 15, 6, 0, tzinfo=UTC)


def october_record():
    prices()
    staff("王工", starts_on=date(2026, 3, 1))
    staff("赵工", starts_on=date(2026, 10, 12))  # joins after the holiday week: 15 of 18 days
    staff("孙敏", "desk_staff", starts_on=date(2026, 1, 1))
    staff("周丽", "desk_staff", starts_on=date(2026, 1, 1), ends_on=date(2026, 10, 9))  # 2 of 18
    staff("吴刚", "desk_staff", starts_on=date(2026, 11, 2))  # next month only
    replacement(OCT_15)
    replacement(datetime(2026, 10, 31, 15, 30, tzinfo=UTC))  # 31 Oct 23:30 in Shanghai
    replacement(datetime(2026, 10, 31, 16, 30, tzinfo=UTC))  # already 1 November there
    replacement(OCT_15, status="installed")  # not signed off: not billed
    rma("1234.50", date(2026, 10, 20))
    rma("800.00", date(2026, 10, 21), tag="LT-0102", paid_by_client=False, number="RMA-779")
    rma("99.00", date(2026, 9, 30), tag="LT-0103", number="RMA-700")  # September's
    name_lead()


def amounts(sheet):
    return [(line.item, line.quantity, line.unit_price, line.total) for line in sheet.lines]


def test_october_computed_as_by_hand(ctx, users, november):
    october_record()
    sheet = services.store_draft(2026, 10, contract=get_contract(), now=NOVEMBER_4)
    assert amounts(sheet) == [
        ("resident_engineer", Decimal("1.8333"), Decimal("20000.00"), Decimal("36666.00")),
        ("desk_staff", Decimal("1.1111"), Decimal("12000.00"), Decimal("13333.20")),
        ("replacement", Decimal("2"), Decimal("150.00"), Decimal("300.00")),
        # cost 1,234.50 + 10 % handling fee 123.45
        ("oow_replacement", Decimal("1"), Decimal("1357.95"), Decimal("1357.95")),
    ]
    assert sheet.total == Decimal("51657.15")
    engineers = sheet.lines[0]
    assert [p["days"] for p in engineers.note["people"]] == [18, 15]
    assert [s["label"] for s in engineers.sources] == ["王工", "赵工"]
    assert [s["kind"] for s in sheet.lines[3].sources] == ["rma"]
    assert len(sheet.lines[2].sources) == 2

    services.add_adjustment(
        sheet,
        "other",
        "加班支持，客户确认单 CF-2026-118",
        "2",
        "350.00",
        actor=None,
        now=NOVEMBER_4,
    )
    assert sheet.total == Decimal("52357.15")
    assert [e.code for e in sheet.events] == ["computed", "adjusted"]


def test_fixed_handling_fee_and_a_month_without_prices(ctx, users, november):
    prices(fee_kind="fixed", fee="50.00")
    rma("1234.50", date(2026, 10, 20))
    sheet = services.preview(2026, 10, get_contract())
    assert sheet.lines[-1].unit_price == Decimal("1284.50") and sheet.id is None
    empty = services.preview(2025, 12, get_contract())  # before the first price list
    assert empty.total == Decimal("0.00") and len(empty.lines) == 4


def test_recompute_keeps_adjustments_and_a_confirmed_month_stays_as_it_was(ctx, users, november):
    october_record()
    contract = get_contract()
    sheet = services.store_draft(2026, 10, contract=contract, now=NOVEMBER_4)
    services.add_adjustment(sheet, "other", "CF-1", "1", "100.00", actor=None, now=NOVEMBER_4)
    staff("钱工", starts_on=date(2026, 10, 1))
    services.recompute(sheet, contract=contract, actor=None, now=NOVEMBER_4)
    assert sheet.lines[0].quantity == Decimal("2.8333") and sheet.lines[-1].adjustment
    assert sheet.total == Decimal("51657.15") + Decimal("20000.00") + Decimal("100.00")
    services.send(sheet, contract=contract, actor=None, now=NOVEMBER_4)
    services.answer(sheet, "confirm", "", contract=contract, actor=None, now=NOVEMBER_4)
    db.session.commit()
    locked_total = sheet.total
    staff("李工", starts_on=date(2026, 10, 1))  # the record changes afterwards
    for attempt in (
        lambda: services.recompute(sheet, contract=contract, actor=None, now=NOVEMBER_4),
        lambda: services.add_adjustment(sheet, "other", "x", "1", "1", actor=None, now=NOVEMBER_4),
        lambda: services.send(sheet, contract=contract, actor=None, now=NOVEMBER_4),
    ):
        try:
            attempt()
        except services.SettlementError as refused:
            assert (refused.code, refused.status) == ("locked", 409)
        else:
            raise AssertionError("a locked sheet changed")
    assert services.get_sheet("2026-10").total == locked_total


def test_no_code_path_changes_a_confirmed_month(ctx, users, november):
    import pytest

    october_record()
    contract = get_contract()
    sheet = services.store_draft(2026, 10, contract=contract, now=NOVEMBER_4)
    services.send(sheet, contract=contract, actor=None, now=NOVEMBER_4)
    services.answer(sheet, "confirm", "", contract=contract, actor=None, now=NOVEMBER_4)
    db.session.commit()
    sheet.lines[0].unit_price_fen = 1  # a write that skips the services
    with pytest.raises(services.SettlementError):
        db.session.flush()
    db.session.rollback()
    sheet = services.get_sheet("2026-10")
    sheet.total_fen = 1
    with pytest.raises(services.SettlementError):
        db.session.flush()
    db.session.rollback()
    assert services.get_sheet("2026-10").total == Decimal("51657.15")
