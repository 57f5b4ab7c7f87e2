"""Settlement writes (S21): store the computed draft, adjust, send, confirm or dispute.
Services take actor, now and contract, flush only; the request's end commits."""

from datetime import date, datetime

import sqlalchemy as sa

from app.audit.services import record
from app.extensions import db
from app.settlements import compute, notify, rules
from app.settlements.models import SettlementEvent, SettlementLine, SettlementSheet, to_fen
from app.web.i18n import SHANGHAI

NOTE_LIMIT = 2000


class SettlementError(ValueError):
    """Input the sheet cannot take: `code` names the reason (worded in labels), `status` the
    HTTP answer (409 for the sheet's state, 422 for the input), `fields` the culprits."""

    def __init__(self, code: str, status: int = 422, fields: dict[str, str] | None = None):
        super().__init__(code)
        self.code = code
        self.status = status
        self.fields = fields or {}


def get_sheet(month: str) -> SettlementSheet | None:
    return db.session.scalar(sa.select(SettlementSheet).where(SettlementSheet.month == month))


def local_today(now: datetime) -> date:
    return now.astimezone(SHANGHAI).date()


def check_month(year: int, month: int, now: datetime) -> None:
    """A sheet exists for months that have begun; a future month has no record yet."""
    if date(year, month, 1) > local_today(now):
        raise SettlementError("future_month", 422)


def line_row(line: rules.Line, position: int, actor=None, refers_to: str = "") -> SettlementLine:
    return SettlementLine(
        position=position,
        item=line.item,
        adjustment=line.adjustment,
        note=dict(line.note),
        quantity_e4=int(line.quantity * 10000),
        unit_price_fen=to_fen(line.unit_price),
        total_fen=to_fen(line.total),
        sources=[dict(source) for source in line.sources],
        refers_to=refers_to,
        created_by_id=getattr(actor, "id", None),
    )


def preview(year: int, month: int, contract) -> SettlementSheet:
    """The sheet as computed now, not stored (an unsaved draft: never added to the session)."""
    sheet = SettlementSheet(month=rules.month_key(year, month), status=rules.DRAFT)
    sheet.lines = [
        line_row(line, i) for i, line in enumerate(compute.compute(year, month, contract))
    ]
    sheet.total_fen = sum(row.total_fen for row in sheet.lines)
    return sheet


def event(sheet, code: str, actor, now: datetime, note: str = "", **params) -> None:
    sheet.events.append(
        SettlementEvent(
            at=now, actor_id=getattr(actor, "id", None), code=code, note=note, params=params
        )
    )


def retotal(sheet: SettlementSheet) -> None:
    for position, row in enumerate(sheet.lines):
        row.position = position
    sheet.total_fen = sum(row.total_fen for row in sheet.lines)


def store_draft(year: int, month: int, *, contract, now: datetime, actor=None) -> SettlementSheet:
    """S21 day X: the month's fees computed from the service record into a stored draft."""
    check_month(year, month, now)
    sheet = SettlementSheet(month=rules.month_key(year, month), status=rules.DRAFT, computed_at=now)
    lines = compute.compute(year, month, contract)
    sheet.lines = [line_row(line, i) for i, line in enumerate(lines)]
    retotal(sheet)
    event(sheet, "computed", actor, now, total=str(sheet.total))
    db.session.add(sheet)
    db.session.flush()
    record(
        actor,
        "settlement.compute",
        sheet,
        {"month": sheet.month, "total": str(sheet.total)},
        now=now,
    )
    return sheet


def stored(year: int, month: int, *, contract, now: datetime, actor=None) -> SettlementSheet:
    """The month's stored sheet, stored first as computed if there is none yet."""
    return get_sheet(rules.month_key(year, month)) or store_draft(
        year, month, contract=contract, now=now, actor=actor
    )


def require_editable(sheet: SettlementSheet) -> None:
    if rules.is_locked(sheet.status):
        raise SettlementError("locked", 409)
    if sheet.status not in rules.EDITABLE:
        raise SettlementError("awaiting_client", 409)


def recompute(sheet: SettlementSheet, *, contract, actor, now: datetime) -> None:
    """Computed lines from the record again; the manager's adjustments stay as they are."""
    require_editable(sheet)
    year, month = rules.parse_month(sheet.month)
    before = sheet.total
    adjustments = [row for row in sheet.lines if row.adjustment]
    fresh = [line_row(line, 0) for line in compute.compute(year, month, contract)]
    sheet.lines = fresh + adjustments
    sheet.computed_at = now
    retotal(sheet)
    event(sheet, "recomputed", actor, now, before=str(before), total=str(sheet.total))
    db.session.flush()
    record(
        actor, "settlement.recompute", sheet, {"total": [str(before), str(sheet.total)]}, now=now
    )


def clean_note(note, field_name: str = "note", required: bool = True) -> str:
    if not isinstance(note, str):
        raise SettlementError("note_required", 422, {field_name: "note_required"})
    if "\x00" in note:
        raise SettlementError("bad_characters", 422, {field_name: "bad_characters"})
    note = note.strip()
    if required and not note:
        raise SettlementError("note_required", 422, {field_name: "note_required"})
    if len(note) > NOTE_LIMIT:
        raise SettlementError("note_too_long", 422, {field_name: "note_too_long"})
    return note


