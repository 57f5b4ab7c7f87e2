"""Demo data (S21): a price list, a staffing plan with an engineer joining mid-month, three
past months — one disputed, corrected and confirmed — and this month's draft."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from app.accounts.roles import AGENT, ENGINEER
from app.contracts.services import get_contract
from app.extensions import utcnow
from app.settlements import compute, plan, rules, services
from app.web.i18n import SHANGHAI


def local(day: date, hour: int, now: datetime) -> datetime:
    """10:00-ish on `day` in Shanghai as UTC, never later than an hour ago."""
    when = datetime.combine(day, time(hour), SHANGHAI).astimezone(UTC)
    return min(when, now - timedelta(hours=1))


def months_back(today: date, count: int) -> tuple[int, int]:
    year, month = today.year, today.month
    for _ in range(count):
        year, month = rules.previous_month(year, month)
    return year, month


def seed_plan(people, today: date, now: datetime) -> None:
    start = date(*months_back(today, 12), 1)
    plan.add_price_list(
        {
            "valid_from": start,
            "valid_to": None,
            "resident_engineer": "18500.00",
            "desk_staff": "11800.00",
            "replacement": "180.00",
            "handling_fee_kind": "percent",
            "handling_fee_value": "8.00",
        },
        actor=None,
        now=now,
    )
    engineers = [p for p in people if p.role == ENGINEER][:3]
    agents = [p for p in people if p.role == AGENT][:2]
    joined = date(*months_back(today, 1), 12)  # last month, mid-month
    for n, person in enumerate(engineers):
        starts_on = joined if n == 2 else start
        add(person.name, "resident_engineer", starts_on, now)
    for person in agents:
        add(person.name, "desk_staff", start, now)


def add(name: str, position: str, starts_on: date, now: datetime) -> None:
    values = {"position": position, "person_name": name, "starts_on": starts_on, "ends_on": None}
    plan.add_assignment(values, actor=None, now=now)


def dispute_and_correct(sheet, year, month, contract, manager, lead, send_day, now) -> None:
    """The lead disputes: an engineer was on leave four working days; the manager deducts
    them with an explained line and sends the sheet again."""
    first, last = rules.month_bounds(year, month)
    days = len(compute.working_days(compute.calendar_of(contract), first, last))
    name = sheet.lines[0].note["people"][-1]["name"] if sheet.lines[0].note["people"] else "—"
    services.answer(
        sheet,
        "dispute",
        f"{name} 本月请假 4 个工作日，请按实际出勤扣减。",
        contract=contract,
        actor=lead,
        now=local(send_day + timedelta(days=1), 14, now),
    )
    share = (Decimal(4) / Decimal(days)).quantize(rules.QUANTITY_STEP, rules.ROUND_HALF_UP)
    services.add_adjustment(
        sheet,
        "resident_engineer",
        f"{name} 请假 4 个工作日（共 {days} 个工作日），按客户邮件扣减",
        str(share),
        "-18500.00",
        actor=manager,
        now=local(send_day + timedelta(days=2), 9, now),
    )
    again = local(send_day + timedelta(days=2), 10, now)
    services.send(sheet, contract=contract, actor=manager, now=again)


def seed_settlements(people, **_context) -> None:
    now, contract = utcnow(), get_contract()
    today = services.local_today(now)
    manager, lead = contract.vendor_project_manager, contract.client_project_lead
    seed_plan(people, today, now)
    for back in (3, 2, 1):
        year, month = months_back(today, back)
        x, y, z = (
            rules.due_date(year, month, day)
            for day in (
                contract.settlement_compute_day,
                contract.settlement_send_day,
                contract.settlement_confirm_day,
            )
        )
        sheet = services.store_draft(year, month, contract=contract, now=local(x, 7, now))
        if back == 1 and manager is not None:
            note = "周末系统迁移加班 2 人天，客户确认单 CF-" + sheet.month.replace("-", "")
            services.add_adjustment(
                sheet, "other", note, "2", "900.00", actor=manager, now=local(x, 9, now)
            )
        if lead is None:
            continue
        services.send(sheet, contract=contract, actor=manager, now=local(y, 10, now))
        if back == 2:
            dispute_and_correct(sheet, year, month, contract, manager, lead, y, now)
        if back > 1:
            services.answer(
                sheet, "confirm", "", contract=contract, actor=lead, now=local(z, 16, now)
            )
    year, month = today.year, today.month
    services.store_draft(year, month, contract=contract, now=now)
