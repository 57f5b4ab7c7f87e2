"""S21 settlement arithmetic, pure: money in exact decimals, proration by working days, the
sheet's sum, Chinese capital numerals (大写) and the status machine. No Flask, no database."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
QUANTITY_STEP = Decimal("0.0001")  # a prorated person-month keeps four decimals
MAX_QUANTITY = Decimal("100000")
MAX_UNIT_PRICE = Decimal("100000000")  # a hundred million yuan per unit
MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

# the S21 items, in the sheet's order
ITEMS = ("resident_engineer", "desk_staff", "replacement", "oow_replacement", "other")
POSITIONS = ("resident_engineer", "desk_staff")

DRAFT, SENT, DISPUTED, CONFIRMED = "draft", "sent", "disputed", "confirmed"
TRANSITIONS = {
    (DRAFT, "send"): SENT,
    (DISPUTED, "send"): SENT,
    (SENT, "confirm"): CONFIRMED,
    (SENT, "dispute"): DISPUTED,
}
EDITABLE = frozenset({DRAFT, DISPUTED})  # adjustments and recomputing
LOCKED = frozenset({CONFIRMED})


class SettlementFlowError(ValueError):
    """An action the sheet's status does not allow (answered 409)."""


class AmountError(ValueError):
    """A quantity or price that is not an exact, sensible amount: `code` says why (number,
    decimals, negative, too_large), `field` names the input."""

    def __init__(self, code: str, field_name: str):
        super().__init__(f"{field_name}: {code}")
        self.code = code
        self.field = field_name


def next_status(status: str, action: str) -> str:
    """draft → sent → disputed | confirmed; a disputed sheet is sent again; confirmed locks."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise SettlementFlowError(f"cannot {action} a {status} sheet") from None


def is_locked(status: str) -> bool:
    return status in LOCKED


def parse_month(text: str) -> tuple[int, int] | None:
    """(year, month) of "YYYY-MM" (years 2000–2099), else None."""
    match = MONTH_RE.match(text or "")
    if match is None or not 2000 <= int(match.group(1)) <= 2099:
        return None
    return int(match.group(1)), int(match.group(2))


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """First and last date of a month."""
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def parse_amount(value, field_name: str, *, places: int, allow_negative: bool = False) -> Decimal:
    """An exact decimal with at most `places` decimals, within the sheet's bounds; a JSON
    number is read from its shortest text, so 0.1 stays 0.1."""
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise AmountError("number", field_name)
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise AmountError("number", field_name) from None
    if not amount.is_finite():
        raise AmountError("number", field_name)
    limit = MAX_QUANTITY if places == 4 else MAX_UNIT_PRICE
    if amount.copy_abs() > limit:
        raise AmountError("too_large", field_name)
    step = Decimal(1).scaleb(-places)
    if amount != amount.quantize(step):
        raise AmountError("decimals", field_name)
    if amount < 0 and not allow_negative:
        raise AmountError("negative", field_name)
    return amount.quantize(step)


def line_total(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """quantity × unit price, rounded half up to the fen (the Excel sheet's ROUND(C*D, 2))."""
    return (quantity * unit_price).quantize(CENT, rounding=ROUND_HALF_UP)


def sheet_total(totals: Iterable[Decimal]) -> Decimal:
    return sum(totals, Decimal("0.00")).quantize(CENT)


def handling_fee(cost: Decimal, kind: str, value: Decimal) -> Decimal:
    """S1/S21: out-of-warranty replacement at cost plus a handling fee, percent or fixed."""
    if kind == "percent":
        return (cost * value / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return value.quantize(CENT)


def prorated_share(
    working_days: Iterable[date], starts_on: date, ends_on: date | None
) -> tuple[Decimal, int, int]:
    """(share of the month, days served, working days of the month): a person serving part of
    the month counts the month's working days they served (holidays and 调休 as the calendar
    says), rounded half up to four decimals; never more than one month."""
    days = sorted(set(working_days))
    served = [d for d in days if d >= starts_on and (ends_on is None or d <= ends_on)]
    if not days:
        return Decimal("0.0000"), 0, 0
    share = (Decimal(len(served)) / Decimal(len(days))).quantize(
        QUANTITY_STEP, rounding=ROUND_HALF_UP
    )
    return min(share, Decimal(1)), len(served), len(days)


@dataclass(frozen=True)
class Line:
    """One row of the sheet: item code, note (code and parameters), amounts, sources."""

    item: str
    quantity: Decimal
    unit_price: Decimal
    note: dict = field(default_factory=dict)
    sources: tuple = ()
    adjustment: bool = False

    @property
    def total(self) -> Decimal:
        return line_total(self.quantity, self.unit_price)


DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("", "拾", "佰", "仟")
GROUPS = ("", "万", "亿", "万亿")


def _upper_integer(number: int) -> str:
    text, out, zero = str(number), [], False
    for index, char in enumerate(text):
        position = len(text) - 1 - index
        digit = int(char)
        if digit == 0:
            zero = True
        else:
            if zero:
                out.append("零")
                zero = False
            out.append(DIGITS[digit] + PLACES[position % 4])
        if position % 4 == 0 and position:
            group = text[max(0, index - 3) : index + 1]
            if int(group):
                out.append(GROUPS[position // 4])
    return "".join(out)


def rmb_upper(amount: Decimal) -> str:
    """An amount in Chinese capital numerals as invoices write it: 100005.07 →
    壹拾万零伍元零柒分, 10 → 壹拾元整, 0.50 → 伍角."""
    amount = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    if abs(amount) >= Decimal(10) ** 16:
        raise ValueError("amount too large for capital numerals")
    sign = "负" if amount < 0 else ""
    fen_total = int(abs(amount) * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    if fen_total == 0:
        return "零元整"
    out = _upper_integer(yuan) + "元" if yuan else ""
    if jiao == 0 and fen == 0:
        return sign + out + "整"
    if jiao:
        out += DIGITS[jiao] + "角"
    elif yuan:
        out += "零"
    if fen:
        out += DIGITS[fen] + "分"
    return sign + out


def money(amount: Decimal) -> str:
    """RMB with two decimals and thousands separators: 100,005.07."""
    return f"{Decimal(amount).quantize(CENT):,.2f}"


def quantity_text(quantity: Decimal) -> str:
    """A quantity without needless zeros: 1, 0.8333, 2.5."""
    text = f"{quantity.quantize(QUANTITY_STEP):f}".rstrip("0").rstrip(".")
    return text or "0"


def due_date(year: int, month: int, day: int) -> date:
    """Day `day` of the month after the sheet's month (the S21 X, Y, Z), kept inside it."""
    following = (year + month // 12, month % 12 + 1)
    last = month_bounds(*following)[1].day
    return date(following[0], following[1], max(1, min(day, last)))


def overdue_steps(status: str | None, today: date, send_by: date, confirm_by: date) -> list[str]:
    """The S21 steps late on `today`: sending after day Y, the client's answer after day Z."""
    late = []
    if status in (None, DRAFT, DISPUTED) and today > send_by:
        late.append("send")
    if status == SENT and today > confirm_by:
        late.append("confirm")
    return late