def parse_adjustment(item, note, quantity, unit_price, refers_to="") -> tuple:
    """The adjustment's input as exact values, or SettlementError naming every bad field."""
    fields = {}
    if item not in rules.ITEMS:
        fields["item"] = "item"
    try:
        note = clean_note(note)
    except SettlementError as error:
        fields.update(error.fields)
    amounts = {}
    for name, value, places, negative in (
        ("quantity", quantity, 4, False),
        ("unit_price", unit_price, 2, True),  # a credit is a negative unit price
    ):
        try:
            amounts[name] = rules.parse_amount(value, name, places=places, allow_negative=negative)
        except rules.AmountError as error:
            fields[name] = error.code
    if refers_to and (not isinstance(refers_to, str) or rules.parse_month(refers_to) is None):
        fields["refers_to"] = "month"
    if fields:
        raise SettlementError("invalid", 422, fields)
    return item, note, amounts["quantity"], amounts["unit_price"], refers_to or ""


def add_adjustment(sheet, item, note, quantity, unit_price, refers_to="", *, actor, now):
    """A separate, explained line (never an edit of a computed one); a correction of a locked
    month refers back to it."""
    require_editable(sheet)
    item, note, quantity, unit_price, refers_to = parse_adjustment(
        item, note, quantity, unit_price, refers_to
    )
    if refers_to and (refers_to >= sheet.month or not _is_locked_month(refers_to)):
        raise SettlementError("refers_to", 422, {"refers_to": "refers_to"})
    line = rules.Line(item, quantity, unit_price, {"code": "adjustment", "text": note}, (), True)
    row = line_row(line, len(sheet.lines), actor, refers_to)
    sheet.lines.append(row)
    retotal(sheet)
    event(sheet, "adjusted", actor, now, item=item, total=str(line.total), refers_to=refers_to)
    db.session.flush()
    details = {"item": item, "quantity": str(quantity), "unit_price": str(unit_price)}
    record(actor, "settlement.adjust", sheet, details, now=now)
    return row


def _is_locked_month(month: str) -> bool:
    earlier = get_sheet(month)
    return earlier is not None and rules.is_locked(earlier.status)


def move(sheet: SettlementSheet, action: str) -> None:
    try:
        sheet.status = rules.next_status(sheet.status, action)
    except rules.SettlementFlowError:
        raise SettlementError("locked" if rules.is_locked(sheet.status) else "state", 409) from None


def send(sheet: SettlementSheet, *, contract, actor, now: datetime) -> None:
    """S21 day Y: mail the sheet (PDF and Excel attached, a signed link) to the client's lead."""
    year, month = rules.parse_month(sheet.month)
    if rules.month_bounds(year, month)[1] >= local_today(now):
        raise SettlementError("month_open", 409)
    lead = contract.client_project_lead
    if lead is None or not lead.email:
        raise SettlementError("no_lead", 409)
    move(sheet, "send")
    sheet.sent_at, sheet.sent_to = now, lead.email
    sheet.sent_count += 1
    sheet.answered_at, sheet.answered_by_id, sheet.dispute_note = None, None, ""
    event(sheet, "sent", actor, now, to=lead.email, total=str(sheet.total))
    db.session.flush()
    notify.sheet_sent(sheet, lead, contract)
    record(actor, "settlement.send", sheet, {"to": lead.email, "total": str(sheet.total)}, now=now)


def answer(sheet: SettlementSheet, action: str, note, *, contract, actor, now: datetime) -> None:
    """S21 day Z: the client's project lead confirms (locking the month) or disputes."""
    note = clean_note(note if note is not None else "", required=action == "dispute")
    move(sheet, action)
    sheet.answered_at, sheet.answered_by_id = now, getattr(actor, "id", None)
    sheet.dispute_note = note if action == "dispute" else ""
    code = "confirmed" if action == "confirm" else "disputed"
    event(sheet, code, actor, now, note=note, total=str(sheet.total))
    db.session.flush()
    notify.sheet_answered(sheet, contract)
    record(actor, f"settlement.{action}", sheet, {"note": note[:200]}, now=now)


def remind(month: str, step: str, *, contract, now: datetime) -> int:
    """Mail the manager about a late step once (per sending, for the client's answer)."""
    sheet = get_sheet(month)
    if sheet is None:
        return 0
    code = f"reminder_{step}"
    if any(e.code == code and e.params.get("sent") == sheet.sent_count for e in sheet.events):
        return 0
    if not notify.step_overdue(month, step, contract):
        return 0
    event(sheet, code, None, now, sent=sheet.sent_count)
    db.session.flush()
    return 1


def guard_locked(session, flush_context, instances) -> None:
    """S21: a confirmed month's numbers never change, whatever code path tries (before_flush)."""
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, SettlementLine) and obj.sheet is not None:
            sheet = obj.sheet
        elif isinstance(obj, SettlementSheet):
            sheet = obj
            total = sa.inspect(obj).attrs.total_fen.history
            status = sa.inspect(obj).attrs.status.history
            if not (total.has_changes() and not status.has_changes()):
                continue
        else:
            continue
        if rules.is_locked(sheet.status) and not sa.inspect(sheet).attrs.status.history.added:
            raise SettlementError("locked", 409)
